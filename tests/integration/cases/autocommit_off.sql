-- about: \set AUTOCOMMIT off: statements open a transaction that the script must commit
-- after: select a from t order by a
\set AUTOCOMMIT off
create table t(a int);
insert into t values (1);
commit;
insert into t values (2);
rollback;
insert into t values (3);
select count(*) from t;
