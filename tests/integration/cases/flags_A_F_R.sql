-- about: -A -F -R from the command line
-- args: -X -A -F ';' -R '|' -f {script}
select 1 as a, 'x' as b, null as n;
select g from generate_series(1, 3) g;
\echo after
