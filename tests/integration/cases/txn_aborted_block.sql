-- about: an error inside BEGIN: the following statements fail with 25P02 until ROLLBACK
create table t(a int);
begin;
insert into t values (1);
select 1/0;
insert into t values (2);
select * from t;
\echo :SQLSTATE
commit;
select count(*) from t;
begin;
insert into t values (3);
savepoint s;
select nosuch;
rollback to savepoint s;
insert into t values (4);
commit;
select * from t order by a;
begin;
select 1/0;
rollback;
select 'ok' as after_rollback;
