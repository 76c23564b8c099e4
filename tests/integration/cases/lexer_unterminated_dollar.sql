-- about: a dollar quote left open at end of file is sent as is; the server reports it
select 1 as a;
do $x$ begin raise notice 'hi';
