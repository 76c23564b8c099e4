-- about: DML with RETURNING prints the rows then the tag; EXPLAIN text; multi-result DO/CALL
create table t(id serial primary key, v text);
insert into t(v) values ('a'), ('b') returning id, v;
update t set v = upper(v) where id = 2 returning *;
delete from t where id = 1 returning id;
insert into t(v) select 'x' where false returning id;
explain (costs off) select * from t where id = 1;
explain (costs off, format json) select 1;
create procedure p(inout x int) language plpgsql as $$ begin x := x + 1; end $$;
call p(41);
with w as (insert into t(v) values ('c') returning id) select count(*) from w;
values (1, 'one'), (2, 'two');
table t;
