-- about: --csv output: quoting of separators, quotes, newlines, spaces, empty strings and NULL; tags still printed
-- args: -X --csv -f {script}
select 1 as "a,b", 'he said "hi"' as q, E'l1\nl2' as ml, '' as empty, null as n, ' lead' as sp, 'plain' as p;
select g from generate_series(1, 2) g;
create table t(a int);
insert into t values (1);
select 1 where false;
\pset csv_fieldsep '\t'
select 'a	tab' as t, 'b' as b;
\x
select 1 as a, 2 as b;
