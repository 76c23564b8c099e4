"""The text search and replication listings, whose + prints a table per object: \\dF \\dFd \\dFp \\dFt
(describe.c's listTSConfigs, listTSDictionaries, listTSParsers, listTSTemplates; \\dF+ and \\dFp+ describe
each configuration and parser) and \\dRp \\dRs (listPublications, describePublications for \\dRp+,
describeSubscriptions).

The commands are registered in describe_settings.py; the queries are psql 18's for the server's version.
"""

from __future__ import annotations

from dsqlsh.meta.describe_query import Catalog, Rows

__all__ = ["describe_publications", "describe_subscriptions", "dsql_lacks", "list_publications", "list_ts_configs",
           "list_ts_dictionaries", "list_ts_parsers", "list_ts_templates", "server_too_old"]

_SCHEMA = "n.nspname"


def dsql_lacks(catalog: Catalog, what: str) -> bool:
    """On DSQL, a one-line note that it lacks what the command lists; as psql does for an old server, the
    command still succeeds."""
    if not catalog.is_dsql:
        return False
    catalog.ctx.error(f"Aurora DSQL does not support {what}.")
    return True


def server_too_old(catalog: Catalog, minimum: int, what: str) -> bool:
    """psql's "does not support" message for a server older than minimum (the command still succeeds)."""
    version = catalog.version
    if version >= minimum:
        return False
    # formatPGVersionNumber without the minor number
    number = f"{version // 10000}" if version >= 100000 else f"{version // 10000}.{version // 100 % 100}"
    catalog.ctx.error(f"The server (version {number}) does not support {what}.")
    return True


def list_ts_parsers(catalog: Catalog, pattern: str | None, *, verbose: bool, expanded: str | None = None) -> bool:
    """listTSParsers (\\dFp); with + one method table and one token table per parser."""
    if verbose:
        return _describe_parsers(catalog, pattern, expanded)
    sql = ('SELECT\n  n.nspname as "Schema",\n  p.prsname as "Name",\n'
           "  pg_catalog.obj_description(p.oid, 'pg_ts_parser') as \"Description\"\n"
           "FROM pg_catalog.pg_ts_parser p\nLEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace\n")
    return _list(catalog, sql, pattern, namevar="p.prsname", visibility="pg_catalog.pg_ts_parser_is_visible(p.oid)",
                 title="List of text search parsers", expanded=expanded)


def list_ts_dictionaries(catalog: Catalog, pattern: str | None, *, verbose: bool,
                         expanded: str | None = None) -> bool:
    """listTSDictionaries (\\dFd): + adds the template and its init options."""
    sql = 'SELECT\n  n.nspname as "Schema",\n  d.dictname as "Name",\n'
    if verbose:
        sql += ("  ( SELECT COALESCE(nt.nspname, '(null)')::pg_catalog.text || '.' || t.tmplname FROM\n"
                "    pg_catalog.pg_ts_template t\n"
                "    LEFT JOIN pg_catalog.pg_namespace nt ON nt.oid = t.tmplnamespace\n"
                '    WHERE d.dicttemplate = t.oid ) AS  "Template",\n'
                '  d.dictinitoption as "Init options",\n')
    sql += ("  pg_catalog.obj_description(d.oid, 'pg_ts_dict') as \"Description\"\n"
            "FROM pg_catalog.pg_ts_dict d\nLEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace\n")
    return _list(catalog, sql, pattern, namevar="d.dictname", visibility="pg_catalog.pg_ts_dict_is_visible(d.oid)",
                 title="List of text search dictionaries", expanded=expanded)


def list_ts_templates(catalog: Catalog, pattern: str | None, *, verbose: bool,
                      expanded: str | None = None) -> bool:
    """listTSTemplates (\\dFt): + adds the init and lexize functions."""
    sql = 'SELECT\n  n.nspname AS "Schema",\n  t.tmplname AS "Name",\n'
    if verbose:
        sql += ('  t.tmplinit::pg_catalog.regproc AS "Init",\n'
                '  t.tmpllexize::pg_catalog.regproc AS "Lexize",\n')
    sql += ("  pg_catalog.obj_description(t.oid, 'pg_ts_template') AS \"Description\"\n"
            "FROM pg_catalog.pg_ts_template t\nLEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace\n")
    return _list(catalog, sql, pattern, namevar="t.tmplname",
                 visibility="pg_catalog.pg_ts_template_is_visible(t.oid)", title="List of text search templates",
                 expanded=expanded)


def list_ts_configs(catalog: Catalog, pattern: str | None, *, verbose: bool, expanded: str | None = None) -> bool:
    """listTSConfigs (\\dF); with + one token-to-dictionaries table per configuration."""
    if verbose:
        return _describe_configs(catalog, pattern, expanded)
    sql = ('SELECT\n   n.nspname as "Schema",\n   c.cfgname as "Name",\n'
           "   pg_catalog.obj_description(c.oid, 'pg_ts_config') as \"Description\"\n"
           "FROM pg_catalog.pg_ts_config c\nLEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace\n")
    return _list(catalog, sql, pattern, namevar="c.cfgname", visibility="pg_catalog.pg_ts_config_is_visible(c.oid)",
                 title="List of text search configurations", expanded=expanded)


def _list(catalog: Catalog, sql: str, pattern: str | None, *, namevar: str, visibility: str, title: str,
          expanded: str | None) -> bool:
    """The shape all four plain listings share: no WHERE of their own, ordered by schema and name."""
    rows = _matches(catalog, sql, pattern, have_where=False, namevar=namevar, visibility=visibility,
                    order_by="1, 2")
    return rows is not None and catalog.show(rows, title=title, expanded=expanded)


def _matches(catalog: Catalog, sql: str, pattern: str | None, *, have_where: bool, namevar: str, visibility: str,
             order_by: str) -> Rows | None:
    clause = catalog.where(pattern, have_where=have_where, schemavar=_SCHEMA, namevar=namevar, visibility=visibility)
    if clause is None:
        return None
    return catalog.query(f"{sql}{clause.sql}ORDER BY {order_by};")


def _none_found(catalog: Catalog, pattern: str | None, what: str, plural: str) -> bool:
    """psql's verbose listings report an empty match (unless quiet) and fail either way."""
    if not catalog.ctx.quiet:
        catalog.ctx.error(f'Did not find any {what} named "{pattern}".' if pattern is not None
                          else f"Did not find any {plural}.")
    return False


def _qualified(schema: str | None, name: str) -> str:
    """psql's "%s.%s" title part, or the bare name when the schema is NULL."""
    return f"{schema}.{name}" if schema is not None else name


# ---- \dFp+ --------------------------------------------------------------------------------------------

def _describe_parsers(catalog: Catalog, pattern: str | None, expanded: str | None) -> bool:
    """listTSParsersVerbose."""
    sql = ("SELECT p.oid,\n  n.nspname,\n  p.prsname\nFROM pg_catalog.pg_ts_parser p\n"
           "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace\n")
    rows = _matches(catalog, sql, pattern, have_where=False, namevar="p.prsname",
                    visibility="pg_catalog.pg_ts_parser_is_visible(p.oid)", order_by="1, 2")
    if rows is None:
        return False
    if not rows.values:
        return _none_found(catalog, pattern, "text search parser", "text search parsers")
    for i in range(len(rows)):
        name = _qualified(rows.values[i][1], rows.text(i, 2))
        if not _describe_parser(catalog, rows.text(i, 0), name, expanded):
            return False
    return True


# describeOneTSParser: one row per parser method, in psql's order.
_PARSER_METHODS = (("Start parse", "prsstart"), ("Get next token", "prstoken"), ("End parse", "prsend"),
                   ("Get headline", "prsheadline"), ("Get token types", "prslextype"))


def _describe_parser(catalog: Catalog, oid: str, name: str, expanded: str | None) -> bool:
    """describeOneTSParser: its methods (no footer), then its token types."""
    parts = []
    for i, (label, column) in enumerate(_PARSER_METHODS):
        if i == 0:
            parts.append(f"SELECT '{label}' AS \"Method\",\n   p.{column}::pg_catalog.regproc AS \"Function\",\n"
                         f"   pg_catalog.obj_description(p.{column}, 'pg_proc') as \"Description\"\n")
        else:
            parts.append(f"SELECT '{label}',\n   p.{column}::pg_catalog.regproc,\n"
                         f"   pg_catalog.obj_description(p.{column}, 'pg_proc')\n")
        parts[-1] += f" FROM pg_catalog.pg_ts_parser p\n WHERE p.oid = '{oid}'"
    methods = catalog.query("\nUNION ALL\n".join(parts) + ";")
    if methods is None:
        return False
    if not catalog.show(methods, title=f'Text search parser "{name}"', default_footer=False, expanded=expanded):
        return False
    tokens = catalog.query('SELECT t.alias as "Token name",\n  t.description as "Description"\n'
                           f"FROM pg_catalog.ts_token_type( '{oid}'::pg_catalog.oid ) as t\nORDER BY 1;")
    return tokens is not None and catalog.show(tokens, title=f'Token types for parser "{name}"', expanded=expanded)


# ---- \dF+ ---------------------------------------------------------------------------------------------

def _describe_configs(catalog: Catalog, pattern: str | None, expanded: str | None) -> bool:
    """listTSConfigsVerbose."""
    sql = ("SELECT c.oid, c.cfgname,\n   n.nspname,\n   p.prsname,\n   np.nspname as pnspname\n"
           "FROM pg_catalog.pg_ts_config c\n   LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace,\n"
           " pg_catalog.pg_ts_parser p\n   LEFT JOIN pg_catalog.pg_namespace np ON np.oid = p.prsnamespace\n"
           "WHERE  p.oid = c.cfgparser\n")
    rows = _matches(catalog, sql, pattern, have_where=True, namevar="c.cfgname",
                    visibility="pg_catalog.pg_ts_config_is_visible(c.oid)", order_by="3, 2")
    if rows is None:
        return False
    if not rows.values:
        return _none_found(catalog, pattern, "text search configuration", "text search configurations")
    for i, row in enumerate(rows.values):
        title = (f'Text search configuration "{_qualified(row[2], rows.text(i, 1))}"\n'
                 f'Parser: "{_qualified(row[4], rows.text(i, 3))}"')
        if not _describe_config(catalog, rows.text(i, 0), title, expanded):
            return False
    return True


def _describe_config(catalog: Catalog, oid: str, title: str, expanded: str | None) -> bool:
    """describeOneTSConfig: each token type with its dictionaries, without a footer."""
    rows = catalog.query(
        "SELECT\n  ( SELECT t.alias FROM\n    pg_catalog.ts_token_type(c.cfgparser) AS t\n"
        '    WHERE t.tokid = m.maptokentype ) AS "Token",\n  pg_catalog.btrim(\n'
        "    ARRAY( SELECT mm.mapdict::pg_catalog.regdictionary\n"
        "           FROM pg_catalog.pg_ts_config_map AS mm\n"
        "           WHERE mm.mapcfg = m.mapcfg AND mm.maptokentype = m.maptokentype\n"
        "           ORDER BY mapcfg, maptokentype, mapseqno\n    ) :: pg_catalog.text,\n"
        "  '{}') AS \"Dictionaries\"\n"
        "FROM pg_catalog.pg_ts_config AS c, pg_catalog.pg_ts_config_map AS m\n"
        f"WHERE c.oid = '{oid}' AND m.mapcfg = c.oid\n"
        "GROUP BY m.mapcfg, m.maptokentype, c.cfgparser\nORDER BY 1;")
    return rows is not None and catalog.show(rows, title=title, default_footer=False, expanded=expanded)


# ---- \\dRp, \\dRp+, \\dRs -------------------------------------------------------------------------------------

_GENERATED_COLUMNS = ("(CASE pubgencols\n    WHEN 'n' THEN 'none'\n    WHEN 's' THEN 'stored'\n"
                      '   END) AS "Generated columns"')


def list_publications(catalog: Catalog, pattern: str | None, *, expanded: str | None = None) -> bool:
    """listPublications (\\dRp)."""
    if dsql_lacks(catalog, "publications") or server_too_old(catalog, 100000, "publications"):
        return True
    version = catalog.version
    sql = ('SELECT pubname AS "Name",\n  pg_catalog.pg_get_userbyid(pubowner) AS "Owner",\n'
           '  puballtables AS "All tables",\n  pubinsert AS "Inserts",\n  pubupdate AS "Updates",\n'
           '  pubdelete AS "Deletes"')
    if version >= 110000:
        sql += ',\n  pubtruncate AS "Truncates"'
    if version >= 180000:
        sql += ",\n " + _GENERATED_COLUMNS
    if version >= 130000:
        sql += ',\n  pubviaroot AS "Via root"'
    rows = _publications(catalog, sql, pattern, order_by="1")
    return rows is not None and catalog.show(rows, title="List of publications", expanded=expanded)


def _publications(catalog: Catalog, columns: str, pattern: str | None, *, order_by: str) -> Rows | None:
    clause = catalog.where(pattern, have_where=False, namevar="pubname", maxparts=1)
    if clause is None:
        return None
    return catalog.query(f"{columns}\nFROM pg_catalog.pg_publication\n{clause.sql}ORDER BY {order_by};")


def describe_publications(catalog: Catalog, pattern: str | None, *, expanded: str | None = None) -> bool:
    """describePublications (\\dRp+): a one-row table per publication, its tables and schemas as footers."""
    if dsql_lacks(catalog, "publications") or server_too_old(catalog, 100000, "publications"):
        return True
    version = catalog.version
    sql = ("SELECT oid, pubname,\n  pg_catalog.pg_get_userbyid(pubowner) AS owner,\n"
           "  puballtables, pubinsert, pubupdate, pubdelete")
    sql += ", pubtruncate" if version >= 110000 else ", false AS pubtruncate"
    sql += ", " + _GENERATED_COLUMNS + "\n" if version >= 180000 else ", 'none' AS pubgencols"
    sql += ", pubviaroot" if version >= 130000 else ", false AS pubviaroot"
    pubs = _publications(catalog, sql, pattern, order_by="2")
    if pubs is None:
        return False
    if not pubs.values:
        return _none_found(catalog, pattern, "publication", "publications")
    return all(_describe_publication(catalog, pubs, i, expanded) for i in range(len(pubs)))


def _describe_publication(catalog: Catalog, pubs: Rows, i: int, expanded: str | None) -> bool:
    version = catalog.version
    # Columns 2..9 of the query: owner, the four flags, truncate, generated columns, via root.
    shown = [("Owner", 2), ("All tables", 3), ("Inserts", 4), ("Updates", 5), ("Deletes", 6)]
    shown += [("Truncates", 7)] if version >= 110000 else []
    shown += [("Generated columns", 8)] if version >= 180000 else []
    shown += [("Via root", 9)] if version >= 130000 else []
    # printTableAddCell of PQgetvalue: a NULL prints as an empty cell, not as \\pset null.
    table = Rows([h for h, _ in shown], ["l"] * len(shown), [[pubs.text(i, col) for _, col in shown]])
    footers: list[str] = []
    if not pubs.flag(i, 3) and not _publication_footers(catalog, pubs.text(i, 0), footers):
        return False
    return catalog.show(table, title=f"Publication {pubs.text(i, 1)}", footers=footers or None, expanded=expanded)


def _publication_footers(catalog: Catalog, pubid: str, footers: list[str]) -> bool:
    """addFooterToPublicationDesc for the publication's tables and (from 15 on) its schemas."""
    sql = "SELECT n.nspname, c.relname"
    if catalog.version >= 150000:
        sql += (", pg_get_expr(pr.prqual, c.oid), (CASE WHEN pr.prattrs IS NOT NULL THEN\n"
                "     pg_catalog.array_to_string(      ARRAY(SELECT attname\n              FROM\n"
                "                pg_catalog.generate_series(0, "
                "pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,\n"
                "                pg_catalog.pg_attribute\n"
                "        WHERE attrelid = c.oid AND attnum = prattrs[s]), ', ')\n       ELSE NULL END)")
    else:
        sql += ", NULL, NULL"
    sql += ("\nFROM pg_catalog.pg_class c,\n     pg_catalog.pg_namespace n,\n     pg_catalog.pg_publication_rel pr\n"
            f"WHERE c.relnamespace = n.oid\n  AND c.oid = pr.prrelid\n  AND pr.prpubid = '{pubid}'\nORDER BY 1,2")
    tables = catalog.query(sql)
    if tables is None:
        return False
    footers += ["Tables:"] if tables.values else []
    for j, row in enumerate(tables.values):
        footers.append(f'    "{tables.text(j, 0)}.{tables.text(j, 1)}"'
                       + (f" ({row[3]})" if row[3] is not None else "")
                       + (f" WHERE {row[2]}" if row[2] is not None else ""))
    if catalog.version < 150000:
        return True
    schemas = catalog.query("SELECT n.nspname\nFROM pg_catalog.pg_namespace n\n"
                            "     JOIN pg_catalog.pg_publication_namespace pn ON n.oid = pn.pnnspid\n"
                            f"WHERE pn.pnpubid = '{pubid}'\nORDER BY 1")
    if schemas is None:
        return False
    footers += ["Tables from schemas:"] if schemas.values else []
    footers += [f'    "{schemas.text(j, 0)}"' for j in range(len(schemas))]
    return True


def describe_subscriptions(catalog: Catalog, pattern: str | None, *, verbose: bool,
                           expanded: str | None = None) -> bool:
    """describeSubscriptions (\\dRs): the current database's subscriptions; + adds their options."""
    if dsql_lacks(catalog, "subscriptions") or server_too_old(catalog, 100000, "subscriptions"):
        return True
    sql = ('SELECT subname AS "Name"\n,  pg_catalog.pg_get_userbyid(subowner) AS "Owner"\n'
           ',  subenabled AS "Enabled"\n,  subpublications AS "Publication"\n')
    if verbose:
        sql += _subscription_details(catalog.version)
    sql += ("FROM pg_catalog.pg_subscription\nWHERE subdbid = (SELECT oid\n"
            "                 FROM pg_catalog.pg_database\n"
            "                 WHERE datname = pg_catalog.current_database())")
    clause = catalog.where(pattern, have_where=True, namevar="subname", maxparts=1)
    if clause is None:
        return False
    return catalog.show_query(f"{sql}{clause.sql}ORDER BY 1;", title="List of subscriptions", expanded=expanded)


def _subscription_details(version: int) -> str:
    """The columns \\dRs+ adds, as far as the server has them."""
    sql = ""
    if version >= 140000:
        sql += ', subbinary AS "Binary"\n'
        sql += (", (CASE substream\n    WHEN 'f' THEN 'off'\n    WHEN 't' THEN 'on'\n    WHEN 'p' THEN 'parallel'\n"
                '   END) AS "Streaming"\n' if version >= 160000 else ', substream AS "Streaming"\n')
    if version >= 150000:
        sql += ', subtwophasestate AS "Two-phase commit"\n, subdisableonerr AS "Disable on error"\n'
    if version >= 160000:
        sql += (', suborigin AS "Origin"\n, subpasswordrequired AS "Password required"\n'
                ', subrunasowner AS "Run as owner?"\n')
    if version >= 170000:
        sql += ', subfailover AS "Failover"\n'
    sql += ',  subsynccommit AS "Synchronous commit"\n,  subconninfo AS "Conninfo"\n'
    if version >= 150000:
        sql += ', subskiplsn AS "Skip LSN"\n'
    return sql
