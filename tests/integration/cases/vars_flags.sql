-- about: -v, --set, --variable, and the three interpolation forms
-- args: -X -v a=1 --set b=two --variable=c=Col -v 'q=it'"'"'s' -v empty= -f {script}
\echo :a :b :c :q [:empty]
select :a as a, :'b' as b, :'q' as q, 42 as :"c";
select :'c' as "quoted :a stays", ':a' as literal, $$:a$$ as dollar;
-- comment :a is not interpolated
select 1 as x /* :a */;
\echo :'q' :"q"
\echo :nosuch :'nosuch' ':a' ":a"
select :{?a} as a_defined, :{?nosuch} as nosuch_defined;
select :a::int + 1 as typecast, 'x'::text as t;
