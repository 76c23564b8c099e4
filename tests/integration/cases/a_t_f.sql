-- about: \a, \t, \f toggles and their messages
select 1 as a, 'x' as b;
\a
select 1 as a, 'x' as b;
\t
select 1 as a, 'x' as b;
\f ';'
select 1 as a, 'x' as b;
\f
\f '\t'
select 1 as a, 'x' as b;
\t
\a
select 1 as a, 'x' as b;
\t on
\t off
\t
select 1 as a;
