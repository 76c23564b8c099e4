-- about: \pset null, fieldsep, recordsep, fieldsep_zero, recordsep_zero
\pset null '(null)'
select null as n, 1 as a, '' as empty;
\x
select null as n, 1 as a;
\x
\pset format unaligned
\pset fieldsep ' | '
select null as n, 1 as a;
\pset recordsep '<EOR>'
select g as a, g as b from generate_series(1, 3) g;
\pset recordsep '\n'
\pset fieldsep_zero
select 1 as a, 2 as b;
\pset fieldsep ','
\pset recordsep_zero
select 1 as a, 2 as b;
\pset recordsep '\n'
\pset null
\pset null ''
select null as n;
