-- about: \o FILE switches output to a file and back; \o again truncates; \o |command pipes
-- files: one.txt two.txt
select 1 as before;
\o one.txt
select 2 as into_one;
\o two.txt
select 3 as into_two;
\o one.txt
select 4 as one_again;
\o
select 5 as after;
\o | tr a-z A-Z
select 'piped' as p;
\o
select 6 as last;
