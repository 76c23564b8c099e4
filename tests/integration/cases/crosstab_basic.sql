-- about: \crosstabview pivots: default columns, names and numbers, header order, alignment, NULLs, the footer
-- args: -X -a -f {script}
create table sales (region text, quarter text, amount numeric, units int, q int);
insert into sales values
  ('north', 'Q2', 10.5, 3, 2), ('south', 'Q1', 7, 1, 1), ('north', 'Q1', 2.25, 8, 1),
  ('east', 'Q4', 99, 2, 4), ('east', null, 1, 1, null), (null, 'Q3', 5, 5, 3);
select region, quarter, amount from sales order by units \crosstabview
select region, quarter, units from sales order by q \crosstabview quarter region
select * from sales \crosstabview 1 2 4
select region, quarter, amount, units from sales \crosstabview region quarter amount
\pset null '(none)'
select region, quarter, amount from sales \crosstabview
\pset null ''
select 1 as "Upper Name", 'h' as h, 3.5 as d \crosstabview "Upper Name" H D
select 'x' as v, 'y' as h, 1 as d from generate_series(1, 0) \crosstabview
select null, null, null \crosstabview
select region, quarter, E'multi\nline ' || units from sales where region is not null \crosstabview
\echo :ERROR :SQLSTATE :ROW_COUNT
\crosstabview region quarter units
