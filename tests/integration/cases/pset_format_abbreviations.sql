-- about: \pset format abbreviations resolved as psql does ("l" is latex; "a" is ambiguous)
-- args: -X -a -q
-- stdin: yes
\pset format a
\pset format l
\pset format latex-l
\pset format g
\pset format m
\pset format x
\pset format
