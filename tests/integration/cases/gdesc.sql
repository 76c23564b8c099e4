-- about: \gdesc: the columns and types of a query without running it; nothing for commands without columns; errors; the buffer kept for \g
-- args: -X -a -q
-- stdin: yes
SELECT
    NULL AS zero,
    1 AS one,
    2.0 AS two,
    'three' AS three,
    $1 AS four,
    sin($2) as five,
    'foo'::varchar(4) as six,
    CURRENT_DATE AS now
\gdesc
PREPARE test AS SELECT 1 AS first, 2 AS second;
EXECUTE test \gdesc
EXPLAIN EXECUTE test \gdesc
SELECT 1 + \gdesc
SELECT \gdesc
CREATE TABLE bububu(a int) \gdesc
TABLE bububu;  -- fail
SELECT 1 AS x, 'Hello', 2 AS y, true AS "dirty\name"
\gdesc
\g
SELECT 3 AS x, 'Hello', 4 AS y, true AS "dirty\name" \gdesc \g
set search_path = default;
begin;
bogus;
;
\gdesc
rollback;
\set ECHO_HIDDEN on
select 1 as a \gdesc
\set ECHO_HIDDEN off
\pset format csv
select 1 as a \gdesc
\echo :ROW_COUNT
\set FETCH_COUNT 1
select 1 as a, 'x' as "b""q" \gdesc
