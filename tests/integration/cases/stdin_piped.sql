-- about: plain piped stdin (dsqlsh < s.sql): errors carry no psql:FILE:LINE: prefix; exit 0
-- args: -X
-- stdin: yes
select 1 as a;
select nosuch;
create table t(a int);
insert into t values (1);
select * from t;
