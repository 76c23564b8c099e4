-- about: \dF, \dFd, \dFp, \dFt with patterns, + (per-object tables for \dF+ and \dFp+), x, and pattern errors
-- args: -X -a -q
-- stdin: yes
CREATE TEXT SEARCH CONFIGURATION dss_cfg (COPY = simple);
COMMENT ON TEXT SEARCH CONFIGURATION dss_cfg IS 'a copy of simple';
ALTER TEXT SEARCH CONFIGURATION dss_cfg ALTER MAPPING FOR asciiword WITH english_stem, simple;
CREATE SCHEMA "Dss";
CREATE TEXT SEARCH DICTIONARY "Dss".dict (TEMPLATE = simple, STOPWORDS = english);
CREATE TEXT SEARCH CONFIGURATION "Dss".cfg (PARSER = default);
\dF
\dF dss*
\dF+ dss_cfg
\dFx+ "Dss".*
\dF+ english
\dF pg_catalog.s*
\dFd
\dFd+ *.dict
\dFd+ english_stem
\dFdx simple
\dFp
\dFp+
\dFpx+ pg_catalog.default
\dFt
\dFt+ *simple
\dFtx ispell
\dF nosuch
\dF+ nosuch
\dFp+ nosuch
\dF a.b.c.d
\dFd nonesuch.pg_catalog.simple
\dFp "no.such"
\dFt "no.such.schema"."no.such.template"
\dF+x dss_cfg
\set ECHO_HIDDEN on
\dF dss_cfg
\dFd+ simple
\dFp
\dFt+ simple
\unset ECHO_HIDDEN
