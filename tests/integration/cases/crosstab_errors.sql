-- about: \crosstabview's errors (psql's messages and order), the result variables after one, ON_ERROR_STOP
-- args: -X -a -f {script}
select 1 \crosstabview
select 1, 2 \crosstabview
select 1 as a, 2 as b, 3 as c, 4 as d \crosstabview
select 1 as a, 2 as b, 3 as c, 4 as d \crosstabview a b
\echo :ERROR :SQLSTATE :ROW_COUNT :LAST_ERROR_SQLSTATE :LAST_ERROR_MESSAGE
select 1 as a, 2 as b, 3 as c \crosstabview 0
select 1 as a, 2 as b, 3 as c \crosstabview 4
select 1 as a, 2 as b, 3 as c \crosstabview 99999999999
select 1 as a, 2 as b, 3 as c \crosstabview 4294967297 a
select 1 as a, 2 as b, 3 as c \crosstabview a 1
select 1 as a, 2 as b, 3 as c \crosstabview a b x
select 1 as a, 2 as b, 3 as c \crosstabview a b c x
select 1 as a, 2 as b, 3 as c \crosstabview '' b
select 1 as a, 2 as b, 3 as c \crosstabview "" b
select 1 as a, 2 as a, 3 as c \crosstabview a c
select 1 as "A", 2 as b, 3 as c \crosstabview A b
select 1 as "A", 2 as b, 3 as c \crosstabview "A"x b
select 1 as "Ax", 2 as b, 3 as c \crosstabview "A"X b
select 1 as "22", 2 as b, 3 as c \crosstabview 22 b
select 1 as a, 2 as b, 3 as c \crosstabview :undefined b
select 1 as a, 2 as b, 3 as c \crosstabview a b c a extra1 extra2
select 1 as a, 2 as b, 3 as c \crosstabview c 'b
select v, 1, 'x' from (values (1), (1)) t(v) \crosstabview
select null::int, 1, 'x' from generate_series(1, 2) \crosstabview
\pset null 'NUL'
select null::int, null::int, 'x' from generate_series(1, 2) \crosstabview
\pset null ''
select a, a, 1 from generate_series(1, 1601) as a \crosstabview
select 1, a, 1 from generate_series(1, 1600) as a \crosstabview
\echo :ROW_COUNT
select 1 / 0, 2, 3 \crosstabview
\if false
select 1 \crosstabview x y
\endif
\set ON_ERROR_STOP on
select 1 \crosstabview
\echo not reached
