-- about: \dRp (+: one table per publication, its tables and schemas as footers) and \dRs, patterns, x, errors
-- args: -X -a -q
-- stdin: yes
CREATE TABLE pt1 (a int, b int, c text);
CREATE TABLE pt2 (x int PRIMARY KEY);
CREATE SCHEMA ps;
CREATE TABLE ps.t3 (y int);
SET client_min_messages = error;
CREATE PUBLICATION dss_pub1 FOR TABLE pt1 (a, b) WHERE (a > 1), pt2;
CREATE PUBLICATION dss_pub2 FOR ALL TABLES WITH (publish = 'insert', publish_via_partition_root = true);
CREATE PUBLICATION dss_pub3 FOR TABLES IN SCHEMA ps, TABLE pt2;
CREATE PUBLICATION dss_pub4;
CREATE PUBLICATION "Dss Pub5" FOR TABLE pt1 WITH (publish_generated_columns = stored);
RESET client_min_messages;
\dRp
\dRp+
\dRpx dss_pub2
\dRpx+ dss_pub1
\dRp+ dss_pub4
\dRp "Dss Pub5"
\dRp+ nosuch
\dRp a.b
\dRp public.mypub
\set ECHO_HIDDEN on
\dRp dss*
\unset ECHO_HIDDEN
CREATE SUBSCRIPTION dss_sub CONNECTION 'dbname=nosuch host=127.0.0.1 port=1' PUBLICATION p1, p2
  WITH (connect = false, slot_name = NONE, enabled = false);
\dRs
\dRs+
\dRsx+ dss*
\dRs nosuch
\dRs a.b
\set ECHO_HIDDEN on
\dRs+ dss_sub
\unset ECHO_HIDDEN
DROP SUBSCRIPTION dss_sub;
