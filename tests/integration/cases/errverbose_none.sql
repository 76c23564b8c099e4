-- about: \errverbose with no previous error, after an error, and after a later success
\errverbose
select 1/0;
select 1 as ok;
\errverbose
do $$ begin raise notice 'n' using detail = 'dd'; end $$;
\set VERBOSITY verbose
do $$ begin raise notice 'verbose notice'; end $$;
