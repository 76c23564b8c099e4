-- about: \pset border 0, 1, 2 in aligned and expanded output, with multi-line values
\pset border 0
select 1 as a, 'text' as b, E'x\ny' as ml;
\pset border 1
select 1 as a, 'text' as b, E'x\ny' as ml;
\pset border 2
select 1 as a, 'text' as b, E'x\ny' as ml;
select 1 as a where false;
\x
\pset border 0
select 1 as a, 'text' as b, E'x\ny' as ml;
\pset border 1
select 1 as a, 'text' as b, E'x\ny' as ml;
\pset border 2
select 1 as a, 'text' as b, E'x\ny' as ml;
\pset border 3
\pset border
