-- about: variables psql sets from the connection: DBNAME USER HOST PORT ENCODING SERVER_VERSION_NUM
\echo :DBNAME :USER :HOST :PORT :ENCODING :SERVER_VERSION_NUM
select :'DBNAME' = current_database() as same_db, :SERVER_VERSION_NUM = current_setting('server_version_num')::int as same_version;
\encoding LATIN1
\echo :ENCODING
