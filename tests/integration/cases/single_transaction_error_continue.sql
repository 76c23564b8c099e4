-- about: -1 without ON_ERROR_STOP: after an error the rest is ignored (25P02) and the end rolls back
-- args: -X -1 -f {script}
-- after: select count(*) as tables from pg_tables where schemaname = 'public'
create table t(a int);
insert into t values ('x');
insert into t values (2);
select 1 as a;
