-- about: psql 18's result variables and success after pipeline reads: the last result read sets ERROR/SQLSTATE/ROW_COUNT (after a sync: false, 00000, 0; an aborted command: true, empty SQLSTATE), a sync starts the read's success afresh, so ON_ERROR_STOP stops at a \getresults that ends on an error but not at an \endpipeline
create temp table pv (id int);
\startpipeline
insert into pv values ($1) \bind 1 \sendpipeline
select 1/0 \bind \sendpipeline
insert into pv values ($1) \bind 2 \sendpipeline
\syncpipeline
insert into pv values ($1) \bind 3 \sendpipeline
select $1::int \bind 7 \sendpipeline
\syncpipeline
\flushrequest
\getresults 1
\echo one: :ERROR :SQLSTATE :ROW_COUNT
\getresults 1
\echo two: :ERROR :SQLSTATE :ROW_COUNT
\getresults 1
\echo three: :ERROR :SQLSTATE :ROW_COUNT
\getresults 1
\echo four: :ERROR :SQLSTATE :ROW_COUNT
\getresults 2
\echo five: :ERROR :SQLSTATE :ROW_COUNT
\getresults
\echo six: :ERROR :SQLSTATE :ROW_COUNT
\endpipeline
\echo seven: :ERROR :SQLSTATE :ROW_COUNT
\startpipeline
insert into pv values ($1) \bind 4 \sendpipeline
\endpipeline
\echo eight: :ERROR :SQLSTATE :ROW_COUNT
\set ON_ERROR_STOP 1
\startpipeline
select 1/0 \bind \sendpipeline
insert into pv values ($1) \bind 5 \sendpipeline
\endpipeline
\echo nine: :ERROR :SQLSTATE :ROW_COUNT :LAST_ERROR_SQLSTATE
\startpipeline
select 1/0 \bind \sendpipeline
\syncpipeline
\flushrequest
\getresults 1
\echo not reached
\endpipeline
