-- about: pipeline_bound_lines_quiet without -q: every command status printed (INSERT 0 1, UPDATE n), notices between them in psql's order, and -f's locus in messages
-- args: -X -f {script}
create table t (id int primary key, v text);
create function noisy() returns trigger language plpgsql as $$ begin raise notice 'row %', new.id; return new; end $$;
create table n (id int);
create trigger n_noisy before insert on n for each row execute function noisy();
\startpipeline
insert into t values ($1, $2) \bind 1 'one' \sendpipeline
insert into t values ($1, $2) \bind 2 'two' \sendpipeline
\echo :PIPELINE_COMMAND_COUNT :PIPELINE_SYNC_COUNT :PIPELINE_RESULT_COUNT
   insert into t values ($1, $2)   \bind 3 ''   \sendpipeline   
insert into t values ($1, $2) \bind 1 'duplicate' \sendpipeline
insert into t values ($1, $2) \bind 4 'aborted' \sendpipeline
\syncpipeline
insert into t values ($1, $2) \bind 5 'after the sync' \sendpipeline
insert into n values ($1) \bind 1 \sendpipeline
insert into n values ($1::int + 1) \bind 1 \sendpipeline
select $1::int * 2 as doubled, $2 as label \bind 21 'x' \sendpipeline
update t set v = $1 where id > $2 \bind 'many' 0 \sendpipeline
\flushrequest
\getresults 2
\echo :ERROR :SQLSTATE :ROW_COUNT :PIPELINE_RESULT_COUNT
\getresults 1
\echo :ERROR :SQLSTATE :ROW_COUNT :LAST_ERROR_SQLSTATE
\getresults
\echo :ERROR :SQLSTATE :ROW_COUNT
insert into t values ($1, $2) \bind 6 'six' \sendpipeline
insert into t values ($1, $2) \bind 7 'seven' \sendpipeline
\syncpipeline
insert into t values ($1, $2) \bind 8 'eight' \sendpipeline
\endpipeline
\echo :PIPELINE_COMMAND_COUNT :PIPELINE_SYNC_COUNT :PIPELINE_RESULT_COUNT
select * from t order by id;
\startpipeline
delete from t where id > $1 \bind 5 \sendpipeline
insert into t values ($1 / 0, $2) \bind 9 'division' \sendpipeline
insert into t values ($1, $2) \bind 10 'aborted' \sendpipeline
\endpipeline
\echo :LAST_ERROR_MESSAGE
select count(*) from t;
