-- about: \ddp, \drds and \drg: patterns on schema or role, two patterns for \drds, x and S, pattern errors
-- args: -X -a -q
-- stdin: yes
SET client_min_messages = warning;
DROP ROLE IF EXISTS regress_dss_member;
DROP ROLE IF EXISTS regress_dss_owner;
RESET client_min_messages;
CREATE ROLE regress_dss_owner;
CREATE ROLE regress_dss_member;
CREATE SCHEMA dss;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_dss_owner IN SCHEMA dss GRANT SELECT ON TABLES TO PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_dss_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_dss_owner GRANT SELECT ON LARGE OBJECTS TO regress_dss_member;
\ddp
\ddp dss
\ddp regress_dss*
\ddpx dss
\ddp nosuch
\ddp a.b.c
\ddp a.b.c.d
\ddp "no.such.default.access.privilege"
ALTER ROLE regress_dss_owner SET work_mem = '8MB';
ALTER ROLE regress_dss_owner IN DATABASE :"DBNAME" SET search_path = 'dss';
ALTER ROLE regress_dss_member IN DATABASE :"DBNAME" SET work_mem = '1MB';
\drds regress_dss*
\drds regress_dss_owner :DBNAME
\drds * :DBNAME
\drdsx regress_dss_owner
\drds nosuch
\drds nosuch nosuchdb
\drds a.b
\drds regress_dss_owner a.b
\drds regress_dss_owner db extra
GRANT regress_dss_owner TO regress_dss_member WITH ADMIN OPTION, INHERIT FALSE;
GRANT pg_read_all_stats TO regress_dss_owner;
\drg regress_dss*
\drgx regress_dss_member
\drgS regress_dss_o*
\drg nosuch
\drg a.b
\set ECHO_HIDDEN on
\ddp dss
\drds regress_dss_owner
\drg regress_dss_member
\unset ECHO_HIDDEN
DROP OWNED BY regress_dss_owner;
DROP OWNED BY regress_dss_member;
DROP ROLE regress_dss_member;
DROP ROLE regress_dss_owner;
