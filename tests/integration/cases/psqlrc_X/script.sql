-- about: -X skips the startup file named by PSQLRC
-- args: -X -f {script}
-- env: PSQLRC={work}/rc
\echo FROMRC=:FROMRC
select 1 as a;
