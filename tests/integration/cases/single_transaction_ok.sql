-- about: -1 wraps the whole script in one transaction: the xid stays the same across statements
-- args: -X -1 -f {script}
-- after: select a from t
create table t(a int);
select pg_current_xact_id() as xid \gset
insert into t values (1);
select pg_current_xact_id() = :'xid'::xid8 as same_transaction;
select count(*) from t;
