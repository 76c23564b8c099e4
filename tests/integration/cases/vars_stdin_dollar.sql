-- about: variables on piped stdin; never interpolated inside dollar quotes, strings or identifiers
-- args: -X -v tbl=items -v n=3 -v "label=it's"
-- stdin: yes
create table :"tbl" (id int, label text);
insert into :"tbl" select g, :'label' from generate_series(1, :n) g;
select count(*) as :"tbl" from :tbl;
do $$ begin raise notice 'literal :n and :''label'''; end $$;
select ':n' as s, ":n" from (select 1 as ":n") x;
\set n 4
select :n * 2 as doubled;
\set sql 'select 42 as answer'
:sql;
