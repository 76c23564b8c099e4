-- about: results bigger than one print batch (4,096 rows), measured in one pass and printed in a
-- about: second: the widest cell, multi-line and non-ASCII cells and NULLs far from the first rows
-- about: must shape every row as psql does, in each format.
\pset null '(null)'
create temporary table dst (id int);
create temporary view big as
  select g as id,
         case when g % 1000 = 7 then 'line one' || chr(10) || 'line two' when g = 6000 then 'ñandú ☃ 宽字符'
              when g % 777 = 0 then null else 'v' || g end as label,
         case when g = 8191 then repeat('x', 40) else g::text end as wide
  from generate_series(1, 9000) g;
select * from big;
\pset border 2
select * from big where id > 4000;
\pset border 1
\x on
select * from big where id between 4090 and 4200 or id = 8191;
\t on
select * from big where id between 4090 and 4100;
\t off
\x off
\pset format wrapped
\pset columns 30
select * from big where id > 4000 and id < 8300;
\pset format unaligned
select * from big where id > 8990 or id % 1000 = 7;
\pset format csv
select * from big where id > 8990 or id % 1000 = 7 or id = 6000;
\x on
select * from big where id > 8995 or id % 3000 = 7;
\x off
\pset format aligned
-- rows arrive in chunks; a failure after thousands of them shows only the error, as in psql
select g, 1 / (g - 6000) from generate_series(1, 9000) g;

with w as (select g from generate_series(1, 5000) g) select count(*) from w;
insert into dst select g from generate_series(1, 5000) g returning id / 1000 as k \g /dev/null
insert into dst select g from generate_series(1, 4100) g where g % 4000 = 0 returning id;
-- unaligned and csv are printed as the chunks arrive: several chunks, titles, footers, NULLs, quoting
\pset format unaligned
\pset title 'a title'
select id, label from big where id % 2 = 0;
\pset title
\pset footer off
select id, wide from big where id > 100;
\pset footer on
\pset format csv
select id, label, 'a,b' as c from big where id % 3 = 0;
select g, 1 / (g - 7000) from generate_series(1, 9000) g;
\t on
select id from big where id < 5000;
