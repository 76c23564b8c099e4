-- about: ROW_COUNT, ERROR, SQLSTATE and LAST_ERROR_* after \copy, as psql's SendQuery sets them for COPY
-- files: out.txt
create table t(a int);
\copy t from stdin
1
2
3
\.
\echo :ROW_COUNT :ERROR :SQLSTATE
\copy t from stdin
4
x
\.
\echo :ROW_COUNT :ERROR :SQLSTATE :LAST_ERROR_SQLSTATE :LAST_ERROR_MESSAGE
\copy t to 'out.txt'
\echo :ROW_COUNT :ERROR :SQLSTATE :LAST_ERROR_SQLSTATE
\copy t to stdout
\echo :ROW_COUNT :ERROR :SQLSTATE
\copy (select 1/0) to 'out.txt'
\echo :ROW_COUNT :ERROR :SQLSTATE :LAST_ERROR_SQLSTATE
select 5;
\copy t from 'no_such_file.txt'
\echo :ROW_COUNT :ERROR :SQLSTATE
\copy t frm stdin
\echo :ROW_COUNT :ERROR :SQLSTATE
\copy t from program 'printf "7\n8\n"; exit 5'
\echo :ROW_COUNT :ERROR :SQLSTATE
\copy t to program 'cat > /dev/null; exit 4'
\echo :ROW_COUNT :ERROR :SQLSTATE
\copy t from 'out.txt'
\echo :ROW_COUNT :ERROR :SQLSTATE
