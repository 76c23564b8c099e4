-- about: ON_ERROR_ROLLBACK on: an error inside a transaction does not abort it (implicit savepoints)
-- after: select a from t order by a
create table t(a int);
\set ON_ERROR_ROLLBACK on
begin;
insert into t values (1);
insert into t values ('bad');
insert into t values (2);
commit;
\set ON_ERROR_ROLLBACK off
begin;
insert into t values (3);
insert into t values ('bad');
insert into t values (4);
commit;
