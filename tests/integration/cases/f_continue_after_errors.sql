-- about: without ON_ERROR_STOP a script continues after errors and exits 0
select 1 as a;
select 1/0;
selec 2;
select 'still here' as msg;
\foo
select 3 as c;
