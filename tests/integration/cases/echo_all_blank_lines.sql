-- about: -a echoes every line but the empty ones, unless they are inside a literal, quoted name or comment
-- args: -X -a -q
-- stdin: yes
-- comment

select 1;


  
select 'a

b' as "x

y";
/* a comment

with an empty line */
select $$

$$ as d;
