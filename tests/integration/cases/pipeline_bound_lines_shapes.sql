-- about: lines near the fast shape of `SQL \bind ARGS \sendpipeline` that must take the usual way, or that take the fast one in other states: variables in the SQL and arguments, quotes, comments, a statement over two lines, \if branches, -a, outside a pipeline, extra arguments, invalid commands, -S
-- args: -X -a
-- stdin: yes
create table t (id int, v text);
\set x 5
\set tbl t
insert into t values ($1, $2) \bind 0 'outside' \sendpipeline
\startpipeline
insert into :tbl values ($1, $2) \bind :x 'variable' \sendpipeline
insert into t values ($1, $2) \bind 1 :'tbl' \sendpipeline
insert into t values ($1, 'literal') \bind 2 \sendpipeline
insert into t values ($1, $2) -- comment \bind 3 'c' \sendpipeline
insert into t values ($1, $2) /* c */ \bind 4 'c' \sendpipeline
insert into t
values ($1, $2) \bind 5 'two lines' \sendpipeline
insert into t values ($1, $2) \bind 6 'it''s' \sendpipeline
insert into t values ($1, $2) \bind 7 'esc\tape' \sendpipeline
insert into t values ($1, $2) \bind 8 "dq" \sendpipeline
insert into t values ($1, $2) \bind 9 `echo bt` \sendpipeline
insert into t values ($1, $2) \bind 10 'x' \sendpipeline extra
insert into t values ($1, $2) \bind 11 'x' \sendpipeline \echo after
insert into t values ($1, $2) \bind 12 'x'\sendpipeline
insert into t values ($1, $2) \bind\sendpipeline
\if false
insert into t values ($1, $2) \bind 13 'skipped' \sendpipeline
\else
insert into t values ($1, $2) \bind 14 'else' \sendpipeline
\endif
insert into t values ($1, $2); \bind 15 'semicolon' \sendpipeline
select $1 \bind 16 \sendpipeline
\bind 17 \sendpipeline
insert into t values ($1, $2) \bindx 18 'x' \sendpipeline
insert into t values ($1, $2) \bind 19 'x' \sendpipelinex
\endpipeline
\set SINGLELINE on
\startpipeline
insert into t values ($1, $2) \bind 20 'single line' \sendpipeline
\endpipeline
select * from t order by id;
