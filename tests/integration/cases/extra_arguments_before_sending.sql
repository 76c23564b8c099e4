-- about: a command that sends the query buffer warns of its extra arguments before the query runs, as psql
-- args: -X -a -q
-- stdin: yes
select 1 as a \gset p extra
select 2 as b \gdesc extra
select 3 as c \gexec extra
select 4 as d \g /dev/stdout extra
select 5 as e \gx extra1 extra2
\bind 1 \parse s1 extra
\bind_named s1 \g
\close_prepared s1 extra
\getresults 1 extra
