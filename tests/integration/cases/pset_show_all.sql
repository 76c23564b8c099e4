-- about: \pset with no argument lists every setting; \pset NAME shows one
\pset
\pset border 2
\pset null NULL
\pset title 'T'
\pset format csv
\pset
\pset pager off
\pset pager
\pset pager_min_lines 10
\pset expanded
\pset numericlocale
\pset nosuch
