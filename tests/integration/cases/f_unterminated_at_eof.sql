-- about: the last statement has no semicolon: psql still runs it at end of file
select 1 as a;
select 2 as b,
       3 as c
