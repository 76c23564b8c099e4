-- about: -e (ECHO=queries) with psql 18's pipeline commands: each one that ends the query buffer shows it, or the previous query when it is empty (an empty line before any), as psql's SendQuery does; commands refused before that (a bad \getresults count, \sendpipeline without \bind) show nothing; \flush outside a pipeline is no error
-- args: -X -e -f {script}
\flush
\startpipeline
\endpipeline
select 5;
\startpipeline
select $1 \bind 1 \sendpipeline
select 2 \bind \sendpipeline
\syncpipeline
\flushrequest
\flush
\getresults 1
\getresults -1
select 7
\sendpipeline
\getresults
\endpipeline
select 3;
\startpipeline
\endpipeline
\getresults
\flush
\sendpipeline
