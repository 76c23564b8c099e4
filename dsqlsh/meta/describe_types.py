"""psql's lists of the type system's objects: \\dT (data types), \\dD (domains), \\do (operators), \\dC (casts)
and \\dO (collations).

Each builds the SQL psql 18's describe.c builds for the server's version (from 10 on), so -E shows the same
text and the output is psql's byte for byte. describe_objects.py registers the commands.
"""

from __future__ import annotations

from dsqlsh.meta.describe_functions import map_typename_pattern
from dsqlsh.meta.describe_query import SYSTEM_SCHEMAS, Catalog, acl_column

__all__ = ["describe_operators", "describe_types", "list_casts", "list_collations", "list_domains", "type_conditions"]


# ---- \dT ----------------------------------------------------------------------------------------------

_TYPE_DETAILS = (
    '  t.typname AS "Internal name",\n'
    "  CASE WHEN t.typrelid != 0\n      THEN CAST('tuple' AS pg_catalog.text)\n"
    "    WHEN t.typlen < 0\n      THEN CAST('var' AS pg_catalog.text)\n"
    '    ELSE CAST(t.typlen AS pg_catalog.text)\n  END AS "Size",\n'
    "  pg_catalog.array_to_string(\n      ARRAY(\n          SELECT e.enumlabel\n"
    "          FROM pg_catalog.pg_enum e\n          WHERE e.enumtypid = t.oid\n"
    "          ORDER BY e.enumsortorder\n      ),\n      E'\\n'\n  ) AS \"Elements\",\n"
    '  pg_catalog.pg_get_userbyid(t.typowner) AS "Owner",\n'
)


def describe_types(catalog: Catalog, pattern: str | None, *, verbose: bool, system: bool,
                   expanded: str | None = None) -> bool:
    """psql's describeTypes (\\dT): the pattern matches the internal name or format_type()'s."""
    sql = 'SELECT n.nspname as "Schema",\n  pg_catalog.format_type(t.oid, NULL) AS "Name",\n'
    if verbose:
        sql += _TYPE_DETAILS + acl_column("t.typacl") + ",\n  "
    sql += ("  pg_catalog.obj_description(t.oid, 'pg_type') as \"Description\"\n"
            "FROM pg_catalog.pg_type t\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
            # A relation's row type is left out unless the relation is a standalone composite type.
            "WHERE (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid))\n")
    if pattern is None or "[]" not in pattern:  # array types only when the pattern spells out []
        sql += ("  AND NOT EXISTS(SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem "
                "AND el.typarray = t.oid)\n")
    if not system and pattern is None:
        sql += SYSTEM_SCHEMAS
    clause = catalog.where(None if pattern is None else map_typename_pattern(pattern), have_where=True,
                           schemavar="n.nspname", namevar="t.typname",
                           altnamevar="pg_catalog.format_type(t.oid, NULL)",
                           visibility="pg_catalog.pg_type_is_visible(t.oid)")
    if clause is None:
        return False
    return catalog.show_query(sql + clause.sql + "ORDER BY 1, 2;", title="List of data types", expanded=expanded)


# ---- \dD ----------------------------------------------------------------------------------------------

def list_domains(catalog: Catalog, pattern: str | None, *, verbose: bool, system: bool,
                 expanded: str | None = None) -> bool:
    """psql's listDomains (\\dD)."""
    sql = ('SELECT n.nspname as "Schema",\n       t.typname as "Name",\n'
           '       pg_catalog.format_type(t.typbasetype, t.typtypmod) as "Type",\n'
           "       (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type bt\n"
           "        WHERE c.oid = t.typcollation AND bt.oid = t.typbasetype "
           'AND t.typcollation <> bt.typcollation) as "Collation",\n'
           "       CASE WHEN t.typnotnull THEN 'not null' END as \"Nullable\",\n"
           '       t.typdefault as "Default",\n'
           "       pg_catalog.array_to_string(ARRAY(\n"
           "         SELECT pg_catalog.pg_get_constraintdef(r.oid, true) FROM pg_catalog.pg_constraint r "
           "WHERE t.oid = r.contypid AND r.contype = 'c' ORDER BY r.conname\n"
           "       ), ' ') as \"Check\"")
    if verbose:
        sql += ",\n  " + acl_column("t.typacl") + ',\n       d.description as "Description"'
    sql += "\nFROM pg_catalog.pg_type t\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
    if verbose:
        sql += ("     LEFT JOIN pg_catalog.pg_description d ON d.classoid = t.tableoid AND d.objoid = t.oid "
                "AND d.objsubid = 0\n")
    sql += "WHERE t.typtype = 'd'\n"
    if not system and pattern is None:
        sql += SYSTEM_SCHEMAS
    clause = catalog.where(pattern, have_where=True, schemavar="n.nspname", namevar="t.typname",
                           visibility="pg_catalog.pg_type_is_visible(t.oid)")
    if clause is None:
        return False
    return catalog.show_query(sql + clause.sql + "ORDER BY 1, 2;", title="List of domains", expanded=expanded)


# ---- \do ----------------------------------------------------------------------------------------------

def describe_operators(catalog: Catalog, pattern: str | None, arg_patterns: list[str], *, verbose: bool,
                       system: bool, expanded: str | None = None) -> bool:
    """psql's describeOperators (\\do OPPTRN [TYPEPTRN [TYPEPTRN]]); type patterns past the second are ignored.

    One type pattern names a prefix operator's right argument; two, the left and the right.
    """
    sql = ('SELECT n.nspname as "Schema",\n  o.oprname AS "Name",\n'
           "  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END "
           'AS "Left arg type",\n'
           "  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END "
           'AS "Right arg type",\n'
           '  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",\n')
    if verbose:
        sql += ('  o.oprcode AS "Function",\n'
                "  CASE WHEN p.proleakproof THEN 'yes' ELSE 'no' END AS \"Leakproof?\",\n")
    # The function's comment stands in for an operator without one (the pre-9.1 convention psql still honours).
    sql += ("  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),\n"
            "           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS \"Description\"\n"
            "FROM pg_catalog.pg_operator o\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace\n")
    arg_patterns = arg_patterns[:2]
    columns = ["o.oprleft", "o.oprright"] if len(arg_patterns) == 2 else ["o.oprright"]
    for i in range(len(arg_patterns)):
        sql += (f"     LEFT JOIN pg_catalog.pg_type t{i} ON t{i}.oid = {columns[i]}\n"
                f"     LEFT JOIN pg_catalog.pg_namespace nt{i} ON nt{i}.oid = t{i}.typnamespace\n")
    if verbose:
        sql += "     LEFT JOIN pg_catalog.pg_proc p ON p.oid = o.oprcode\n"
    hide_system = not system and pattern is None
    if hide_system:
        sql += "WHERE n.nspname <> 'pg_catalog'\n      AND n.nspname <> 'information_schema'\n"
    # Operator names are full of regexp characters: psql escapes them all (force_escape).
    clause = catalog.where(pattern, have_where=hide_system, force_escape=True, schemavar="n.nspname",
                           namevar="o.oprname", visibility="pg_catalog.pg_operator_is_visible(o.oid)")
    if clause is None:
        return False
    sql += clause.sql
    if len(arg_patterns) == 1:
        sql += "  AND o.oprleft = 0\n"
    conditions = type_conditions(catalog, arg_patterns)
    if conditions is None:
        return False
    return catalog.show_query(sql + conditions + "ORDER BY 1, 2, 3, 4;", title="List of operators", expanded=expanded)


def type_conditions(catalog: Catalog, arg_patterns: list[str]) -> str | None:
    """The conditions on argument types t0, t1, ... (joined as nt0, nt1, ...): "-" means no such argument;
    a pattern matches the internal or the external name, like \\dT. None when a pattern was refused."""
    sql = ""
    for i, arg in enumerate(arg_patterns):
        if arg == "-":
            sql += f"  AND t{i}.typname IS NULL\n"
            continue
        clause = catalog.where(map_typename_pattern(arg), have_where=True, schemavar=f"nt{i}.nspname",
                               namevar=f"t{i}.typname", altnamevar=f"pg_catalog.format_type(t{i}.oid, NULL)",
                               visibility=f"pg_catalog.pg_type_is_visible(t{i}.oid)")
        if clause is None:
            return None
        sql += clause.sql
    return sql


# ---- \dC ----------------------------------------------------------------------------------------------

_CAST_JOINS = (
    # A left join to pg_proc for binary-coercible casts, which have no function; the others are psql's paranoia.
    "\nFROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p\n     ON c.castfunc = p.oid\n"
    "     LEFT JOIN pg_catalog.pg_type ts\n     ON c.castsource = ts.oid\n"
    "     LEFT JOIN pg_catalog.pg_namespace ns\n     ON ns.oid = ts.typnamespace\n"
    "     LEFT JOIN pg_catalog.pg_type tt\n     ON c.casttarget = tt.oid\n"
    "     LEFT JOIN pg_catalog.pg_namespace nt\n     ON nt.oid = tt.typnamespace\n"
)


def list_casts(catalog: Catalog, pattern: str | None, *, verbose: bool, expanded: str | None = None) -> bool:
    """psql's listCasts (\\dC): the pattern matches the source or the target type, by either name."""
    sql = ('SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",\n'
           '       pg_catalog.format_type(casttarget, NULL) AS "Target type",\n'
           "       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'\n"
           "            WHEN c.castmethod = 'i' THEN '(with inout)'\n"
           '            ELSE p.proname\n       END AS "Function",\n'
           "       CASE WHEN c.castcontext = 'e' THEN 'no'\n"
           "            WHEN c.castcontext = 'a' THEN 'in assignment'\n"
           "            ELSE 'yes'\n"
           '       END AS "Implicit?"')
    if verbose:
        sql += (",\n       CASE WHEN p.proleakproof THEN 'yes'\n            ELSE 'no'\n"
                '       END AS "Leakproof?",\n       d.description AS "Description"')
    sql += _CAST_JOINS
    if verbose:
        sql += ("     LEFT JOIN pg_catalog.pg_description d\n"
                "     ON d.classoid = c.tableoid AND d.objoid = c.oid AND d.objsubid = 0\n")
    sides = []
    for nsp, typ in (("ns", "ts"), ("nt", "tt")):
        clause = catalog.where(pattern, have_where=True, schemavar=f"{nsp}.nspname", namevar=f"{typ}.typname",
                               altnamevar=f"pg_catalog.format_type({typ}.oid, NULL)",
                               visibility=f"pg_catalog.pg_type_is_visible({typ}.oid)")
        if clause is None:
            return False
        sides.append(clause.sql)
    sql += f"WHERE ( (true{sides[0]}) OR (true{sides[1]}) )\nORDER BY 1, 2;"
    return catalog.show_query(sql, title="List of casts", expanded=expanded)


# ---- \dO ----------------------------------------------------------------------------------------------

def list_collations(catalog: Catalog, pattern: str | None, *, verbose: bool, system: bool,
                    expanded: str | None = None) -> bool:
    """psql's listCollations (\\dO): only those usable with the database's encoding."""
    version = catalog.version
    sql = 'SELECT\n  n.nspname AS "Schema",\n  c.collname AS "Name",\n' + _collation_columns(version)
    if verbose:
        sql += ",\n  pg_catalog.obj_description(c.oid, 'pg_collation') AS \"Description\""
    sql += "\nFROM pg_catalog.pg_collation c, pg_catalog.pg_namespace n\nWHERE n.oid = c.collnamespace\n"
    if not system and pattern is None:
        sql += SYSTEM_SCHEMAS
    # psql hides collations the encoding cannot use; pg_collation_is_visible rejects them as well.
    sql += ("      AND c.collencoding IN (-1, pg_catalog.pg_char_to_encoding("
            "pg_catalog.getdatabaseencoding()))\n")
    clause = catalog.where(pattern, have_where=True, schemavar="n.nspname", namevar="c.collname",
                           visibility="pg_catalog.pg_collation_is_visible(c.oid)")
    if clause is None:
        return False
    return catalog.show_query(sql + clause.sql + "ORDER BY 1, 2;", title="List of collations", expanded=expanded)


def _collation_columns(version: int) -> str:
    """Provider through Deterministic?, as the server's version has them."""
    if version >= 100000:
        sql = ("  CASE c.collprovider WHEN 'd' THEN 'default' WHEN 'b' THEN 'builtin' WHEN 'c' THEN 'libc' "
               "WHEN 'i' THEN 'icu' END AS \"Provider\",\n")
    else:
        sql = "  'libc' AS \"Provider\",\n"
    sql += '  c.collcollate AS "Collate",\n  c.collctype AS "Ctype",\n'
    if version >= 170000:
        sql += '  c.colllocale AS "Locale",\n'
    elif version >= 150000:
        sql += '  c.colliculocale AS "Locale",\n'
    else:
        sql += '  c.collcollate AS "Locale",\n'
    sql += '  c.collicurules AS "ICU Rules",\n' if version >= 160000 else '  NULL AS "ICU Rules",\n'
    if version >= 120000:
        return sql + "  CASE WHEN c.collisdeterministic THEN 'yes' ELSE 'no' END AS \"Deterministic?\""
    return sql + "  'yes' AS \"Deterministic?\""
