-- about: the LINE/caret layout with multibyte characters, tabs, and long lines around the error
select '日本語' as j, nosuch_a;
select 'é', 'ü', nosuch_b;
select	1	as	a,	nosuch_c;
select 'ｘｙｚ全角テキストがここにたくさんありますよ、とても長い行になりますように。。。。。。。。。。。。。。。' || nosuch_d;
select 1 +
	'x'::int;
