-- about: -a echoes every input line as read, comments and meta commands included
-- args: -X -a -f {script}
-- a comment
select 1 as a;
\echo meta
select
  2 as b; -- trailing comment
select nosuch;
