-- about: \pset format aligned, unaligned, csv, wrapped, and the status messages
\pset format unaligned
select 1 as a, 'b' as b, null as n;
\pset format csv
select 1 as a, 'b, c' as b, 'quote"d' as q, E'two\nlines' as ml, '' as empty, null as n, ' sp ' as sp;
\pset csv_fieldsep ';'
select 1 as a, 'a;b' as b, 'plain' as c;
\pset csv_fieldsep ','
\pset format wrapped
select 1 as a, 'b' as b;
\pset format aligned
select 1 as a, 'b' as b;
\pset format
\pset format u
\pset format
\pset format nosuch
