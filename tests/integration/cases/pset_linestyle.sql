-- about: \pset linestyle ascii/unicode, unicode_border/column/header_linestyle, with border 0-2 and \x
\pset linestyle unicode
select 1 as a, 'x' as b, E'multi\nline' as ml;
\pset border 2
select 1 as a, 'x' as b, E'multi\nline' as ml;
\pset unicode_border_linestyle double
select 1 as a, 'x' as b;
\pset unicode_column_linestyle double
select 1 as a, 'x' as b;
\pset unicode_header_linestyle double
select 1 as a, 'x' as b;
\x
select 1 as a, 'x' as b;
\pset border 0
select 1 as a, 'x' as b;
\x
select 1 as a, 'x' as b;
\pset border 1
\pset unicode_border_linestyle single
\pset unicode_column_linestyle single
\pset unicode_header_linestyle single
select 1 as a, 'x' as b;
\pset linestyle ascii
select 1 as a, E'wrapped\nvalue' as b;
\pset linestyle old-ascii
select 1 as a, E'wrapped\nvalue' as b;
