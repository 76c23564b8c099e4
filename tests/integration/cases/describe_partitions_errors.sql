-- about: \dP errors as psql gives them: dotted names, other databases, unknown letters, extra arguments
-- args: -X -a -q
-- stdin: yes
CREATE TABLE mlparted (a int) PARTITION BY LIST (a);
\dP host.regression.public.mlparted
\dP "regres(sion)".public.mlparted
\dP nonesuch.public.mlparted
\dP "no.such.partitioned.relation"
\dP "no.such.schema"."no.such.partitioned.relation"
\dP nonesuch."no.such.schema"."no.such.partitioned.relation"
\dP a b
\dPt mlparted extra
\dPS
\dPX
\dPq
\dP public.mlparted
\dPi public.mlparted
\set ON_ERROR_STOP on
\dP x.y.z.w
\echo not reached
