"""psql's describe commands (\\l so far; the \\d family comes with the DSQL meta-commands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.meta.registry import Call, Result, command

if TYPE_CHECKING:
    from dsqlsh.engine import Engine


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def list_databases(engine: Engine, pattern: str | None, *, verbose: bool) -> bool:
    """\\l and -l: psql's listAllDbs query for the server's version."""
    conn = engine.ctx.conn
    version = conn.server_version if conn else 0
    columns = [
        'd.datname as "Name"',
        'pg_catalog.pg_get_userbyid(d.datdba) as "Owner"',
        'pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding"',
    ]
    if version >= 150000:
        columns.append("CASE d.datlocprovider WHEN 'b' THEN 'builtin' WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END "
                       'AS "Locale Provider"')
    columns += ['d.datcollate as "Collate"', 'd.datctype as "Ctype"']
    if version >= 170000:
        columns.append('d.datlocale as "Locale"')
    elif version >= 150000:
        columns.append('d.daticulocale as "ICU Locale"')
    if version >= 160000:
        columns.append('d.daticurules as "ICU Rules"')
    columns.append("CASE WHEN pg_catalog.array_length(d.datacl, 1) = 0 THEN '(none)' ELSE "
                   "pg_catalog.array_to_string(d.datacl, E'\\n') END AS \"Access privileges\"")
    if verbose:
        columns += [
            "CASE WHEN pg_catalog.has_database_privilege(d.datname, 'CONNECT') THEN "
            "pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(d.datname)) ELSE 'No Access' END as \"Size\"",
            't.spcname as "Tablespace"',
            'pg_catalog.shobj_description(d.oid, \'pg_database\') as "Description"',
        ]
    sql = "SELECT\n  " + ",\n  ".join(columns) + "\nFROM pg_catalog.pg_database d\n"
    if verbose:
        sql += "  JOIN pg_catalog.pg_tablespace t on d.dattablespace = t.oid\n"
    if pattern:
        sql += f"WHERE d.datname OPERATOR(pg_catalog.~) {_literal('^(' + pattern + ')$')} COLLATE pg_catalog.default\n"
    sql += "ORDER BY 1;"
    return engine.run_hidden(sql, title="List of databases")


@command("l", "l+", "list", "list+", usage="\\l[+]   [PATTERN]", group="Informational",
         help="list databases")
def do_list(call: Call) -> Result:
    pattern = call.args.next()
    ok = list_databases(call.runner.engine, _psql_pattern(pattern), verbose=call.name.endswith("+"))
    return Result.OK if ok else Result.ERROR


def _psql_pattern(pattern: str | None) -> str | None:
    """psql's processSQLNamePattern, for a single name: * and ? wildcards, quotes keep case."""
    if pattern is None:
        return None
    out: list[str] = []
    in_quotes = False
    for ch in pattern:
        if ch == '"':
            in_quotes = not in_quotes
        elif not in_quotes and ch == "*":
            out.append(".*")
        elif not in_quotes and ch == "?":
            out.append(".")
        elif ch in "|()[]{}^$+.\\":
            out.append("\\" + ch)
        else:
            out.append(ch if in_quotes else ch.lower())
    return "".join(out)
