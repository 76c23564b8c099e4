-- about: server-formatted values: timestamptz in a set timezone, intervals, dates, DateStyle
set timezone = 'America/New_York';
select '2024-03-10 06:59:59+00'::timestamptz as before_dst, '2024-03-10 07:00:00+00'::timestamptz as after_dst;
select interval '1 year 2 mons 3 days 04:05:06.789' as iv, date '2024-02-29' + 1 as d, time '23:59:59.999999' as t;
set datestyle = 'German';
select date '2024-12-25' as christmas, '2024-12-25 10:00'::timestamp as ts;
set intervalstyle = 'iso_8601';
select interval '1 day 2 hours' as iv;
select 1e100::float8 as big, 1.0::float4 / 3 as third, 'infinity'::date as inf, '{{1,2},{3,4}}'::int[] as arr2;
