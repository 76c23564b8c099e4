-- about: \sv and \sv+: options, check options, quoted names; tables, materialized views and others refused
create table t(a int, b text);
create view v1 as select 1 as a, 'x'::text as b;
create view v2 with (security_barrier=true, security_invoker = on) as select * from t where a > 0
  with local check option;
create view v3 with (security_barrier=false) as select a from t with cascaded check option;
create view v4 with (check_option = local) as select a from t;
create schema "My Schema";
create view "My Schema"."My View" as select a as "select", b as "B" from t order by 1 limit 3;
create view "My Schema"."select" as select 2;
create view "user" as select current_user as u;
create recursive view rv(n) as values (1) union all select n + 1 from rv where n < 3;
create materialized view mv as select 1;
create index t_a on t(a);
create sequence seq;
create type ty as (x int);
\sv v1
\sv+ v1
\sv v2
\sv+ v2
\sv v3
\sv+ v4
\sv "My Schema"."My View"
\sv+ "My Schema"."select"
\sv "user"
\sv rv
\sv pg_catalog.pg_tables
\sv+ information_schema.tables
\sv mv
\sv t
\sv t_a
\sv seq
\sv ty
\sv nosuch
\sv "My Schema".nosuch
\sv nosuch.v1
\sv v1 extra
\sv
\sv+ ;
\sv v1;
\sv x'y
\sv a\b
