-- about: \dAo and \dAp: operators and support functions of operator families, +, x in any order, S, errors
-- args: -X -a -q
-- stdin: yes
\dAo btree float_ops
\dAo+ btree array_ops|float_ops
\dAo * pg_catalog.jsonb_path_ops
\dAo gist point_ops
\dAo+ gist point_ops
\dAox brin int*
\dAo+x hash bool_ops
\dAox+ hash bool_ops
\dAoS hash bool_ops
\dAo btree nonesuch.float_ops
\dAo nonesuch.brin
\dAo regression.brin
\dAo btree "no.such.operator.of.operator.family"
\dAo btree float_ops extra
\dAp btree float_ops
\dAp+ btree float_ops
\dApx+ btree time_ops
\dAp+x hash bool_ops
\dAp * pg_catalog.uuid_ops
\dAp spgist
\dAp nonesuch.brin
\dAp regression.brin
\dAp btree x.y.z.w
\dAp btree regression.pg_catalog.float_ops
\dAp btree float_ops extra
\dApS hash bool_ops
CREATE SCHEMA ops;
CREATE OPERATOR FAMILY ops.my_fam USING btree;
CREATE OPERATOR CLASS ops.my_int4_ops FOR TYPE int4 USING btree FAMILY ops.my_fam AS
  OPERATOR 1 <, OPERATOR 3 =, FUNCTION 1 btint4cmp(int4, int4);
\dAo btree my_fam
\dAo+ btree ops.my_*
\dAp btree my_fam
\dAp+ * ops.*
\set ECHO_HIDDEN on
\dAo+ btree ops.my_fam
\dAp+ btree my_fam
