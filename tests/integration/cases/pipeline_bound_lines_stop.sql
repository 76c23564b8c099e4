-- about: ON_ERROR_STOP with an error mid-pipeline, read by \getresults (exit 3), the pipeline's lines fed on stdin
-- args: -X -v ON_ERROR_STOP=1
-- stdin: yes
-- after: select * from t order by id
create table t (id int primary key);
\startpipeline
insert into t values ($1) \bind 1 \sendpipeline
insert into t values ($1) \bind 2 \sendpipeline
\syncpipeline
insert into t values ($1) \bind 1 \sendpipeline
insert into t values ($1) \bind 3 \sendpipeline
\flushrequest
\getresults
\echo not reached
