-- about: NOTICE and WARNING on stderr in order, RAISE with DETAIL and HINT, client_min_messages
do $$ begin raise notice 'first'; raise warning 'second'; raise notice 'third'; end $$;
do $$ begin raise notice 'with detail' using detail = 'the detail', hint = 'the hint'; end $$;
do $$ begin raise warning 'warn with hint' using hint = 'hint text'; end $$;
do $$ begin raise info 'an info'; raise log 'a log line, not shown'; raise debug 'not shown'; end $$;
create table t(a int);
drop table if exists nosuch;
create table if not exists t(a int);
select 1 as a;
do $$ begin raise notice 'multi
line notice'; end $$;
set client_min_messages = warning;
do $$ begin raise notice 'hidden'; raise warning 'shown'; end $$;
reset client_min_messages;
create function noisy() returns int language plpgsql as $$ begin raise notice 'row!'; return 1; end $$;
select noisy() from generate_series(1, 3);
do $$ begin raise exception 'custom error' using errcode = '22000', detail = 'd', hint = 'h'; end $$;
