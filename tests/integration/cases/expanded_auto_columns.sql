-- about: \x auto switches to expanded only when a result is wider than \pset columns
\pset columns 30
\x auto
select 1 as a, 'narrow' as b;
select 1 as a, 'a value wide enough to pass thirty columns' as b;
\pset format wrapped
\x off
select 1 as a, 'a value wide enough to pass thirty columns and wrap around' as b;
