-- about: a transaction left open at the end of a script is rolled back when the connection closes
-- after: select count(*) as rows_left from t
create table t(a int);
begin;
insert into t values (1);
select count(*) from t;
