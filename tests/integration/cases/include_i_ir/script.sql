-- about: \i is relative to the current directory, \ir to the including file; errors name the included file
\echo main start
\i sub/inner.sql
\ir sub/inner.sql
\include_relative sub/deeper/leaf.sql
\i nosuch.sql
\echo main end :from_inner
