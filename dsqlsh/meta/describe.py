"""psql's describe commands: \\d, \\dt \\di \\ds \\dv \\dm \\dE, \\dn, \\du/\\dg, \\df, \\dp/\\z, \\l.

Each builds the SQL psql 18 builds for the server's version (describe.c), so on PostgreSQL the output
is psql's byte for byte; \\d NAME lives in describe_table.py. On Aurora DSQL a few queries leave out
what DSQL does not have (its "supported catalog tables" page marks pg_database and pg_language
unsupported; it has no row-level security, publications or tablespaces); each such place says so.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from dsqlsh.meta.describe_query import SYSTEM_AND_TOAST_SCHEMAS, SYSTEM_SCHEMAS, Catalog, acl_column
from dsqlsh.meta.registry import Call, Result, command

if TYPE_CHECKING:
    from dsqlsh.engine import Engine

GROUP = "Informational"
RELATION_LETTERS = "tivmsE"  # listTables' tabtypes
FUNCTION_LETTERS = "anptw"  # describeFunctions' functypes


def _modifiers() -> list[str]:
    """S, x and + in any order, as psql finds them anywhere in the command name."""
    return ["".join(p) for n in range(4) for p in itertools.permutations("S+x", n)]


def command_names(prefix: str, kinds: list[str], *, bare_x: bool = True) -> list[str]:
    return [prefix + kind + mod for kind in kinds for mod in _modifiers() if bare_x or kind or not mod.startswith("x")]


def modifier_flags(name: str) -> tuple[bool, bool, str | None]:
    """verbose (+), system (S), and the expanded override (x) of a command name."""
    return "+" in name, "S" in name, "on" if "x" in name else None


# ---- \d and the relation lists -----------------------------------------------------------------------

# \dti, \dvs, ...: psql takes any mix of the relation letters. Registered (under \dt): pairs in either
# order, larger sets in \? order (t i v m s E), and psql's default set \dtvmsE.
_RELATION_MIXES = sorted({a + b for a in RELATION_LETTERS for b in RELATION_LETTERS if a != b}
                         | {"".join(c) for n in range(3, 7) for c in itertools.combinations(RELATION_LETTERS, n)}
                         | {"tvmsE"})


@command(*command_names("d", [""], bare_x=False), usage="\\d[Sx+]", group=GROUP,
         help="list tables, views, and sequences")
def do_describe(call: Call) -> Result:
    """\\d with no name lists relations (psql's \\dtvmsE); with a pattern it describes each match."""
    verbose, system, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    catalog = Catalog(call.ctx)
    if pattern is not None:
        from dsqlsh.meta.describe_table import describe_tables

        return Result.OK if describe_tables(catalog, pattern, verbose=verbose, system=system,
                                            expanded=expanded) else Result.ERROR
    return Result.OK if list_tables(catalog, "tvmsE", None, verbose=verbose, system=system,
                                    expanded=expanded) else Result.ERROR


@command(usage="\\d[S+]   NAME", group=GROUP, help="describe table, view, sequence, or index")
def _describe_name_help(call: Call) -> Result:
    """Only a \\? line: \\d NAME is do_describe with an argument."""
    return Result.OK


@command(*command_names("d", ["E"]), usage="\\dE[Sx+] [PATTERN]", group=GROUP, help="list foreign tables")
def do_foreign_tables(call: Call) -> Result:
    return _relations(call)


_FUNCTION_KINDS = [""] + [a + b for a in FUNCTION_LETTERS for b in [""] + list(FUNCTION_LETTERS) if a != b]


@command(*command_names("df", _FUNCTION_KINDS),
         usage="\\df[anptw][Sx+] [FUNCPTRN [TYPEPTRN ...]]", group=GROUP,
         help="list [only agg/normal/procedure/trigger/window] functions")
def do_functions(call: Call) -> Result:
    from dsqlsh.meta.describe_functions import describe_functions

    verbose, system, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    arg_patterns: list[str] = []
    if pattern is not None:  # psql reads argument-type patterns only after a function pattern
        while len(arg_patterns) < 100 and (arg := call.args.next(semicolon=True)) is not None:
            arg_patterns.append(arg)
    ok = describe_functions(Catalog(call.ctx), call.name[2:], pattern, arg_patterns, verbose=verbose, system=system,
                            expanded=expanded)
    return Result.OK if ok else Result.ERROR


@command(*command_names("d", ["g"]), usage="\\dg[Sx+] [PATTERN]", group=GROUP, help="list roles")
def do_groups(call: Call) -> Result:
    return _roles(call)


@command(*command_names("d", ["i"]), usage="\\di[Sx+] [PATTERN]", group=GROUP, help="list indexes")
def do_indexes(call: Call) -> Result:
    return _relations(call)


@command(*command_names("d", ["m"]), usage="\\dm[Sx+] [PATTERN]", group=GROUP, help="list materialized views")
def do_matviews(call: Call) -> Result:
    return _relations(call)


@command(*command_names("d", ["n"]), usage="\\dn[Sx+] [PATTERN]", group=GROUP, help="list schemas")
def do_schemas(call: Call) -> Result:
    verbose, system, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    ok = list_schemas(Catalog(call.ctx), pattern, verbose=verbose, system=system, expanded=expanded)
    return Result.OK if ok else Result.ERROR


@command(*command_names("d", ["p"]), usage="\\dp[Sx]  [PATTERN]", group=GROUP,
         help="list table, view, and sequence access privileges")
def do_privileges(call: Call) -> Result:
    return _privileges(call)


def _privileges(call: Call) -> Result:
    _, system, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    return Result.OK if permissions_list(Catalog(call.ctx), pattern, system=system,
                                         expanded=expanded) else Result.ERROR


@command(*command_names("d", ["s"]), usage="\\ds[Sx+] [PATTERN]", group=GROUP, help="list sequences")
def do_sequences(call: Call) -> Result:
    return _relations(call)


@command(*command_names("d", ["t"] + _RELATION_MIXES), usage="\\dt[Sx+] [PATTERN]", group=GROUP, help="list tables")
def do_tables(call: Call) -> Result:
    """\\dt, and the mixes (\\dti, \\dvs, ...): psql takes any mix of the relation letters."""
    return _relations(call)


@command(*command_names("d", ["u"]), usage="\\du[Sx+] [PATTERN]", group=GROUP, help="list roles")
def do_roles(call: Call) -> Result:
    return _roles(call)


def _roles(call: Call) -> Result:
    verbose, system, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    return Result.OK if describe_roles(Catalog(call.ctx), pattern, verbose=verbose, system=system,
                                       expanded=expanded) else Result.ERROR


@command(*command_names("d", ["v"]), usage="\\dv[Sx+] [PATTERN]", group=GROUP, help="list views")
def do_views(call: Call) -> Result:
    return _relations(call)


def _relations(call: Call) -> Result:
    verbose, system, expanded = modifier_flags(call.name)
    kinds = "".join(c for c in call.name[1:] if c in RELATION_LETTERS)
    pattern = call.args.next(semicolon=True)
    ok = list_tables(Catalog(call.ctx), kinds, pattern, verbose=verbose, system=system, expanded=expanded)
    return Result.OK if ok else Result.ERROR


_KIND_SQL = ("CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' "
             "WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' "
             "WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as \"Type\"")
_KIND_WORDS = {"t": "tables", "i": "indexes", "v": "views", "m": "materialized views", "s": "sequences",
               "E": "foreign tables"}


def list_tables(catalog: Catalog, kinds: str, pattern: str | None, *, verbose: bool, system: bool,
                expanded: str | None = None) -> bool:
    """psql's listTables (\\dt, \\di, \\dv, \\dm, \\ds, \\dE and \\d without a name)."""
    ctx = catalog.ctx
    shown = {k for k in RELATION_LETTERS if k in kinds} or set("tvmsE")
    ntypes = len({k for k in RELATION_LETTERS if k in kinds})
    tables, indexes, matviews = "t" in shown, "i" in shown, "m" in shown
    with_am = catalog.version >= 120000 and not ctx.variables.flag("HIDE_TABLEAM") and (tables or matviews or indexes)
    sql = ('SELECT n.nspname as "Schema",\n  c.relname as "Name",\n  ' + _KIND_SQL
           + ',\n  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"')
    if indexes:
        sql += ',\n  c2.relname as "Table"'
    if verbose:
        sql += (",\n  CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 't' THEN 'temporary' "
                "WHEN 'u' THEN 'unlogged' END as \"Persistence\"")
        if with_am:
            sql += ',\n  am.amname as "Access method"'
        if not catalog.is_dsql:  # DSQL keeps no relation files for pg_table_size to measure
            sql += ',\n  pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)) as "Size"'
        sql += ",\n  pg_catalog.obj_description(c.oid, 'pg_class') as \"Description\""
    sql += "\nFROM pg_catalog.pg_class c\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    if with_am:
        sql += "\n     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam"
    if indexes:
        sql += ("\n     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid"
                "\n     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid")
    relkinds = ""
    if tables:
        relkinds += "'r','p',"
        if system or pattern is not None:  # with S or a pattern, 't' also matches TOAST tables
            relkinds += "'t',"
    if "v" in shown:
        relkinds += "'v',"
    if matviews:
        relkinds += "'m',"
    if indexes:
        relkinds += "'i','I',"
    if "s" in shown:
        relkinds += "'S',"
    if system or pattern is not None:
        relkinds += "'s',"  # was RELKIND_SPECIAL
    if "E" in shown:
        relkinds += "'f',"
    sql += f"\nWHERE c.relkind IN ({relkinds}'')\n"
    if not system and pattern is None:
        sql += SYSTEM_AND_TOAST_SCHEMAS
    clause = catalog.where(pattern, have_where=True, schemavar="n.nspname", namevar="c.relname",
                           visibility="pg_catalog.pg_table_is_visible(c.oid)")
    if clause is None:
        return False
    sql += clause.sql + "ORDER BY 1,2;"
    rows = catalog.query(sql)
    if rows is None:
        return False
    if not rows.values and not ctx.quiet:
        # psql deviates here from printing an empty table, "for historical reasons".
        what = "relations" if ntypes != 1 else _KIND_WORDS[next(iter(shown))]
        if pattern is not None:
            ctx.error(f'Did not find any {what} named "{pattern}".')
        else:
            ctx.error(f"Did not find any {what}.")
    else:  # quiet: the empty table, as any other list
        title = "List of relations" if ntypes != 1 else "List of " + _KIND_WORDS[next(iter(shown))]
        catalog.show(rows, title=title, expanded=expanded)
    return True


# ---- \dn ----------------------------------------------------------------------------------------------

def list_schemas(catalog: Catalog, pattern: str | None, *, verbose: bool, system: bool,
                 expanded: str | None = None) -> bool:
    """psql's listSchemas (\\dn)."""
    sql = 'SELECT n.nspname AS "Name",\n  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"'
    if verbose:
        sql += (",\n  " + acl_column("n.nspacl")
                + ",\n  pg_catalog.obj_description(n.oid, 'pg_namespace') AS \"Description\"")
    sql += "\nFROM pg_catalog.pg_namespace n\n"
    hide_system = not system and pattern is None
    if hide_system:
        sql += "WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'\n"
    clause = catalog.where(pattern, have_where=hide_system, namevar="n.nspname", maxparts=2)
    if clause is None:
        return False
    sql += clause.sql + "ORDER BY 1;"
    rows = catalog.query(sql)
    if rows is None:
        return False
    footers = None
    # DSQL has no publications (logical replication) to list under a schema.
    if pattern is not None and catalog.version >= 150000 and not catalog.is_dsql:
        # psql pastes the pattern in as it is; quotes are doubled here so a quote cannot break the query.
        pubs = catalog.query("SELECT pubname \nFROM pg_catalog.pg_publication p\n"
                             "     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid\n"
                             "     JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid \n"
                             f"WHERE n.nspname = '{pattern.replace(chr(39), chr(39) * 2)}'\nORDER BY 1")
        if pubs is None:
            return False
        if pubs.values:
            footers = ["Publications:"] + [f'    "{pubs.text(i, 0)}"' for i in range(len(pubs))]
    catalog.show(rows, title="List of schemas", footers=footers, expanded=expanded)
    return True


# ---- \du / \dg ----------------------------------------------------------------------------------------

def describe_roles(catalog: Catalog, pattern: str | None, *, verbose: bool, system: bool,
                   expanded: str | None = None) -> bool:
    """psql's describeRoles: attributes folded into one column, printed without a row count."""
    sql = ("SELECT r.rolname, r.rolsuper, r.rolinherit,\n  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,\n"
           "  r.rolconnlimit, r.rolvaliduntil")
    if verbose:
        sql += "\n, pg_catalog.shobj_description(r.oid, 'pg_authid') AS description"
    sql += "\n, r.rolreplication\n, r.rolbypassrls\nFROM pg_catalog.pg_roles r\n"
    if not system and pattern is None:
        sql += "WHERE r.rolname !~ '^pg_'\n"
    clause = catalog.where(pattern, have_where=False, namevar="r.rolname", maxparts=1)
    if clause is None:
        return False
    rows = catalog.query(sql + clause.sql + "ORDER BY 1;")
    if rows is None:
        return False
    from dsqlsh.meta.describe_query import Rows

    table = Rows(["Role name", "Attributes"] + (["Description"] if verbose else []), ["l"] * (3 if verbose else 2))
    repl, bypass = (9, 10) if verbose else (8, 9)
    for i in range(len(rows)):
        attrs = [label for col, want, label in ((1, True, "Superuser"), (2, False, "No inheritance"),
                                                 (3, True, "Create role"), (4, True, "Create DB"),
                                                 (5, False, "Cannot login"), (repl, True, "Replication"),
                                                 (bypass, True, "Bypass RLS"))
                 if rows.flag(i, col) == want]
        text = ", ".join(attrs)
        conns = int(rows.text(i, 6) or 0)
        if conns >= 0:
            text += ("\n" if text else "") + ("No connections" if conns == 0 else
                                              f"{conns} connection" + ("" if conns == 1 else "s"))
        if rows.text(i, 7):
            text += ("\n" if text else "") + "Password valid until " + rows.text(i, 7)
        cells: list[str | None] = [rows.text(i, 0), text]
        if verbose:
            cells.append(rows.text(i, 8))
        table.values.append(cells)
    catalog.show(table, title="List of roles", default_footer=False, expanded=expanded)
    return True


# ---- \dp / \z -----------------------------------------------------------------------------------------

def permissions_list(catalog: Catalog, pattern: str | None, *, system: bool, expanded: str | None = None) -> bool:
    """psql's permissionsList (\\dp, \\z). On DSQL without the Policies column: no row-level security."""
    sql = ('SELECT n.nspname as "Schema",\n  c.relname as "Name",\n'
           "  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' "
           "WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' "
           'END as "Type",\n  ' + acl_column("c.relacl")
           + ",\n  pg_catalog.array_to_string(ARRAY(\n"
           "    SELECT attname || E':\\n  ' || pg_catalog.array_to_string(attacl, E'\\n  ')\n"
           "    FROM pg_catalog.pg_attribute a\n"
           "    WHERE attrelid = c.oid AND NOT attisdropped AND attacl IS NOT NULL\n"
           '  ), E\'\\n\') AS "Column privileges"')
    if not catalog.is_dsql:
        sql += _POLICIES_COLUMN
    sql += ("\nFROM pg_catalog.pg_class c\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
            "WHERE c.relkind IN ('r','v','m','S','f','p')\n")
    if not system and pattern is None:
        sql += SYSTEM_SCHEMAS
    return catalog.listing(sql, pattern, title="Access privileges", order_by="1, 2", namevar="c.relname",
                           visibility="pg_catalog.pg_table_is_visible(c.oid)", expanded=expanded)


_POLICIES_COLUMN = (
    ",\n  pg_catalog.array_to_string(ARRAY(\n    SELECT polname\n"
    "    || CASE WHEN NOT polpermissive THEN\n       E' (RESTRICTIVE)'\n       ELSE '' END\n"
    "    || CASE WHEN polcmd != '*' THEN\n           E' (' || polcmd::pg_catalog.text || E'):'\n"
    "       ELSE E':'\n       END\n"
    "    || CASE WHEN polqual IS NOT NULL THEN\n           E'\\n  (u): ' || pg_catalog.pg_get_expr(polqual, polrelid)\n"
    "       ELSE E''\n       END\n"
    "    || CASE WHEN polwithcheck IS NOT NULL THEN\n"
    "           E'\\n  (c): ' || pg_catalog.pg_get_expr(polwithcheck, polrelid)\n"
    "       ELSE E''\n       END"
    "    || CASE WHEN polroles <> '{0}' THEN\n           E'\\n  to: ' || pg_catalog.array_to_string(\n"
    "               ARRAY(\n                   SELECT rolname\n                   FROM pg_catalog.pg_roles\n"
    "                   WHERE oid = ANY (polroles)\n                   ORDER BY 1\n               ), E', ')\n"
    "       ELSE E''\n       END\n"
    "    FROM pg_catalog.pg_policy pol\n    WHERE polrelid = c.oid), E'\\n')\n    AS \"Policies\""
)


# ---- \l -----------------------------------------------------------------------------------------------

def list_databases(engine: Engine, pattern: str | None, *, verbose: bool, expanded: str | None = None) -> bool:
    """\\l and -l: psql's listAllDbs query for the server's version.

    DSQL has one database and no pg_database catalog: there it shows the current database only.
    """
    catalog = Catalog(engine.ctx)
    if catalog.is_dsql:
        return _list_dsql_database(catalog, pattern, expanded)
    version = catalog.version
    sql = ('SELECT\n  d.datname as "Name",\n  pg_catalog.pg_get_userbyid(d.datdba) as "Owner",\n'
           '  pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",\n')
    if version >= 150000:
        sql += ("  CASE d.datlocprovider WHEN 'b' THEN 'builtin' WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' "
                'END AS "Locale Provider",\n')
    else:
        sql += "  'libc' AS \"Locale Provider\",\n"
    sql += '  d.datcollate as "Collate",\n  d.datctype as "Ctype",\n'
    if version >= 170000:
        sql += '  d.datlocale as "Locale",\n'
    elif version >= 150000:
        sql += '  d.daticulocale as "Locale",\n'
    else:
        sql += '  NULL as "Locale",\n'
    sql += '  d.daticurules as "ICU Rules",\n' if version >= 160000 else '  NULL as "ICU Rules",\n'
    sql += "  " + acl_column("d.datacl")
    if verbose:
        sql += (",\n  CASE WHEN pg_catalog.has_database_privilege(d.datname, 'CONNECT')\n"
                "       OR pg_catalog.pg_has_role('pg_read_all_stats', 'USAGE')\n"
                "       THEN pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(d.datname))\n"
                "       ELSE 'No Access'\n  END as \"Size\""
                ',\n  t.spcname as "Tablespace"'
                ",\n  pg_catalog.shobj_description(d.oid, 'pg_database') as \"Description\"")
    sql += "\nFROM pg_catalog.pg_database d\n"
    if verbose:
        sql += "  JOIN pg_catalog.pg_tablespace t on d.dattablespace = t.oid\n"
    return _show_databases(catalog, sql, pattern, namevar="d.datname", expanded=expanded)


def _list_dsql_database(catalog: Catalog, pattern: str | None, expanded: str | None) -> bool:
    sql = 'SELECT pg_catalog.current_database() AS "Name",\n  pg_catalog.getdatabaseencoding() AS "Encoding"\n'
    return _show_databases(catalog, sql, pattern, namevar="pg_catalog.current_database()", expanded=expanded)


def _show_databases(catalog: Catalog, sql: str, pattern: str | None, *, namevar: str,
                    expanded: str | None) -> bool:
    """The end of \\l either way: the pattern on the database name (no WHERE yet), then print."""
    if pattern is not None:
        clause = catalog.where(pattern, have_where=False, namevar=namevar, maxparts=1)
        if clause is None:
            return False
        sql += clause.sql
    rows = catalog.query(sql + "ORDER BY 1;")
    if rows is None:
        return False
    catalog.show(rows, title="List of databases", expanded=expanded)
    return True


@command("l", "l+", "lx", "l+x", "lx+", "list", "list+", "listx", "list+x", "listx+", usage="\\l[x+]   [PATTERN]",
         group=GROUP, help="list databases")
def do_list(call: Call) -> Result:
    verbose, _, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    return Result.OK if list_databases(call.runner.engine, pattern, verbose=verbose, expanded=expanded) \
        else Result.ERROR


@command("z", "zS", "zx", "zSx", "zxS", usage="\\z[Sx]   [PATTERN]", group=GROUP, help="same as \\dp")
def do_z(call: Call) -> Result:
    return _privileges(call)
