-- about: the same script without -1: each statement commits on its own
create table t(a int);
select pg_current_xact_id() as xid \gset
insert into t values (1);
select pg_current_xact_id() = :'xid'::xid8 as same_transaction;
