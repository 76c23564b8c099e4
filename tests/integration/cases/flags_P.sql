-- about: -P name=value sets printing options before anything runs
-- args: -X -P border=2 -P null=(null) -P title=Hello -P linestyle=unicode -P footer=off -f {script}
select 1 as a, null as n;
\pset border
