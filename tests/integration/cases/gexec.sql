-- about: \gexec runs each value of the result as a statement, in order, with their own results
select format('create table %I (id int)', 't' || g) from generate_series(1, 3) g \gexec
select 'select ' || g || ' as n' from generate_series(1, 2) g \gexec
select 'select nosuch', 'select 5 as five' \gexec
select null, 'select 6 as six' \gexec
