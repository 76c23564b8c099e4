-- about: \g, \g FILE, \g (options), \gx, \gset with and without a prefix, \gset errors
-- files: g.out
select 1 as a, 'x' as b \g
select 2 as a, 'y' as b \gx
select 3 as a;
\g
\gx
select 4 as a \g g.out
select 5 as a, null as b \g (format=unaligned tuples_only=on)
select 6 as a, 7 as b \gx (border=2)
select 10 as ten, 'twenty' as twenty \gset
\echo :ten :twenty
select 11 as ten, null as gone \gset p_
\echo :p_ten [:p_gone]
select 1 as a where false \gset
select g from generate_series(1, 2) g \gset
\echo :ROW_COUNT
select 1 as "bad name" \gset
