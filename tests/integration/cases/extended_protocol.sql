-- about: \parse, \bind, \bind_named, \close_prepared: the extended query protocol as psql 18 runs it, errors included
-- args: -X -a -q
-- stdin: yes
\parse
SELECT 1 \parse ''
SELECT 2 \parse stmt1
SELECT $1 \parse stmt2
SELECT $1, $2 \parse stmt3
\bind_named
\bind_named '' \g
\bind_named stmt1 \g
\bind_named stmt2 'foo' \g
\bind_named stmt3 'foo' 'bar' \g
\bind_named stmt4
\bind_named
\g
\bind_named stmt2 'foo' \bind_named stmt3 'foo2' 'bar2' \g
\bind_named stmt2 'foo3' \g \bind_named stmt3 'foo4' 'bar4' \g
\close_prepared
\close_prepared ''
\close_prepared stmt2
\close_prepared stmt2
SELECT name, statement FROM pg_prepared_statements ORDER BY name;
SELECT 1 \bind \g
SELECT $1 \bind 'foo' \g
SELECT $1, $2 \bind 'foo' 'bar' \g
select $1::int as col \bind 'foo' \bind 2 \g
select $1::int as col \bind 1 \g \bind 2 \g
SELECT foo \bind \g
SELECT 1 \; SELECT 2 \bind \g
SELECT $1, $2 \bind 'foo' \g
\bind_named stmt2 'baz' \g
\bind_named stmt3 'baz' \g
select $1 as x \bind 'a' ;
select $1 as x \bind 'b'
;
\bind 'c'
select $1 as x;
