-- about: \crosstabview output in other formats and settings: expanded, unaligned, csv, html, title, tuples only,
-- about: numericlocale (not applied, as psql's printTable), FETCH_COUNT (ignored), \o, several results
-- args: -X -a -f {script}
-- files: ctv_out.txt
create table t (v text, h int, d numeric);
insert into t values ('a', 1, 1234567.5), ('a', 2, 2), ('b', 1, 3);
\x
select * from t \crosstabview
\x
\pset format unaligned
select * from t \crosstabview
\pset format csv
select * from t \crosstabview
\pset format html
select * from t \crosstabview
\pset format aligned
\pset border 2
\pset title 'pivoted'
select * from t \crosstabview
\pset title
\pset border 1
\t
select * from t \crosstabview
\t
\pset numericlocale on
select h, v, d from t \crosstabview
\pset numericlocale off
\set FETCH_COUNT 1
select * from t \crosstabview
\unset FETCH_COUNT
\o ctv_out.txt
select * from t \crosstabview
\o
select 1, 2, 3 \; select * from t \crosstabview
\set SHOW_ALL_RESULTS off
select 1, 2, 3 \; select * from t \crosstabview
\set SHOW_ALL_RESULTS on
select 1, 2, 3 \; select 1 / 0 \crosstabview
insert into t values ('c', 3, 4) returning * \crosstabview
insert into t values ('c', 3, 4) returning * \crosstabview
select $1 as v, 2 as h, 3 as d \bind x \crosstabview
