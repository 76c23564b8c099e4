-- about: under ON_ERROR_STOP a meta-command refused in restricted mode stops the script with exit 3
-- args: -X -v ON_ERROR_STOP=1 -f {script}
-- after: select count(*) as rows from t
\restrict abc
create table t (a int);
insert into t values (1);
\echo refused, so the script stops here
insert into t values (2);
\unrestrict abc
