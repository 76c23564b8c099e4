-- about: \sf, \sv under ECHO_HIDDEN on and noexec, and the -L log (framed as on stdout); -o for the output
-- args: -X -f {script} -L log.txt
-- files: log.txt
\set ECHO_HIDDEN on
\sf pg_catalog.abs(int)
\sf+ pg_catalog.interval_pl_time
\sv pg_catalog.pg_roles
\sf nosuch
\sv nosuch
\sf a\b
\sf x'y
\set ECHO_HIDDEN noexec
\sf f
\sv+ v
\set ECHO_HIDDEN off
\sf pg_catalog.abs(int)
