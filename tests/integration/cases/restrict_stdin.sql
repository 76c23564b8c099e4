-- about: restricted mode in a script piped on stdin (no file:line locus): \set is refused too, so
-- about: ON_ERROR_STOP only takes effect once set after \unrestrict; then a wrong key stops with exit 3
-- args: -X
-- stdin: yes
\restrict k
select 1 as sql_runs;
\set ON_ERROR_STOP on
\unrestrict wrong
\unrestrict k
\echo unrestricted
\set ON_ERROR_STOP on
\restrict k
\unrestrict wrong
\echo never
