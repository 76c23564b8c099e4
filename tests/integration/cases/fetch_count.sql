-- about: FETCH_COUNT: results fetched in batches; aligned widths per batch, unaligned, expanded, border 2, errors
\set FETCH_COUNT 2
select g, repeat('x', g * 3) as r from generate_series(1, 5) g;
\pset format unaligned
select g, repeat('x', g * 3) as r from generate_series(1, 5) g;
\pset format aligned
\x
select g, repeat('x', g * 3) as r from generate_series(1, 5) g;
\x
\pset border 2
select g, repeat('x', g * 3) as r from generate_series(1, 5) g;
select 1 as a where false;
\pset border 1
select g, 10 / (3 - g) as d from generate_series(1, 5) g;
\pset format csv
select g from generate_series(1, 5) g;
\set FETCH_COUNT 0
select g from generate_series(1, 3) g;
-- expanded records across batches whose numbers change width (9 -> 10 -> 100), each border
\pset format aligned
\x on
\set FETCH_COUNT 40
select g from generate_series(1, 102) g;
\set FETCH_COUNT 4
\pset border 0
select g from generate_series(1, 12) g;
\pset border 2
\pset tuples_only on
select g from generate_series(1, 12) g;
