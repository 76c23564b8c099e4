-- about: -1 with ON_ERROR_STOP and an error: everything rolled back, exit 3
-- args: -X -1 -v ON_ERROR_STOP=1 -f {script}
-- after: select count(*) as tables from pg_tables where schemaname = 'public'
create table t(a int);
insert into t values (1);
insert into t values ('x');
insert into t values (2);
