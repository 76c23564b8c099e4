-- about: --echo-errors, with ON_ERROR_STOP
-- args: -X --echo-errors -v ON_ERROR_STOP=1 -f {script}
select 1 as a;
select 1/0;
select 2 as b;
