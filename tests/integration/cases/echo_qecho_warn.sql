-- about: \echo, \echo -n, \qecho (to the \o target) and \warn (to stderr), quoting in meta-command args
-- files: out.txt
\set v value
\echo plain words   spaced
\echo 'single quoted  spaces' "double quoted" :v ':v' :'v'
\echo 'escapes: \t tab \n newline \\ backslash \101 octal'
\echo -n no newline
\echo
\echo 'it''s' E'not special'
\qecho qecho to stdout
\warn warn to stderr
\o out.txt
\echo echo still to stdout
\qecho qecho to the file
\warn warn still to stderr
select 1 as in_file;
\o
\qecho back to stdout
