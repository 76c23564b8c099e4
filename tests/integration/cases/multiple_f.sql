-- about: -f repeated: the same script twice, line numbers restart per file
-- args: -X -f {script} -f {script}
select 1 as a;
select nosuch;
