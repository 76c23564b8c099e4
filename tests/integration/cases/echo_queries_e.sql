-- about: -e echoes each query sent to the server (not meta commands or comments)
-- args: -X -e -f {script}
-- a comment
select 1 as a;
\echo meta
select
  2 as b; -- trailing comment
select nosuch;
select 1; select 2;
