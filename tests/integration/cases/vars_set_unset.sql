-- about: \set with several values, empty values, \unset, undefined variables left as typed
\set x 1
\echo :x
\set x a b 'c d' "e"
\echo :x
\set y
\echo [:y]
\set z 'a\tb' 'it''s'
\echo :z
\unset x
\echo :x
\set a 5
\set b :a:a
\echo :b
\set C `echo from backticks`
\echo :C
\unset nosuch
