-- about: the last statement on stdin has no semicolon: psql still runs it at end of input
-- args: -X
-- stdin: yes
select 1 as a;
select 'last' as b
