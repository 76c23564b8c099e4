-- about: quiet, a relation list that finds nothing prints the empty table as psql does (not quiet: its message)
-- args: -X -a
-- stdin: yes
\dt nosuch
\set QUIET on
\dt nosuch
\dt "no.such.relation"
\di nosuch
\dtv nosuch
