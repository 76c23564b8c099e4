-- about: numeric right alignment, NULLs, multi-line values, empty strings, column header centring, empty results
select 1 as int, 1.5::numeric as num, -2.25::float8 as flt, 'text' as txt, null as nul, true as bool;
select * from (values (1, 'a'), (22, 'bb'), (333, null), (4444, 'dddd')) v(n, s);
select E'line1\nline2\nline3' as ml, 'short' as s, E'a\nb' as ml2;
select '' as empty, ' ' as space, 'trailing ' as trail;
select 12345678901234567890::numeric as big, 0.000001::numeric as small, 'NaN'::numeric as nan, '-Infinity'::float8 as inf;
select '{1,2,3}'::int[] as arr, '(1,2)'::point as pt, '1 day 02:03:04'::interval as iv, '2024-01-02 03:04:05'::timestamp as ts;
select '\x0102ff'::bytea as bin, 'abc'::bytea as bin2, '{"a": 1}'::jsonb as j, 42::money as m, 'b'::char(3) as padded;
select 1 as a where false;
select;
select from generate_series(1, 2);
select 1 as "Mixed Case", 2 as "with space", 3 as "x""quote";
select E'tab\there' as tab, E'cr\rhere' as cr, E'esc\x1bhere' as ctl;
create table t(id int, v text);
select * from t;
