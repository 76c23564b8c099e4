-- about: \setenv, \getenv and \w as psql 18: errors, special variables refusing a value, files and pipes, the previous buffer
-- args: -X -a -q
-- stdin: yes
\setenv MYVAR
\getenv res MYVAR
\echo :res
\setenv MYVAR 'environment value'
\getenv res MYVAR
\echo :res
\setenv
\setenv A=B x
\getenv
\getenv onlyone
\getenv FETCH_COUNT MYVAR
\echo :FETCH_COUNT
\setenv MYVAR
\getenv res MYVAR
\echo :res
\! echo "[$MYVAR]"
select 1 as a
\w w_test.sql
\p
\r
\w w_test2.sql
\! cat w_test.sql w_test2.sql
\w
\w /nonexistent/dir/x.sql
\w |cat
select 2 \w |cat
