-- about: \dP lists partitioned tables and indexes: t, i, n and + in any order, x, patterns, sizes
-- args: -X -a -q
-- stdin: yes
\dP
\dPt
\dPi
\dPn
CREATE SCHEMA testpart;
SET search_path TO testpart;
CREATE TABLE testtable_apple(logdate date);
CREATE INDEX testtable_apple_index ON testtable_apple(logdate);
CREATE TABLE testpart_apple(logdate date) PARTITION BY RANGE(logdate);
CREATE INDEX testpart_apple_index ON testpart_apple(logdate);
\dP test*apple*
\dPt test*apple*
\dPi test*apple*
DROP TABLE testtable_apple, testpart_apple;
CREATE TABLE parent_tab (id int) PARTITION BY RANGE (id);
CREATE INDEX parent_index ON parent_tab (id);
CREATE TABLE child_0_10 PARTITION OF parent_tab FOR VALUES FROM (0) TO (10);
CREATE TABLE child_10_20 PARTITION OF parent_tab FOR VALUES FROM (10) TO (20);
INSERT INTO parent_tab VALUES (generate_series(0, 19));
CREATE TABLE child_30_40 PARTITION OF parent_tab FOR VALUES FROM (30) TO (40) PARTITION BY RANGE (id);
CREATE TABLE child_30_35 PARTITION OF child_30_40 FOR VALUES FROM (30) TO (35);
CREATE TABLE "Child 35" PARTITION OF child_30_40 FOR VALUES FROM (35) TO (40) PARTITION BY LIST (id);
INSERT INTO parent_tab VALUES (generate_series(30, 34));
COMMENT ON TABLE parent_tab IS 'the top';
\dPt
\dPi
\dP testpart.*
\dP
\dPtn
\dPnt
\dPin
\dPni
\dPn
\dPn testpart.*
\dPit
\dPti+
\dP+
\dPt+
\dPi+
\dPn+
\dP+n
\dPtn+
\dPt+n
\dPin+
\dPni+ child*
\dPx
\dPtx
\dPnx+ parent*
\dP+x parent_tab
\dP "Child 35"
\dP "child 35"
\dPn *35*
\dP nonesuch
RESET search_path;
\dP
\dPn
\dP parent_tab
\dP testpart.parent*
\pset null '(null)'
\dPn+ testpart.*
\set ECHO_HIDDEN on
\dPn+ testpart.*
\dPt
