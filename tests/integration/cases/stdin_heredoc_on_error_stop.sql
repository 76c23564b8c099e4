-- about: a heredoc-style script on stdin with ON_ERROR_STOP: stop at the error, exit 3
-- args: -X -v ON_ERROR_STOP=1
-- stdin: yes
\echo start
select 1 as a;
select 1/0;
\echo never
select 2 as b;
