\echo inner start
\set from_inner yes
select 'inner' as where_am_i;
select nosuch_in_inner;
\ir deeper/leaf.sql
\echo inner end
