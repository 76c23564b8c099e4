-- about: \crosstabview's fourth column ranks the column headers by its integer values (psql's rankSort)
-- args: -X -a -f {script}
select v, h, string_agg(c, ',') as c, row_number() over (order by h desc) as r
  from (values ('v1', 'h2', 'a'), ('v2', 'h1', 'b'), ('v1', 'h0', 'c'), ('v0', 'h4', 'd'), ('v0', null, 'e')) t(v, h, c)
  group by v, h order by 1, 3, 2
\crosstabview v h c r
select * from (values ('a', 'h1', 1, '5'), ('a', 'h2', 2, '-3'), ('a', 'h3', 3, 'x'), ('a', 'h4', 4, null),
  ('b', 'h5', 5, '-'), ('b', 'h6', 6, ''), ('b', 'h7', 7, '99999999999'), ('b', 'h8', 8, '+2'),
  ('b', 'h1', 9, '-100')) t(v, h, d, s)
\crosstabview v h d s
select 'r' as v, h, h as d, 10 - h as s from generate_series(1, 5) h \crosstabview 1 2 3 4
select 'r' as v, h::text, h as d, 1 as s from generate_series(9, 12) h \crosstabview v h d s
select 'é' v, 'b' h, 1 d union all select 'e', 'a', 2 union all select 'z', 'é', 3
  union all select 'ab', 'A', 4 union all select null, null, null \crosstabview 1 2 3 3
