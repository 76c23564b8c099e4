-- about: psql 18's \restrict / \unrestrict (pg_dump 17.6+ wraps every dump in them): SQL and COPY data run,
-- about: every other meta-command fails and its line's rest is dropped, \unrestrict wants the exact key
-- after: select a, b from restricted order by a
\unrestrict nokey
\restrict
\restrict k3y;
create table restricted (a int, b text);
COPY restricted (a, b) FROM stdin;
1	one\\two
2	\N
\.
select count(*) from restricted;
\echo refused \unrestrict k3y
\! echo never run
\foo unknown commands are refused the same way
\restrict again
insert into restricted values (3, 'three') \g
;
\unrestrict
\unrestrict k3y extra
\unrestrict 'k3y'
\unrestrict k3y ;
\echo after \unrestrict k3y
\restrict "quoted key" extra
\unrestrict "quoted key"
\restrict :undefined_var
\unrestrict :undefined_var
\echo done
