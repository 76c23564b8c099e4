-- about: error layout: psql:FILE:LINE:, LINE n: with the caret, multi-line statements, DETAIL and HINT
create table t(id int primary key, v text check (v <> 'bad'));
insert into t values (1, 'a');
insert into t values (1, 'b');
insert into t values (2, 'bad');
select
  id,
  v,
  nosuch
from t;
select no_such_function(1, 'x');
select * from t where id = 'abc';
select 'unterminated
  string' || ;
select abs('x'::int);
   selec   t;
insert into nosuch_table values (1);
select 'a very long line to check how psql truncates the context shown around the error position in the LINE output ................................................................' || nosuch_col || 'and more text after the error position .....................................................';
