-- about: under ON_ERROR_STOP a wrong \unrestrict key stops the script with exit 3; SQL ran in restricted mode
-- args: -X -v ON_ERROR_STOP=1 -f {script}
-- after: select count(*) as rows from t
\restrict abc
create table t (a int);
insert into t values (1);
\unrestrict abd
insert into t values (2);
\unrestrict abc
