"""psql's describe commands for settings, privileges, roles, text search, foreign data, replication and
large objects: \\dconfig, \\db, \\ddp, \\drds, \\drg, \\dF \\dFd \\dFp \\dFt, \\des \\dew \\det \\deu,
\\dRp \\dRs, \\dl and \\lo_list.

Each builds the SQL psql 18 builds for the server's version (describe.c), so on PostgreSQL the output is
psql's byte for byte; the text search and replication queries, whose + prints a table per object, live in
describe_detail.py. On Aurora DSQL, \\db,
\\drds, \\dRp and \\dRs say in one line that DSQL lacks what they list: it has no tablespaces, publications
or subscriptions, and no pg_database catalog (see describe.py).
"""

from __future__ import annotations

from collections.abc import Callable

from dsqlsh.meta.describe import command_names, modifier_flags
from dsqlsh.meta.describe_detail import (
    describe_publications,
    describe_subscriptions,
    dsql_lacks,
    list_publications,
    list_ts_configs,
    list_ts_dictionaries,
    list_ts_parsers,
    list_ts_templates,
)
from dsqlsh.meta.describe_query import Catalog, acl_column
from dsqlsh.meta.registry import Call, Result, command

__all__ = ["describe_role_grants", "list_config_parameters", "list_db_role_settings", "list_default_acls",
           "list_foreign_data_wrappers", "list_foreign_servers", "list_foreign_tables", "list_large_objects",
           "list_tablespaces", "list_user_mappings"]

GROUP = "Informational"


def _listing(call: Call, lister: Callable[..., bool]) -> Result:
    """The usual handler: one optional pattern, + for detail, x for expanded output."""
    verbose, _, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    return Result.of(lister(Catalog(call.ctx), pattern, verbose=verbose, expanded=expanded))


# ---- registration ---------------------------------------------------------------------------------------

@command(*command_names("d", ["b"]), usage="\\db[x+]  [PATTERN]", group=GROUP, help="list tablespaces")
def do_tablespaces(call: Call) -> Result:
    """\\db: describeTablespaces."""
    return _listing(call, list_tablespaces)


@command(*command_names("dconfig", [""]), usage="\\dconfig[x+] [PATTERN]", group=GROUP,
         help="list configuration parameters")
def do_config(call: Call) -> Result:
    """\\dconfig: describeConfigurationParameters."""
    return _listing(call, list_config_parameters)


@command(*command_names("d", ["dp"]), usage="\\ddp[x]  [PATTERN]", group=GROUP, help="list default privileges")
def do_default_privileges(call: Call) -> Result:
    """\\ddp: listDefaultACLs (psql takes + and ignores it)."""
    return _listing(call, list_default_acls)


Handler = Callable[[Call], Result]


def _foreign(letter: str, usage: str, help_text: str) -> Callable[[Handler], Handler]:
    """@command for \\de followed by letter (s, t, u, w): the SQL/MED commands."""
    return command(*command_names("de", [letter]), usage=usage, group=GROUP, help=help_text)


@_foreign("s", "\\des[x+] [PATTERN]", "list foreign servers")
def do_foreign_servers(call: Call) -> Result:
    """\\des: listForeignServers."""
    return _listing(call, list_foreign_servers)


@_foreign("t", "\\det[x+] [PATTERN]", "list foreign tables")
def do_foreign_tables(call: Call) -> Result:
    """\\det: listForeignTables."""
    return _listing(call, list_foreign_tables)


@_foreign("u", "\\deu[x+] [PATTERN]", "list user mappings")
def do_user_mappings(call: Call) -> Result:
    """\\deu: listUserMappings."""
    return _listing(call, list_user_mappings)


@_foreign("w", "\\dew[x+] [PATTERN]", "list foreign-data wrappers")
def do_foreign_data_wrappers(call: Call) -> Result:
    """\\dew: listForeignDataWrappers."""
    return _listing(call, list_foreign_data_wrappers)


# \dF takes its modifiers anywhere but right after the F: psql reads \dFS as an unknown command.
@command(*(n for n in command_names("d", ["F"]) if not n.startswith("dFS")), usage="\\dF[x+]  [PATTERN]",
         group=GROUP, help="list text search configurations")
def do_ts_configs(call: Call) -> Result:
    """\\dF: listTSConfigs."""
    return _listing(call, list_ts_configs)


@command(*command_names("dF", ["d"]), usage="\\dFd[x+] [PATTERN]", group=GROUP,
         help="list text search dictionaries")
def do_ts_dictionaries(call: Call) -> Result:
    """\\dFd: listTSDictionaries."""
    return _listing(call, list_ts_dictionaries)


@command(*command_names("dF", ["p"]), usage="\\dFp[x+] [PATTERN]", group=GROUP, help="list text search parsers")
def do_ts_parsers(call: Call) -> Result:
    """\\dFp: listTSParsers."""
    return _listing(call, list_ts_parsers)


@command(*command_names("dF", ["t"]), usage="\\dFt[x+] [PATTERN]", group=GROUP,
         help="list text search templates")
def do_ts_templates(call: Call) -> Result:
    """\\dFt: listTSTemplates."""
    return _listing(call, list_ts_templates)


@command(*command_names("d", ["l"]), usage="\\dl[x+]", group=GROUP, help="list large objects, same as \\lo_list")
def do_large_objects(call: Call) -> Result:
    """\\dl: listLargeObjects."""
    verbose, _, expanded = modifier_flags(call.name)
    call.args.next(semicolon=True)  # psql reads a pattern, as for every \d command, and ignores it
    return Result.of(list_large_objects(Catalog(call.ctx), verbose=verbose, expanded=expanded))


@command(*command_names("d", ["rds"]), usage="\\drds[x] [ROLEPTRN [DBPTRN]]", group=GROUP,
         help="list per-database role settings")
def do_role_settings(call: Call) -> Result:
    """\\drds: listDbRoleSettings."""
    _, _, expanded = modifier_flags(call.name)
    role_pattern = call.args.next(semicolon=True)
    # psql reads a database pattern only after a role pattern.
    db_pattern = call.args.next(semicolon=True) if role_pattern is not None else None
    return Result.of(list_db_role_settings(Catalog(call.ctx), role_pattern, db_pattern, expanded=expanded))


@command(*command_names("d", ["rg"]), usage="\\drg[Sx] [PATTERN]", group=GROUP, help="list role grants")
def do_role_grants(call: Call) -> Result:
    """\\drg: describeRoleGrants."""
    _, system, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    return Result.of(describe_role_grants(Catalog(call.ctx), pattern, system=system, expanded=expanded))


@command(*command_names("dR", ["p"]), usage="\\dRp[x+] [PATTERN]", group=GROUP,
         help="list replication publications")
def do_publications(call: Call) -> Result:
    """\\dRp: listPublications, or with + describePublications."""
    verbose, _, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    lister = describe_publications if verbose else list_publications
    return Result.of(lister(Catalog(call.ctx), pattern, expanded=expanded))


@command(*command_names("dR", ["s"]), usage="\\dRs[x+] [PATTERN]", group=GROUP,
         help="list replication subscriptions")
def do_subscriptions(call: Call) -> Result:
    """\\dRs: describeSubscriptions."""
    return _listing(call, describe_subscriptions)


# psql takes \lo_list followed by any letters (only S, x and + are registered here), and reads two arguments
# it ignores, as every \lo_ command reads them.
@command(*command_names("lo_list", [""]), usage="\\lo_list[x+]", group="Large Objects", help="list large objects")
def do_lo_list(call: Call) -> Result:
    """\\lo_list: listLargeObjects."""
    verbose, _, expanded = modifier_flags(call.name)
    call.args.next(semicolon=True)
    call.args.next(semicolon=True)
    return Result.of(list_large_objects(Catalog(call.ctx), verbose=verbose, expanded=expanded))


# ---- the queries ------------------------------------------------------------------------------------------


def _with_pattern(catalog: Catalog, sql: str, pattern: str | None, *, order_by: str, have_where: bool = False,
                  namevar: str, altnamevar: str | None = None, maxparts: int = 1) -> str | None:
    """sql, the pattern's conditions on a name (no schema part), ORDER BY; None if psql refuses the pattern."""
    clause = catalog.where(pattern, have_where=have_where, namevar=namevar, altnamevar=altnamevar,
                           maxparts=maxparts)
    return None if clause is None else f"{sql}{clause.sql}ORDER BY {order_by};"


def list_config_parameters(catalog: Catalog, pattern: str | None, *, verbose: bool,
                           expanded: str | None = None) -> bool:
    """describeConfigurationParameters (\\dconfig): without a pattern, only the non-default ones."""
    sql = 'SELECT s.name AS "Parameter", pg_catalog.current_setting(s.name) AS "Value"'
    if verbose:
        sql += ', s.vartype AS "Type", s.context AS "Context", '
        sql += acl_column("p.paracl") if catalog.version >= 150000 else 'NULL AS "Access privileges"'
    sql += "\nFROM pg_catalog.pg_settings s\n"
    if verbose and catalog.version >= 150000:
        sql += "  LEFT JOIN pg_catalog.pg_parameter_acl p\n  ON pg_catalog.lower(s.name) = p.parname\n"
    if pattern is not None:
        # psql applies this pattern without validateSQLNamePattern: any number of dots is a plain name.
        clause = catalog.where(pattern, have_where=False, namevar="pg_catalog.lower(s.name)",
                               maxparts=len(pattern) + 1)
        if clause is None:
            return False
        sql += clause.sql
    else:
        sql += "WHERE s.source <> 'default' AND\n      s.setting IS DISTINCT FROM s.boot_val\n"
    title = "List of configuration parameters" if pattern is not None else \
        "List of non-default configuration parameters"
    return catalog.show_query(sql + "ORDER BY 1;", title=title, expanded=expanded)


def list_tablespaces(catalog: Catalog, pattern: str | None, *, verbose: bool, expanded: str | None = None) -> bool:
    """describeTablespaces (\\db)."""
    if dsql_lacks(catalog, "tablespaces"):
        return True
    sql = ('SELECT spcname AS "Name",\n  pg_catalog.pg_get_userbyid(spcowner) AS "Owner",\n'
           '  pg_catalog.pg_tablespace_location(oid) AS "Location"')
    if verbose:
        sql += (",\n  " + acl_column("spcacl") + ',\n  spcoptions AS "Options"'
                ',\n  pg_catalog.pg_size_pretty(pg_catalog.pg_tablespace_size(oid)) AS "Size"'
                ",\n  pg_catalog.shobj_description(oid, 'pg_tablespace') AS \"Description\"")
    full = _with_pattern(catalog, sql + "\nFROM pg_catalog.pg_tablespace\n", pattern, order_by="1",
                         namevar="spcname")
    return full is not None and catalog.show_query(full, title="List of tablespaces", expanded=expanded)


def list_default_acls(catalog: Catalog, pattern: str | None, *, verbose: bool = False,
                      expanded: str | None = None) -> bool:
    """listDefaultACLs (\\ddp): the pattern matches the schema or the owning role."""
    sql = ('SELECT pg_catalog.pg_get_userbyid(d.defaclrole) AS "Owner",\n  n.nspname AS "Schema",\n'
           "  CASE d.defaclobjtype     WHEN 'r' THEN 'table' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'function'"
           "    WHEN 'T' THEN 'type' WHEN 'n' THEN 'schema' WHEN 'L' THEN 'large object' END AS \"Type\",\n  "
           + acl_column("d.defaclacl")
           + "\nFROM pg_catalog.pg_default_acl d\n"
           "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace\n")
    full = _with_pattern(catalog, sql, pattern, order_by="1, 2, 3", namevar="n.nspname",
                         altnamevar="pg_catalog.pg_get_userbyid(d.defaclrole)", maxparts=3)
    return full is not None and catalog.show_query(full, title="Default access privileges", expanded=expanded)


def list_db_role_settings(catalog: Catalog, role_pattern: str | None, db_pattern: str | None, *,
                          expanded: str | None = None) -> bool:
    """listDbRoleSettings (\\drds): an empty result is reported (unless quiet), since the two patterns
    are easy to confuse."""
    if dsql_lacks(catalog, "per-database role settings (it has no pg_database catalog)"):
        return True
    sql = ('SELECT rolname AS "Role", datname AS "Database",\n'
           "pg_catalog.array_to_string(setconfig, E'\\n') AS \"Settings\"\n"
           "FROM pg_catalog.pg_db_role_setting s\nLEFT JOIN pg_catalog.pg_database d ON d.oid = setdatabase\n"
           "LEFT JOIN pg_catalog.pg_roles r ON r.oid = setrole\n")
    role = catalog.where(role_pattern, have_where=False, namevar="r.rolname", maxparts=1)
    if role is None:
        return False
    full = _with_pattern(catalog, sql + role.sql, db_pattern, order_by="1, 2", have_where=role.added,
                         namevar="d.datname")
    rows = catalog.query(full) if full is not None else None
    if rows is None:
        return False
    if rows.values or catalog.ctx.quiet:
        return catalog.show(rows, title="List of settings", expanded=expanded)
    if role_pattern is not None and db_pattern is not None:
        catalog.ctx.error(f'Did not find any settings for role "{role_pattern}" and database "{db_pattern}".')
    elif role_pattern is not None:
        catalog.ctx.error(f'Did not find any settings for role "{role_pattern}".')
    else:
        catalog.ctx.error("Did not find any settings.")
    return True


def describe_role_grants(catalog: Catalog, pattern: str | None, *, system: bool,
                         expanded: str | None = None) -> bool:
    """describeRoleGrants (\\drg): before 16 the INHERIT and SET options come from the member role."""
    sql = ('SELECT m.rolname AS "Role name", r.rolname AS "Member of",\n  pg_catalog.concat_ws(\', \',\n'
           "    CASE WHEN pam.admin_option THEN 'ADMIN' END,\n")
    if catalog.version >= 160000:
        sql += ("    CASE WHEN pam.inherit_option THEN 'INHERIT' END,\n"
                "    CASE WHEN pam.set_option THEN 'SET' END\n")
    else:
        sql += "    CASE WHEN m.rolinherit THEN 'INHERIT' END,\n    'SET'\n"
    sql += ('  ) AS "Options",\n  g.rolname AS "Grantor"\nFROM pg_catalog.pg_roles m\n'
            "     JOIN pg_catalog.pg_auth_members pam ON (pam.member = m.oid)\n"
            "     LEFT JOIN pg_catalog.pg_roles r ON (pam.roleid = r.oid)\n"
            "     LEFT JOIN pg_catalog.pg_roles g ON (pam.grantor = g.oid)\n")
    if not system and pattern is None:
        sql += "WHERE m.rolname !~ '^pg_'\n"
    full = _with_pattern(catalog, sql, pattern, order_by="1, 2, 4", namevar="m.rolname")
    # psql ends this query with a newline after the semicolon (ECHO_HIDDEN shows it).
    return full is not None and catalog.show_query(full + "\n", title="List of role grants", expanded=expanded)


# ---- \des \dew \det \deu ----------------------------------------------------------------------------------

def _options_column(column: str, name: str = "FDW options") -> str:
    """The "(name 'value', ...)" column psql builds from an options array."""
    return (f"CASE WHEN {column} IS NULL THEN '' ELSE   '(' || pg_catalog.array_to_string(ARRAY(SELECT "
            "  pg_catalog.quote_ident(option_name) ||  ' ' ||   pg_catalog.quote_literal(option_value)  FROM "
            f"  pg_catalog.pg_options_to_table({column})),  ', ') || ')'   END AS \"{name}\"")


def list_foreign_data_wrappers(catalog: Catalog, pattern: str | None, *, verbose: bool,
                               expanded: str | None = None) -> bool:
    """listForeignDataWrappers (\\dew)."""
    sql = ('SELECT fdw.fdwname AS "Name",\n  pg_catalog.pg_get_userbyid(fdw.fdwowner) AS "Owner",\n'
           '  fdw.fdwhandler::pg_catalog.regproc AS "Handler",\n'
           '  fdw.fdwvalidator::pg_catalog.regproc AS "Validator"')
    if verbose:
        sql += (",\n  " + acl_column("fdwacl") + ",\n " + _options_column("fdwoptions")
                + ',\n  d.description AS "Description" ')
    sql += "\nFROM pg_catalog.pg_foreign_data_wrapper fdw\n"
    if verbose:
        sql += ("LEFT JOIN pg_catalog.pg_description d\n"
                "       ON d.classoid = fdw.tableoid AND d.objoid = fdw.oid AND d.objsubid = 0\n")
    full = _with_pattern(catalog, sql, pattern, order_by="1", namevar="fdwname")
    return full is not None and catalog.show_query(full, title="List of foreign-data wrappers", expanded=expanded)


def list_foreign_servers(catalog: Catalog, pattern: str | None, *, verbose: bool,
                         expanded: str | None = None) -> bool:
    """listForeignServers (\\des)."""
    sql = ('SELECT s.srvname AS "Name",\n  pg_catalog.pg_get_userbyid(s.srvowner) AS "Owner",\n'
           '  f.fdwname AS "Foreign-data wrapper"')
    if verbose:
        sql += (",\n  " + acl_column("s.srvacl") + ',\n  s.srvtype AS "Type",\n  s.srvversion AS "Version",\n  '
                + _options_column("srvoptions") + ',\n  d.description AS "Description"')
    sql += ("\nFROM pg_catalog.pg_foreign_server s\n"
            "     JOIN pg_catalog.pg_foreign_data_wrapper f ON f.oid=s.srvfdw\n")
    if verbose:
        sql += ("LEFT JOIN pg_catalog.pg_description d\n"
                "       ON d.classoid = s.tableoid AND d.objoid = s.oid AND d.objsubid = 0\n")
    full = _with_pattern(catalog, sql, pattern, order_by="1", namevar="s.srvname")
    return full is not None and catalog.show_query(full, title="List of foreign servers", expanded=expanded)


def list_user_mappings(catalog: Catalog, pattern: str | None, *, verbose: bool,
                       expanded: str | None = None) -> bool:
    """listUserMappings (\\deu): the pattern matches the server or the user."""
    sql = 'SELECT um.srvname AS "Server",\n  um.usename AS "User name"'
    if verbose:
        sql += ",\n " + _options_column("umoptions")
    sql += "\nFROM pg_catalog.pg_user_mappings um\n"
    full = _with_pattern(catalog, sql, pattern, order_by="1, 2", namevar="um.srvname", altnamevar="um.usename")
    return full is not None and catalog.show_query(full, title="List of user mappings", expanded=expanded)


def list_foreign_tables(catalog: Catalog, pattern: str | None, *, verbose: bool,
                        expanded: str | None = None) -> bool:
    """listForeignTables (\\det)."""
    sql = 'SELECT n.nspname AS "Schema",\n  c.relname AS "Table",\n  s.srvname AS "Server"'
    if verbose:
        sql += ",\n " + _options_column("ftoptions") + ',\n  d.description AS "Description"'
    sql += ("\nFROM pg_catalog.pg_foreign_table ft\n  INNER JOIN pg_catalog.pg_class c ON c.oid = ft.ftrelid\n"
            "  INNER JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
            "  INNER JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver\n")
    if verbose:
        sql += ("   LEFT JOIN pg_catalog.pg_description d\n"
                "          ON d.classoid = c.tableoid AND d.objoid = c.oid AND d.objsubid = 0\n")
    clause = catalog.where(pattern, have_where=False, schemavar="n.nspname", namevar="c.relname",
                           visibility="pg_catalog.pg_table_is_visible(c.oid)")
    return clause is not None and catalog.show_query(f"{sql}{clause.sql}ORDER BY 1, 2;",
                                                     title="List of foreign tables", expanded=expanded)


# ---- \dl, \lo_list ----------------------------------------------------------------------------------------

def list_large_objects(catalog: Catalog, *, verbose: bool, expanded: str | None = None) -> bool:
    """listLargeObjects (\\dl, \\lo_list): the query has no semicolon in psql either."""
    sql = 'SELECT oid as "ID",\n  pg_catalog.pg_get_userbyid(lomowner) as "Owner",\n  '
    if verbose:
        sql += acl_column("lomacl") + ",\n  "
    sql += ("pg_catalog.obj_description(oid, 'pg_largeobject') as \"Description\"\n"
            "FROM pg_catalog.pg_largeobject_metadata\nORDER BY oid")
    return catalog.show_query(sql, title="Large objects", expanded=expanded)
