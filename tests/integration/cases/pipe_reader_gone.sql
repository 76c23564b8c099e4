-- about: a \o or \g pipe whose reader has gone (| head) fails each query that prints a table to it,
-- about: as psql's "could not print result table"; commands without rows are not affected
\o | head -1
select g from generate_series(1, 50000) g;
\echo :ERROR :ROW_COUNT
select 1;
\echo :ERROR :ROW_COUNT
\o
select g from generate_series(1, 50000) g \g | head -1
\echo :ERROR :ROW_COUNT
select 2;
