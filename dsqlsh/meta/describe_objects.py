"""psql's describe commands for the database's other objects: \\da, \\dc, \\dC, \\dd, \\dD, \\dL, \\do, \\dO,
\\dT, \\dx, \\dX, \\dy.

Each builds the SQL psql 18's describe.c builds for the server's version (from 10 on), so -E shows the same
text and the output is psql's byte for byte; the type system's lists (\\dT \\dD \\do \\dC \\dO) live in
describe_types.py. On Aurora DSQL, \\dL says it cannot list languages: DSQL's "supported catalog tables" page
marks pg_language unsupported.
"""

from __future__ import annotations

from dsqlsh.meta.describe import command_names
from dsqlsh.meta.describe_query import SYSTEM_SCHEMAS, Catalog, acl_column
from dsqlsh.meta.registry import Call, Result, command

GROUP = "Informational"


def _flags(name: str) -> tuple[bool, bool, str | None]:
    """verbose (+), system (S) and the expanded override: psql looks for x only after \\d's letter (\\dx)."""
    return "+" in name, "S" in name, "on" if "x" in name[2:] else None


def _pattern(call: Call) -> str | None:
    return call.args.next(semicolon=True)


# ---- registration, in psql's \\? order -----------------------------------------------------------------

@command(*command_names("d", ["a"]), usage="\\da[Sx]  [PATTERN]", group=GROUP, help="list aggregates")
def do_aggregates(call: Call) -> Result:
    """\\da: psql's describeAggregates."""
    _, system, expanded = _flags(call.name)
    return Result.of(describe_aggregates(Catalog(call.ctx), _pattern(call), system=system, expanded=expanded))


@command(*command_names("d", ["c"]), usage="\\dc[Sx+] [PATTERN]", group=GROUP, help="list conversions")
def do_conversions(call: Call) -> Result:
    """\\dc: psql's listConversions."""
    verbose, system, expanded = _flags(call.name)
    return Result.of(list_conversions(Catalog(call.ctx), _pattern(call), verbose=verbose, system=system,
                                    expanded=expanded))


@command(*command_names("d", ["C"]), usage="\\dC[x+]  [PATTERN]", group=GROUP, help="list casts")
def do_casts(call: Call) -> Result:
    """\\dC: psql's listCasts."""
    from dsqlsh.meta.describe_types import list_casts

    verbose, _, expanded = _flags(call.name)
    return Result.of(list_casts(Catalog(call.ctx), _pattern(call), verbose=verbose, expanded=expanded))


@command(*command_names("d", ["d"]), usage="\\dd[Sx]  [PATTERN]", group=GROUP,
         help="show object descriptions not displayed elsewhere")
def do_descriptions(call: Call) -> Result:
    """\\dd: psql's objectDescription."""
    _, system, expanded = _flags(call.name)
    return Result.of(object_descriptions(Catalog(call.ctx), _pattern(call), system=system, expanded=expanded))


@command(*command_names("d", ["D"]), usage="\\dD[Sx+] [PATTERN]", group=GROUP, help="list domains")
def do_domains(call: Call) -> Result:
    """\\dD: psql's listDomains."""
    from dsqlsh.meta.describe_types import list_domains

    verbose, system, expanded = _flags(call.name)
    return Result.of(list_domains(Catalog(call.ctx), _pattern(call), verbose=verbose, system=system,
                                expanded=expanded))


@command(*command_names("d", ["L"]), usage="\\dL[Sx+] [PATTERN]", group=GROUP, help="list procedural languages")
def do_languages(call: Call) -> Result:
    """\\dL: psql's listLanguages."""
    verbose, system, expanded = _flags(call.name)
    return Result.of(list_languages(Catalog(call.ctx), _pattern(call), verbose=verbose, system=system,
                                  expanded=expanded))


@command(*command_names("d", ["o"]), usage="\\do[Sx+] [OPPTRN [TYPEPTRN [TYPEPTRN]]]", group=GROUP,
         help="list operators")
def do_operators(call: Call) -> Result:
    """\\do reads type patterns as \\df does (up to 100, after an operator pattern) and uses two."""
    from dsqlsh.meta.describe_types import describe_operators

    verbose, system, expanded = _flags(call.name)
    pattern = _pattern(call)
    arg_patterns: list[str] = []
    if pattern is not None:
        while len(arg_patterns) < 100 and (arg := call.args.next(semicolon=True)) is not None:
            arg_patterns.append(arg)
    return Result.of(describe_operators(Catalog(call.ctx), pattern, arg_patterns, verbose=verbose, system=system,
                                      expanded=expanded))


@command(*command_names("d", ["O"]), usage="\\dO[Sx+] [PATTERN]", group=GROUP, help="list collations")
def do_collations(call: Call) -> Result:
    """\\dO: psql's listCollations."""
    from dsqlsh.meta.describe_types import list_collations

    verbose, system, expanded = _flags(call.name)
    return Result.of(list_collations(Catalog(call.ctx), _pattern(call), verbose=verbose, system=system,
                                   expanded=expanded))


@command(*command_names("d", ["T"]), usage="\\dT[Sx+] [PATTERN]", group=GROUP, help="list data types")
def do_types(call: Call) -> Result:
    """\\dT: psql's describeTypes."""
    from dsqlsh.meta.describe_types import describe_types

    verbose, system, expanded = _flags(call.name)
    return Result.of(describe_types(Catalog(call.ctx), _pattern(call), verbose=verbose, system=system,
                                  expanded=expanded))


@command(*command_names("d", ["x"]), usage="\\dx[x+]  [PATTERN]", group=GROUP, help="list extensions")
def do_extensions(call: Call) -> Result:
    """\\dx lists extensions; \\dx+ lists the objects of each instead."""
    verbose, _, expanded = _flags(call.name)
    catalog, pattern = Catalog(call.ctx), _pattern(call)
    if verbose:
        return Result.of(list_extension_contents(catalog, pattern, expanded=expanded))
    return Result.of(list_extensions(catalog, pattern, expanded=expanded))


@command(*command_names("d", ["X"]), usage="\\dX[x]   [PATTERN]", group=GROUP, help="list extended statistics")
def do_extended_statistics(call: Call) -> Result:
    """\\dX: psql's listExtendedStats (it takes no +)."""
    _, _, expanded = _flags(call.name)
    return Result.of(list_extended_stats(Catalog(call.ctx), _pattern(call), expanded=expanded))


@command(*command_names("d", ["y"]), usage="\\dy[x+]  [PATTERN]", group=GROUP, help="list event triggers")
def do_event_triggers(call: Call) -> Result:
    """\\dy: psql's listEventTriggers."""
    verbose, _, expanded = _flags(call.name)
    return Result.of(list_event_triggers(Catalog(call.ctx), _pattern(call), verbose=verbose, expanded=expanded))


# ---- \da, \dc -----------------------------------------------------------------------------------------

def describe_aggregates(catalog: Catalog, pattern: str | None, *, system: bool, expanded: str | None = None) -> bool:
    """psql's describeAggregates (\\da)."""
    sql = ('SELECT n.nspname as "Schema",\n  p.proname AS "Name",\n'
           '  pg_catalog.format_type(p.prorettype, NULL) AS "Result data type",\n'
           "  CASE WHEN p.pronargs = 0\n    THEN CAST('*' AS pg_catalog.text)\n"
           '    ELSE pg_catalog.pg_get_function_arguments(p.oid)\n  END AS "Argument data types",\n'
           "  pg_catalog.obj_description(p.oid, 'pg_proc') as \"Description\"\n"
           "FROM pg_catalog.pg_proc p\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
           + ("WHERE p.prokind = 'a'\n" if catalog.version >= 110000 else "WHERE p.proisagg\n"))
    if not system and pattern is None:
        sql += SYSTEM_SCHEMAS
    return catalog.listing(sql, pattern, title="List of aggregate functions", order_by="1, 2, 4",
                           namevar="p.proname", visibility="pg_catalog.pg_function_is_visible(p.oid)",
                           expanded=expanded)


def list_conversions(catalog: Catalog, pattern: str | None, *, verbose: bool, system: bool,
                     expanded: str | None = None) -> bool:
    """psql's listConversions (\\dc)."""
    sql = ('SELECT n.nspname AS "Schema",\n       c.conname AS "Name",\n'
           '       pg_catalog.pg_encoding_to_char(c.conforencoding) AS "Source",\n'
           '       pg_catalog.pg_encoding_to_char(c.contoencoding) AS "Destination",\n'
           "       CASE WHEN c.condefault THEN 'yes'\n       ELSE 'no' END AS \"Default?\"")
    if verbose:
        sql += ',\n       d.description AS "Description"'
    sql += "\nFROM pg_catalog.pg_conversion c\n     JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace\n"
    if verbose:
        sql += ("LEFT JOIN pg_catalog.pg_description d ON d.classoid = c.tableoid\n"
                "          AND d.objoid = c.oid AND d.objsubid = 0\n")
    sql += "WHERE true\n"
    if not system and pattern is None:
        sql += "  AND n.nspname <> 'pg_catalog'\n  AND n.nspname <> 'information_schema'\n"
    return catalog.listing(sql, pattern, title="List of conversions", order_by="1, 2", namevar="c.conname",
                           visibility="pg_catalog.pg_conversion_is_visible(c.oid)", expanded=expanded)


# ---- \dd ----------------------------------------------------------------------------------------------

# The objects \dd covers (those no other command shows the comment of): the SELECT, whether it has a WHERE
# already (the operator class and family parts add their conditions to the JOIN's ON, as psql does), the
# name column and the visibility test.
_DESCRIBED = (
    ("  SELECT pgc.oid as oid, pgc.tableoid AS tableoid,\n  n.nspname as nspname,\n"
     "  CAST(pgc.conname AS pg_catalog.text) as name,  CAST('table constraint' AS pg_catalog.text) as object\n"
     "  FROM pg_catalog.pg_constraint pgc\n    JOIN pg_catalog.pg_class c ON c.oid = pgc.conrelid\n"
     "    LEFT JOIN pg_catalog.pg_namespace n     ON n.oid = c.relnamespace\n",
     False, "pgc.conname", "pg_catalog.pg_table_is_visible(c.oid)"),
    ("  SELECT pgc.oid as oid, pgc.tableoid AS tableoid,\n  n.nspname as nspname,\n"
     "  CAST(pgc.conname AS pg_catalog.text) as name,  CAST('domain constraint' AS pg_catalog.text) as object\n"
     "  FROM pg_catalog.pg_constraint pgc\n    JOIN pg_catalog.pg_type t ON t.oid = pgc.contypid\n"
     "    LEFT JOIN pg_catalog.pg_namespace n     ON n.oid = t.typnamespace\n",
     False, "pgc.conname", "pg_catalog.pg_type_is_visible(t.oid)"),
    ("  SELECT o.oid as oid, o.tableoid as tableoid,\n  n.nspname as nspname,\n"
     "  CAST(o.opcname AS pg_catalog.text) as name,\n  CAST('operator class' AS pg_catalog.text) as object\n"
     "  FROM pg_catalog.pg_opclass o\n    JOIN pg_catalog.pg_am am ON o.opcmethod = am.oid\n"
     "    JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace\n",
     True, "o.opcname", "pg_catalog.pg_opclass_is_visible(o.oid)"),
    ("  SELECT opf.oid as oid, opf.tableoid as tableoid,\n  n.nspname as nspname,\n"
     "  CAST(opf.opfname AS pg_catalog.text) AS name,\n  CAST('operator family' AS pg_catalog.text) as object\n"
     "  FROM pg_catalog.pg_opfamily opf\n    JOIN pg_catalog.pg_am am ON opf.opfmethod = am.oid\n"
     "    JOIN pg_catalog.pg_namespace n ON opf.opfnamespace = n.oid\n",
     True, "opf.opfname", "pg_catalog.pg_opfamily_is_visible(opf.oid)"),
    ("  SELECT r.oid as oid, r.tableoid as tableoid,\n  n.nspname as nspname,\n"
     "  CAST(r.rulename AS pg_catalog.text) as name,  CAST('rule' AS pg_catalog.text) as object\n"
     "  FROM pg_catalog.pg_rewrite r\n       JOIN pg_catalog.pg_class c ON c.oid = r.ev_class\n"
     "       LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
     "  WHERE r.rulename != '_RETURN'\n",  # a view's rule is the view itself
     True, "r.rulename", "pg_catalog.pg_table_is_visible(c.oid)"),
    ("  SELECT t.oid as oid, t.tableoid as tableoid,\n  n.nspname as nspname,\n"
     "  CAST(t.tgname AS pg_catalog.text) as name,  CAST('trigger' AS pg_catalog.text) as object\n"
     "  FROM pg_catalog.pg_trigger t\n       JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid\n"
     "       LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n",
     False, "t.tgname", "pg_catalog.pg_table_is_visible(c.oid)"),
)


def object_descriptions(catalog: Catalog, pattern: str | None, *, system: bool, expanded: str | None = None) -> bool:
    """psql's objectDescription (\\dd): comments on constraints, operator classes and families, rules, triggers."""
    hide_system = not system and pattern is None
    parts = []
    for select, has_where, namevar, visibility in _DESCRIBED:
        sql = select
        if hide_system:
            sql += SYSTEM_SCHEMAS if has_where else ("WHERE n.nspname <> 'pg_catalog'\n"
                                                     "      AND n.nspname <> 'information_schema'\n")
        clause = catalog.where(pattern, have_where=has_where or hide_system, schemavar="n.nspname",
                               namevar=namevar, visibility=visibility)
        if clause is None:
            return False
        parts.append(sql + clause.sql)
    sql = ('SELECT DISTINCT tt.nspname AS "Schema", tt.name AS "Name", tt.object AS "Object", '
           'd.description AS "Description"\nFROM (\n' + "UNION ALL\n".join(parts)
           + ") AS tt\n  JOIN pg_catalog.pg_description d ON (tt.oid = d.objoid AND tt.tableoid = d.classoid "
           "AND d.objsubid = 0)\nORDER BY 1, 2, 3;")
    return catalog.show_query(sql, title="Object descriptions", expanded=expanded)


# ---- \dL ----------------------------------------------------------------------------------------------

def list_languages(catalog: Catalog, pattern: str | None, *, verbose: bool, system: bool,
                   expanded: str | None = None) -> bool:
    """psql's listLanguages (\\dL); refused on DSQL, which has no pg_language catalog."""
    if catalog.is_dsql:
        catalog.ctx.error("\\dL: Aurora DSQL has no pg_language catalog (its functions are SQL or built in)")
        return False
    sql = ('SELECT l.lanname AS "Name",\n       pg_catalog.pg_get_userbyid(l.lanowner) as "Owner",\n'
           '       l.lanpltrusted AS "Trusted"')
    if verbose:
        sql += (',\n       NOT l.lanispl AS "Internal language",\n'
                '       l.lanplcallfoid::pg_catalog.regprocedure AS "Call handler",\n'
                '       l.lanvalidator::pg_catalog.regprocedure AS "Validator",\n'
                '       l.laninline::pg_catalog.regprocedure AS "Inline handler",\n       ' + acl_column("l.lanacl"))
    sql += (',\n       d.description AS "Description"\nFROM pg_catalog.pg_language l\n'
            "LEFT JOIN pg_catalog.pg_description d\n  ON d.classoid = l.tableoid AND d.objoid = l.oid\n"
            "  AND d.objsubid = 0\n")
    if pattern is not None:
        clause = catalog.where(pattern, have_where=False, namevar="l.lanname", maxparts=2)
        if clause is None:
            return False
        sql += clause.sql
    elif not system:  # without S, the languages that have a call handler (not internal, c, sql)
        sql += "WHERE l.lanplcallfoid != 0\n"
    return catalog.show_query(sql + "ORDER BY 1;", title="List of languages", expanded=expanded)


# ---- \dx ----------------------------------------------------------------------------------------------

def list_extensions(catalog: Catalog, pattern: str | None, *, expanded: str | None = None) -> bool:
    """psql's listExtensions (\\dx)."""
    sql = ('SELECT e.extname AS "Name", e.extversion AS "Version", ae.default_version AS "Default version",'
           'n.nspname AS "Schema", d.description AS "Description"\n'
           "FROM pg_catalog.pg_extension e LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace "
           "LEFT JOIN pg_catalog.pg_description d ON d.objoid = e.oid "
           "AND d.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
           "LEFT JOIN pg_catalog.pg_available_extensions() ae(name, default_version, comment) "
           "ON ae.name = e.extname\n")
    clause = catalog.where(pattern, have_where=False, namevar="e.extname", maxparts=1)
    if clause is None:
        return False
    return catalog.show_query(sql + clause.sql + "ORDER BY 1;", title="List of installed extensions",
                              expanded=expanded)


def list_extension_contents(catalog: Catalog, pattern: str | None, *, expanded: str | None = None) -> bool:
    """psql's listExtensionContents (\\dx+): one table of objects per extension; none found is an error."""
    clause = catalog.where(pattern, have_where=False, namevar="e.extname", maxparts=1)
    if clause is None:
        return False
    rows = catalog.query("SELECT e.extname, e.oid\nFROM pg_catalog.pg_extension e\n" + clause.sql + "ORDER BY 1;")
    if rows is None:
        return False
    if not rows.values:
        if not catalog.ctx.quiet:
            catalog.ctx.error(f'Did not find any extension named "{pattern}".' if pattern is not None
                              else "Did not find any extensions.")
        return False
    for i in range(len(rows)):
        sql = ('SELECT pg_catalog.pg_describe_object(classid, objid, 0) AS "Object description"\n'
               "FROM pg_catalog.pg_depend\n"
               "WHERE refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
               f"AND refobjid = '{rows.text(i, 1)}' AND deptype = 'e'\nORDER BY 1;")
        if not catalog.show_query(sql, title=f'Objects in extension "{rows.text(i, 0)}"', expanded=expanded):
            return False
    return True


# ---- \dX, \dy -----------------------------------------------------------------------------------------

def list_extended_stats(catalog: Catalog, pattern: str | None, *, expanded: str | None = None) -> bool:
    """psql's listExtendedStats (\\dX)."""
    version = catalog.version
    sql = ('SELECT \nes.stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS "Schema", \n'
           'es.stxname AS "Name", \n')
    if version >= 140000:
        sql += ("pg_catalog.format('%s FROM %s', \n  pg_catalog.pg_get_statisticsobjdef_columns(es.oid), \n"
                '  es.stxrelid::pg_catalog.regclass) AS "Definition"')
    else:
        sql += ("pg_catalog.format('%s FROM %s', \n"
                "  (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname),', ') \n"
                "   FROM pg_catalog.unnest(es.stxkeys) s(attnum) \n   JOIN pg_catalog.pg_attribute a \n"
                "   ON (es.stxrelid = a.attrelid \n   AND a.attnum = s.attnum \n   AND NOT a.attisdropped)), \n"
                'es.stxrelid::pg_catalog.regclass) AS "Definition"')
    sql += (",\nCASE WHEN 'd' = any(es.stxkind) THEN 'defined' \nEND AS \"Ndistinct\", \n"
            "CASE WHEN 'f' = any(es.stxkind) THEN 'defined' \nEND AS \"Dependencies\"")
    if version >= 120000:
        sql += ",\nCASE WHEN 'm' = any(es.stxkind) THEN 'defined' \nEND AS \"MCV\" "
    sql += " \nFROM pg_catalog.pg_statistic_ext es \n"
    clause = catalog.where(pattern, have_where=False,
                           schemavar="es.stxnamespace::pg_catalog.regnamespace::pg_catalog.text",
                           namevar="es.stxname", visibility="pg_catalog.pg_statistics_obj_is_visible(es.oid)")
    if clause is None:
        return False
    return catalog.show_query(sql + clause.sql + "ORDER BY 1, 2;", title="List of extended statistics",
                              expanded=expanded)


def list_event_triggers(catalog: Catalog, pattern: str | None, *, verbose: bool,
                        expanded: str | None = None) -> bool:
    """psql's listEventTriggers (\\dy)."""
    sql = ('SELECT evtname as "Name", evtevent as "Event", pg_catalog.pg_get_userbyid(e.evtowner) as "Owner",\n'
           " case evtenabled when 'O' then 'enabled'  when 'R' then 'replica'  when 'A' then 'always'  "
           "when 'D' then 'disabled' end as \"Enabled\",\n"
           ' e.evtfoid::pg_catalog.regproc as "Function", pg_catalog.array_to_string(array(select x '
           "from pg_catalog.unnest(evttags) as t(x)), ', ') as \"Tags\"")
    if verbose:
        sql += ",\npg_catalog.obj_description(e.oid, 'pg_event_trigger') as \"Description\""
    sql += "\nFROM pg_catalog.pg_event_trigger e "
    clause = catalog.where(pattern, have_where=False, namevar="evtname", maxparts=1)
    if clause is None:
        return False
    # psql: no ";"
    return catalog.show_query(sql + clause.sql + "ORDER BY 1", title="List of event triggers", expanded=expanded)
