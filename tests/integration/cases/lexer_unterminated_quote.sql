-- about: a string left open at end of file is sent as is; the server reports it
select 1 as a;
select 'never closed;
select 2;
