-- about: without -q, \drds, \dRp+, \dF+ and \dFp+ report an empty match instead of printing an empty table
-- args: -X -a
-- stdin: yes
\drds nosuch_role
\drds nosuch_role nosuch_db
\dRp+
\dRp+ nosuch
\dF+ nosuch
\dFp+ nosuch
\dconfig nosuch_parameter
\set ON_ERROR_STOP on
\drds nosuch_role
\echo after an empty \\drds
\dFp+ nosuch
\echo not reached
