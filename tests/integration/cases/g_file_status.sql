-- about: with \g FILE the rows go to the file and the command status to the regular output (\o)
-- about: (psql creates no file for a result without rows; dsqlsh still does, so those are not shown)
create temporary table dst (id int);
insert into dst values (1) \g gout1
insert into dst values (2) returning id \g gout2
select 1 \g gout3
\o gout4
insert into dst values (3) returning id \g gout5
update dst set id = id \g gout6
\o
\! cat gout2 gout3 gout4 gout5
