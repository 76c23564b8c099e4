-- about: \set ON_ERROR_ROLLBACK with no value is on, Boolean spellings are taken; \gset leaves specially treated variables alone, with psql's warning
\set ON_ERROR_ROLLBACK
\echo :ON_ERROR_ROLLBACK
\set ON_ERROR_ROLLBACK true
\echo :ON_ERROR_ROLLBACK
\set ON_ERROR_ROLLBACK foo
\echo :ON_ERROR_ROLLBACK
\set ON_ERROR_ROLLBACK interactive
\echo :ON_ERROR_ROLLBACK
select 97 as "EOF", 'ok' as _foo \gset IGNORE
\echo :IGNORE_foo :IGNOREEOF
select 5 as "FETCH_COUNT", 'x' as "PROMPT1", 'y' as other \gset
\echo :FETCH_COUNT :other
