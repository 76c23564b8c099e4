-- about: \set ON_ERROR_STOP inside the script; errors before it do not stop
select 1/0;
\set ON_ERROR_STOP on
select 2 as b;
select nosuch;
select 3 as c;
