-- about: the splitter follows psql's lexer: ; inside strings, E'', dollar quotes, identifiers, comments
select 'a;b' as s1, 'it''s; fine' as s2, E'esc\'; \\ still' as s3;
select $$dollar; quoted$$ as d1, $tag$with $$ inside; $tag$ as d2, $a$$b$a$ as d3;
select 1 as "semi;colon", 2 as "quote""d";
select 1 /* comment ; with /* nested ; */ semicolons */ as c;
select 2 as d -- trailing ; comment
, 3 as e;
select 3 as one; select 4 as two;;
;
select 5
as
multi_line
;
select '\x' as backslash_in_string, E'\\n' as escaped;
select 'line1
line2;' as newline_in_string;
do $body$
begin
  raise notice 'semi; inside; body';
end
$body$;
select U&'\0041' as unicode_escape, B'101' as bits, X'1F' as hex;
