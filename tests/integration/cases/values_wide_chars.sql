-- about: wide (CJK, emoji) and combining characters: display width, alignment, borders, expanded
select '日本語' as cjk, 'abc' as ascii, 'é' as composed, 'é' as combining, 'á̂b' as two_marks, '🙂' as emoji;
select * from (values ('中文', 1), ('a', 22), ('한국어 텍스트', 333)) v("名前", "数");
select E'漢字\nかな' as ml, 'x' as y;
\pset border 2
select '日本語' as cjk, 'n̈oël' as combining;
\x
select '日本語' as cjk, 'n̈oël' as combining, 'x' as "列名";
\x
\pset format unaligned
select '日本語' as cjk, 'n̈oël' as combining;
\pset format csv
select '日本語' as cjk, 'n̈oël' as combining;
