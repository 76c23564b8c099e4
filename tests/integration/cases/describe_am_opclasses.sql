-- about: \dAc and \dAf: operator classes and families by access method and input type, +, x, S, errors
-- args: -X -a -q
-- stdin: yes
\dAc brin pg*.oid*
\dAc btree int4
\dAc btree integer
\dAc+ hash int*
\dAcx gist box
\dAc * int2
\dAc btree pg_catalog.bool
\dAc btree nonesuch.bool
\dAc nonesuch
\dAc nonesuch.brin
\dAc regression.brin
\dAc btree regression.pg_catalog.int4
\dAc btree nonesuch.pg_catalog.int4
\dAc "no.such.operator.class"
\dAc btree int4 extra
\dAcS btree bool
\dAc+x spgist
\dAf spgist
\dAf btree int4
\dAf btree integer
\dAf+ hash int4
\dAf * jsonb
\dAfx gin
\dAf+ btree nonesuch
\dAf nonesuch.brin
\dAf regression.brin
\dAf btree int4 extra
\dAf x.y.z.w
CREATE SCHEMA ops;
CREATE OPERATOR FAMILY ops.my_fam USING btree;
CREATE OPERATOR CLASS ops.my_int4_ops FOR TYPE int4 USING btree FAMILY ops.my_fam AS
  OPERATOR 1 <, OPERATOR 3 =, FUNCTION 1 btint4cmp(int4, int4);
CREATE OPERATOR CLASS ops."Text Ops" FOR TYPE text USING hash AS
  OPERATOR 1 =, FUNCTION 1 hashtext(text);
\dAc btree int4
\dAc+ btree int4
\dAc hash text
\dAf btree int4
\dAf+ * text
SET search_path = ops, public;
\dAc+ btree int4
\dAf+ btree int4
RESET search_path;
\set ECHO_HIDDEN on
\dAc+ * ops.*
\dAf+ btree ops.int4
