-- about: -q hides command tags and the status messages of meta commands, not results or errors
-- args: -X -q -f {script}
create table t(a int);
insert into t values (1), (2);
\x
\pset border 2
\timing on
\timing off
select * from t;
\echo echo still prints
select nosuch;
do $$ begin raise notice 'notice still printed'; end $$;
\set QUIET off
\x
