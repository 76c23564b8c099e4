-- about: -o FILE: query results and \qecho go to the file; \echo, errors and notices do not
-- args: -X -o out.txt -f {script}
-- files: out.txt
select 1 as a;
\echo echo goes to stdout
\qecho qecho goes to the file
create table t(a int);
select nosuch;
do $$ begin raise notice 'a notice'; end $$;
\x
select 2 as b;
