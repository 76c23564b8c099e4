-- about: \dT \dD \do \dC \dO \da \dc \dd \dL \dx \dX \dy: bad qualified names, nothing found, extra arguments, -E
-- args: -X -a -E
-- stdin: yes
CREATE TYPE mood AS ENUM ('sad', 'ok');
\dT a.b.c.d
\dT other_db.public.mood
\dD a.b.c.d
\do a.b.c.d
\do = a.b.c.d
\dC a.b.c.d
\dO nosuchdb.pg_catalog.C
\da a.b.c.d
\dc a.b.c.d
\dd a.b.c.d
\dL a.b.c
\dL nosuchdb.plpgsql
\dx a.b
\dx+ a.b
\dX a.b.c.d
\dy a.b
\dx+ nosuch
\dx nosuch
\dT mood extra
\dy nosuch
\dL+ plpgsql
\dC+ mood
\dd mood
\dX mood
