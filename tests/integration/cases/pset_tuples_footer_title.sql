-- about: \pset tuples_only, footer, title in aligned, unaligned and expanded output
\pset title 'My Title'
select 1 as a, 2 as b;
\pset footer off
select 1 as a, 2 as b;
\pset footer on
\pset tuples_only on
select 1 as a, 2 as b;
\pset tuples_only off
\pset format unaligned
select 1 as a, 2 as b;
\pset format aligned
\x
select 1 as a, 2 as b;
\pset footer off
select 1 as a, 2 as b;
\x
\pset title
select 1 as a;
\pset footer
\pset footer
\pset tuples_only
\pset tuples_only
