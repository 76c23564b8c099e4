-- about: ON_ERROR_STOP with -f then -c: the -f error stops everything, exit 3
-- args: -X -v ON_ERROR_STOP=1 -c 'select 0 as first' -f {script} -c 'select 9 as never'
select 1 as a;
select 1/0;
