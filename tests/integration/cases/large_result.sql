-- about: a larger result: 2000 rows of varying widths, aligned then unaligned, with FETCH_COUNT
select g, repeat('*', g % 37) as stars, md5(g::text) as h, (g * 1.5)::numeric as n from generate_series(1, 2000) g;
\a
select g, md5(g::text) from generate_series(1, 1000) g;
\a
\set FETCH_COUNT 100
select g, repeat('*', g % 37) as stars from generate_series(1, 1000) g;
