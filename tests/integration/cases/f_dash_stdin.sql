-- about: -f - reads stdin; errors are prefixed psql:<stdin>:LINE:
-- args: -X -f -
-- stdin: yes
select 1 as a;
select nosuch;
select
  2 as b,
  nosuch2;
select 3 as c;
