-- about: a \bind left pending before a fast `SQL \bind ARGS \sendpipeline` line is replaced by the line's and used up with it; a \sendpipeline after that has no \bind to send
-- args: -X
-- stdin: yes
create table t (id int, v text);
\startpipeline
\bind 99 'pending'
insert into t values ($1, $2) \bind 1 'fast' \sendpipeline
\sendpipeline
insert into t values ($1, $2) \bind 2 'fast again' \sendpipeline
\echo :PIPELINE_COMMAND_COUNT
\endpipeline
select * from t order by id;
