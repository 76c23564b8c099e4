-- about: \dA lists access methods: patterns, +, x (in any order), dotted names refused, extra arguments
-- args: -X -a -q
-- stdin: yes
\dA
\dA *
\dA h*
\dA "Heap"
\dA HEAP
\dA foo
\dA foo bar
\dA+
\dA+ h*
\dAx btree
\dA+x hash
\dAx+ hash
\dA regression.heap
\dA nonesuch.heap
\dA "no.such.access.method"
\dAS
\dA+S heap
\pset null '(null)'
\dA+ brin
\pset format unaligned
\dA+ b*
\pset format aligned
\x on
\dA gin
\x off
COMMENT ON ACCESS METHOD heap IS 'rows in pages';
\dA+ heap
BEGIN;
CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;
CREATE ACCESS METHOD "Btree Copy" TYPE INDEX HANDLER bthandler;
\dA+ heap*
\dA "Btree Copy"
\dA btree*
ROLLBACK;
\set ECHO_HIDDEN on
\dA+ heap
\set ECHO_HIDDEN noexec
\dA
\echo :ERROR
