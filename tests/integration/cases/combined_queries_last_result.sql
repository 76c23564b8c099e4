-- about: a string of statements: each result is printed after the next is read (a NOTICE the next raises comes first), and \gset takes the last result only
-- args: -X -a -q
-- stdin: yes
CREATE FUNCTION warn(msg TEXT) RETURNS BOOLEAN LANGUAGE plpgsql
AS $$
  BEGIN RAISE NOTICE 'warn %', msg ; RETURN TRUE ; END
$$;
SELECT 1 AS one \; SELECT warn('1.5') \; SELECT 2 AS two ;
SELECT 3 AS three \; SELECT warn('3.5') \; SELECT 4 AS four \gset
\echo :three :four
SELECT 5 AS five \; SELECT 1/0 \gset
\echo :five
SELECT warn('a') \; CREATE TEMP TABLE tt (a int) \; SELECT warn('b') \; INSERT INTO tt VALUES (1) \; SELECT 6 AS six ;
\set SHOW_ALL_RESULTS off
SELECT 1 AS one \; SELECT warn('1.5') \; SELECT 2 AS two ;
