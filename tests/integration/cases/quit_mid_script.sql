-- about: \q ends the script at once with exit 0, even after errors
select 1 as a;
select nosuch;
\q
select 2 as b;
