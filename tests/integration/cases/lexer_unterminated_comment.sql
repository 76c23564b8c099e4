-- about: a block comment left open at end of file; a half-open parenthesis at end of file
-- args: -X -f {script} -c 'select 2 as b'
select (1 as a;
/* never closed ; select 3
