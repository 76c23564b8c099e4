-- about: \copy to and from files (relative to the working directory), csv/text options, quoted names, COPY n
-- files: out.csv out.txt sub/q.csv legacy.psv
create schema s;
create table s."My T"(id int, "Na me" text, n numeric);
\copy s."My T" ("Na me", id) from stdin (format csv, header true, quote '''')
h1,h2
'a,b
c',1
'it''s',2
,3
\.
\copy s."My T" to stdout csv
\copy s."My T" to 'out.csv' with (format csv, header)
\copy s."My T" to out.txt
\! mkdir -p sub
\copy (select id, "Na me" from s."My T" where id > 1 order by id) to 'sub/./q.csv' csv header force quote *
\copy s."My T" from 'out.csv' with (format csv, header match)
\copy s."My T" from out.txt
\copy s."My T" (id, "Na me") from 'sub/q.csv' csv header
\copy binary s."My T" to 'data.bin'
\copy s."My T" from 'data.bin' (format binary)
\copy (select 'x)y' as "a(b", E'q\'z' as e, 1) to 'legacy.psv' delimiter '|' csv header
\copy (select * from s."My T" order by id, n) to stdout with (format csv, null 'NULL')
select count(*) from s."My T";
