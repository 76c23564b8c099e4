-- about: -b echoes a failed query to stderr after its error
-- args: -X -b -f {script}
select 1 as a;
select
  nosuch;
select 2 as b;
