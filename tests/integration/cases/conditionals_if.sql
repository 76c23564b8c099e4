-- about: \if / \elif / \else / \endif with variables, expressions and skipped branches
\set flag true
\if :flag
  \echo flag is true
\else
  \echo never
\endif
select 1 = 2 as answer \gset
\if :answer
  \echo never
\elif :{?nosuch}
  \echo never
\else
  \echo neither
  select 'in else' as branch;
\endif
\if false
  select nosuch_this_is_skipped;
  \nosuch_command_skipped
\endif
\if maybe
\endif
\echo done
