-- about: an error inside an \i file under ON_ERROR_STOP stops everything with exit 3
-- args: -X -v ON_ERROR_STOP=1 -f {script}
\echo before
\i part.sql
\echo never
