-- about: -c and -f are run in command-line order
-- args: -X -c 'select 1 as first' -f {script} -c 'select 3 as third'
select 2 as second;
