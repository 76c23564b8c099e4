-- about: the query buffer: \p prints it (or the last query), \r clears it, buffer spans meta commands
select 1 as a,
\p
       2 as b
\r
\p
select 3 as c
\p
;
\p
select 4
  as d \p
\g
\r
\echo end
