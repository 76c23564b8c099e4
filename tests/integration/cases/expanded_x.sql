-- about: \x on/off/toggle/auto, expanded output with multi-line and null values and wide headers
\x
select 1 as a, 'two' as longer_name, null as n, E'multi\nline' as ml;
select g as n, repeat('x', g) as xs from generate_series(1, 3) g;
select 1 as a where false;
\x off
\x on
select 'on' as state;
\x auto
select 'auto' as state, 2 as b;
\x
\x
\x off
select 'off' as state;
