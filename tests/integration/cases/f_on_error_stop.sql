-- about: -f with ON_ERROR_STOP=1 stops at the first error and exits 3
-- args: -X -v ON_ERROR_STOP=1 -f {script}
-- after: select count(*) as tables from pg_tables where schemaname = 'public'
create table t(a int);
insert into t values (1);
select * from nosuch;
insert into t values (2);
\echo never printed
