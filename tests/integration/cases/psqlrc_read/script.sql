-- about: without -X the startup file named by PSQLRC runs first (quietly)
-- args: -f {script}
-- env: PSQLRC={work}/rc
\echo FROMRC=:FROMRC
select 1 as a;
