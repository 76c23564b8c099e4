-- about: \g |command, \g on an empty buffer, errors inside \g and \gx, \gx on an empty result
select 'piped through tr' as p \g | tr a-z A-Z
\g
select nosuch \g
select 1/0 \gx
select 1 as a where false \gx
select 'after' as a;
