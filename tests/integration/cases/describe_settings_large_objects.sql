-- about: \dl and \lo_list, with + (access privileges) and x; the arguments they read and ignore
-- args: -X -a -q
-- stdin: yes
\dl
SELECT lo_create(4242) AS answer, lo_create(4243) AS next;
COMMENT ON LARGE OBJECT 4242 IS 'the answer';
GRANT SELECT ON LARGE OBJECT 4243 TO PUBLIC;
\dl
\dl+
\dlx
\dlx+
\lo_list
\lo_list+
\lo_listx+
\dl ignored
\dl ignored extra
\lo_list a b
\lo_list a b extra
\set ECHO_HIDDEN on
\dl+
\lo_list
\unset ECHO_HIDDEN
