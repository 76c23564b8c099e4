-- about: \pset values as psql checks them: linestyle/unicode abbreviations, expanded, xheader_width (any non-zero number), pager (on/off/always), pager_min_lines, the *_zero separators
-- args: -X -a -q
-- stdin: yes
\pset linestyle a
\pset linestyle o
\pset linestyle u
\pset linestyle x
\pset unicode_border_linestyle d
\pset unicode_border_linestyle s
\pset unicode_column_linestyle DOUBLE
\pset unicode_header_linestyle z
\pset expanded a
\pset expanded auto
\pset expanded of
\pset xheader_width full
\pset xheader_width col
\pset xheader_width 10
\pset xheader_width -1
\pset xheader_width x
\pset border 5
\pset border x
\pset pager alw
\pset pager always
\pset pager of
\pset null
\pset null '(nil)'
\pset footer of
\pset tuples_only t
\pset numericlocale
\pset fieldsep_zero
\pset recordsep_zero on
\pset columns x
\pset pager_min_lines 5
\pset pager_min_lines x
\pset nosuch 1
\pset form aligned
\pset f aligned
\pset
\pset format unaligned
\pset fieldsep_zero
select 1 as a, 2 as b;
\pset xheader_width -3
\x
select 1 as a;
