-- about: unknown backslash commands in a script: reported with the script position, script continues
select 1 as a;
\foo
\foo bar baz
select 2 as b \nosuch
\echo after
