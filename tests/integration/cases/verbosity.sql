-- about: \set VERBOSITY default, verbose, terse, sqlstate; SHOW_CONTEXT; \errverbose
create table t(id int primary key);
insert into t values (1);
insert into t values (1);
\errverbose
\set VERBOSITY terse
insert into t values (1);
select nosuch;
\set VERBOSITY sqlstate
insert into t values (1);
select nosuch;
\set VERBOSITY verbose
insert into t values (1);
select nosuch;
\set VERBOSITY default
do $$ begin raise exception 'from plpgsql' using detail = 'a detail', hint = 'a hint'; end $$;
\set SHOW_CONTEXT never
do $$ begin raise exception 'no context'; end $$;
\set SHOW_CONTEXT always
do $$ begin raise notice 'notice with context'; end $$;
