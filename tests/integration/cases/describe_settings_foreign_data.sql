-- about: \dew, \des, \deu, \det with patterns, + (options and descriptions), x, and pattern errors
-- args: -X -a -q
-- stdin: yes
CREATE FOREIGN DATA WRAPPER dss_fdw OPTIONS (debug 'true');
COMMENT ON FOREIGN DATA WRAPPER dss_fdw IS 'test wrapper';
CREATE FOREIGN DATA WRAPPER dss_fdw2;
CREATE SERVER dss_srv FOREIGN DATA WRAPPER dss_fdw OPTIONS (host 'localhost', "my port" '5432');
CREATE SERVER dss_srv2 TYPE 'pg' VERSION '18' FOREIGN DATA WRAPPER dss_fdw2;
COMMENT ON SERVER dss_srv IS 'a server';
GRANT USAGE ON FOREIGN SERVER dss_srv TO PUBLIC;
CREATE USER MAPPING FOR CURRENT_USER SERVER dss_srv OPTIONS (user 'bob', password 'it''s');
CREATE USER MAPPING FOR PUBLIC SERVER dss_srv2;
CREATE FOREIGN TABLE dss_ft (a int) SERVER dss_srv OPTIONS (table_name 'remote');
COMMENT ON FOREIGN TABLE dss_ft IS 'ft comment';
CREATE SCHEMA fs;
CREATE FOREIGN TABLE fs.ft2 (b text) SERVER dss_srv2;
\dew
\dew+
\dewx+ dss_fdw
\dew *2
\des
\des+
\des+ dss_srv2
\desx dss_srv
\deu
\deu+
\deu public
\deu dss_srv2
\deux+ dss_srv
\det
\det+
\det fs.*
\det *.ft2
\detx+ dss_ft
\det+ nosuch
\dew a.b
\des a.b
\deu a.b
\det a.b.c.d
\det nonesuch.fs.ft2
\set ECHO_HIDDEN on
\dew+ dss_fdw
\des+ dss_srv
\deu+
\det+ fs.*
\unset ECHO_HIDDEN
DROP SERVER dss_srv CASCADE;
DROP SERVER dss_srv2 CASCADE;
DROP FOREIGN DATA WRAPPER dss_fdw;
DROP FOREIGN DATA WRAPPER dss_fdw2;
\dew
