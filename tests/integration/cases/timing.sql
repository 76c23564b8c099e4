-- about: \timing on/off/toggle; Time: lines (values normalised) after queries, meta commands untimed
\timing on
select 1 as a;
create table t(a int);
\echo no time for meta commands
select 1/0;
\timing off
select 2 as b;
\timing
select 3 as c;
\timing
