"""\\df: psql's describeFunctions, argument-type patterns included.

On Aurora DSQL, \\df+ names the language from pg_proc.prolang instead of joining pg_language, which DSQL
lists as an unsupported catalog; its functions are SQL or built in, whose language OIDs are fixed.
"""

from __future__ import annotations

from dsqlsh.meta.describe_query import Catalog

__all__ = ["describe_functions", "map_typename_pattern"]

# Type names the grammar accepts that are neither pg_type's name nor format_type()'s (map_typename_pattern).
TYPENAME_MAP = {
    "decimal": "numeric", "float": "double precision", "int": "integer",
    "bool[]": "boolean[]", "decimal[]": "numeric[]", "float[]": "double precision[]", "float4[]": "real[]",
    "float8[]": "double precision[]", "int[]": "integer[]", "int2[]": "smallint[]", "int4[]": "integer[]",
    "int8[]": "bigint[]", "time[]": "time without time zone[]", "timetz[]": "time with time zone[]",
    "timestamp[]": "timestamp without time zone[]", "timestamptz[]": "timestamp with time zone[]",
    "varbit[]": "bit varying[]", "varchar[]": "character varying[]",
}

_LANGUAGE_BY_OID = "CASE p.prolang WHEN 12 THEN 'internal' WHEN 13 THEN 'c' WHEN 14 THEN 'sql' END"


def map_typename_pattern(pattern: str) -> str:
    """The canonical spelling of a type-name pattern (case-insensitive match, as psql's pg_strcasecmp)."""
    return TYPENAME_MAP.get(pattern.lower(), pattern)


def describe_functions(catalog: Catalog, functypes: str, pattern: str | None, arg_patterns: list[str], *,
                       verbose: bool, system: bool, expanded: str | None = None) -> bool:
    """\\df[anptw][Sx+] [FUNCPTRN [TYPEPTRN ...]] for servers from 11 on."""
    ctx = catalog.ctx
    if set(functypes) - set("anptwSx+"):
        ctx.error("\\df only takes [anptwSx+] as options")
        return True
    agg, normal, proc, trig, window = (c in functypes for c in "anptw")
    if not (agg or normal or proc or trig or window):
        agg = normal = proc = trig = window = True
    sql = ('SELECT n.nspname as "Schema",\n  p.proname as "Name",\n'
           '  pg_catalog.pg_get_function_result(p.oid) as "Result data type",\n'
           '  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",\n'
           " CASE p.prokind\n  WHEN 'a' THEN 'agg'\n  WHEN 'w' THEN 'window'\n  WHEN 'p' THEN 'proc'\n"
           "  ELSE 'func'\n END as \"Type\"")
    if verbose:
        from dsqlsh.meta.describe_query import acl_column

        language = _LANGUAGE_BY_OID if catalog.is_dsql else "l.lanname"
        sql += (",\n CASE\n  WHEN p.provolatile = 'i' THEN 'immutable'\n  WHEN p.provolatile = 's' THEN 'stable'\n"
                "  WHEN p.provolatile = 'v' THEN 'volatile'\n END as \"Volatility\""
                ",\n CASE\n  WHEN p.proparallel = 'r' THEN 'restricted'\n  WHEN p.proparallel = 's' THEN 'safe'\n"
                "  WHEN p.proparallel = 'u' THEN 'unsafe'\n END as \"Parallel\""
                ',\n pg_catalog.pg_get_userbyid(p.proowner) as "Owner"'
                ",\n CASE WHEN prosecdef THEN 'definer' ELSE 'invoker' END AS \"Security\""
                ",\n CASE WHEN p.proleakproof THEN 'yes' ELSE 'no' END as \"Leakproof?\""
                ",\n " + acl_column("p.proacl")
                + f',\n {language} as "Language"'
                + f",\n CASE WHEN {language} IN ('internal', 'c') THEN p.prosrc END as \"Internal name\""
                ",\n pg_catalog.obj_description(p.oid, 'pg_proc') as \"Description\"")
    sql += "\nFROM pg_catalog.pg_proc p\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
    for i in range(len(arg_patterns)):
        sql += (f"     LEFT JOIN pg_catalog.pg_type t{i} ON t{i}.oid = p.proargtypes[{i}]\n"
                f"     LEFT JOIN pg_catalog.pg_namespace nt{i} ON nt{i}.oid = t{i}.typnamespace\n")
    if verbose and not catalog.is_dsql:
        sql += "     LEFT JOIN pg_catalog.pg_language l ON l.oid = p.prolang\n"
    conditions = _kind_filter(agg, normal, proc, trig, window)
    sql += conditions
    clause = catalog.where(pattern, have_where=bool(conditions), schemavar="n.nspname", namevar="p.proname",
                           visibility="pg_catalog.pg_function_is_visible(p.oid)")
    if clause is None:
        return False
    sql += clause.sql
    for i, arg in enumerate(arg_patterns):
        if arg == "-":  # no such parameter
            sql += f"  AND t{i}.typname IS NULL\n"
            continue
        # Type patterns match the internal or the external name, like \dT.
        arg_clause = catalog.where(map_typename_pattern(arg), have_where=True, schemavar=f"nt{i}.nspname",
                                   namevar=f"t{i}.typname", altnamevar=f"pg_catalog.format_type(t{i}.oid, NULL)",
                                   visibility=f"pg_catalog.pg_type_is_visible(t{i}.oid)")
        if arg_clause is None:
            return False
        sql += arg_clause.sql
    if not system and pattern is None:
        sql += "      AND n.nspname <> 'pg_catalog'\n      AND n.nspname <> 'information_schema'\n"
    rows = catalog.query(sql + "ORDER BY 1, 2, 4;")
    if rows is None:
        return False
    catalog.show(rows, title="List of functions", expanded=expanded)
    return True


def _kind_filter(agg: bool, normal: bool, proc: bool, trig: bool, window: bool) -> str:
    """The WHERE lines limiting \\df to the kinds asked for ('' when all are)."""
    if agg and normal and proc and trig and window:
        return ""
    if normal:
        exclude = []
        if not agg:
            exclude.append("p.prokind <> 'a'\n")
        if not proc:
            exclude.append("p.prokind <> 'p'\n")
        if not trig:
            exclude.append("p.prorettype <> 'pg_catalog.trigger'::pg_catalog.regtype\n")
        if not window:
            exclude.append("p.prokind <> 'w'\n")
        return "WHERE " + "      AND ".join(exclude) if exclude else ""
    include = []
    if agg:
        include.append("p.prokind = 'a'\n")
    if trig:
        include.append("p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype\n")
    if proc:
        include.append("p.prokind = 'p'\n")
    if window:
        include.append("p.prokind = 'w'\n")
    return "WHERE (\n       " + "       OR ".join(include) + "      )\n"
