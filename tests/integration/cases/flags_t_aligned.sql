-- about: -t with aligned output: no header, no footer
-- args: -X -t -f {script}
select g as a, repeat('y', g) as b from generate_series(1, 3) g;
select 1 where false;
select 'last' as x;
