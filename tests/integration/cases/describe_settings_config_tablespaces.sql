-- about: \dconfig and \db with patterns, + and x, the queries psql sends (-E), and pattern errors
-- args: -X -a -q
-- stdin: yes
\dconfig work_mem
\dconfig+ work*
\dconfigx enable_seq*
\dconfig+x work_mem
\dconfig WORK_MEM
\dconfig "WORK_MEM"
\dconfig nosuch_parameter
\dconfig a.b.c.d
\dconfigS work_mem
\db
\db pg_def*
\dbx pg_global
\db nosuch
\db a.b
\db nonesuch.pg_default
\db "no.such.tablespace"
\set ECHO_HIDDEN on
\dconfig+ work_mem
\db pg_default
\dbx+ nosuch
\unset ECHO_HIDDEN
\db pg_global extra
