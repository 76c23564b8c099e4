"""\\d NAME: psql's describeTableDetails and describeOneTableDetails.

A relation is printed as a table of its columns followed by footers (indexes, constraints, ...), each
from its own catalog query, exactly as psql 18 builds them; the footers are in describe_footers.py.

On Aurora DSQL the queries for features DSQL does not have (row-level security policies, publications,
triggers, rules on tables, inheritance and partitions, tablespaces, extended statistics) are not sent,
so no unsupported catalog is touched; foreign keys are looked up whether or not the table has triggers
(psql counts on the triggers PostgreSQL implements them with; DSQL need not have them); a sequence is
read from the pg_sequences view.
"""

from __future__ import annotations

from dataclasses import dataclass

from dsqlsh.meta.describe_query import Catalog, Rows
from dsqlsh.output.options import Table

__all__ = ["describe_tables"]

_TITLES = {
    "r": "Table", "v": "View", "m": "Materialized view", "i": "Index", "I": "Partitioned index",
    "t": "TOAST table", "c": "Composite type", "f": "Foreign table", "p": "Partitioned table",
}
_STORAGE = {"p": "plain", "m": "main", "x": "extended", "e": "external"}
_COMPRESSION = {"p": "pglz", "l": "lz4", "": ""}


@dataclass
class TableInfo:
    """The pg_class facts describeOneTableDetails works from."""

    oid: str
    schema: str
    name: str
    checks: int
    relkind: str
    hasindex: bool
    hasrules: bool
    hastriggers: bool
    rowsecurity: bool
    forcerowsecurity: bool
    ispartition: bool
    reloptions: str
    tablespace: int
    reloftype: str
    relpersistence: str
    relreplident: str
    relam: str | None


def describe_tables(catalog: Catalog, pattern: str, *, verbose: bool, system: bool,
                    expanded: str | None = None) -> bool:
    """Describe every relation the pattern matches; False (after psql's message) when there is none."""
    ctx = catalog.ctx
    sql = ("SELECT c.oid,\n  n.nspname,\n  c.relname\nFROM pg_catalog.pg_class c\n"
           "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n")
    clause = catalog.where(pattern, have_where=False, schemavar="n.nspname", namevar="c.relname",
                           visibility="pg_catalog.pg_table_is_visible(c.oid)")
    if clause is None:
        return False
    rows = catalog.query(sql + clause.sql + "ORDER BY 2, 3;")
    if rows is None:
        return False
    if not rows.values:
        if not ctx.quiet:
            ctx.error(f'Did not find any relation named "{pattern}".')
        return False
    for i in range(len(rows)):
        if not describe_one(catalog, rows.text(i, 1), rows.text(i, 2), rows.text(i, 0), verbose=verbose,
                            expanded=expanded):
            return False
    return True


def describe_one(catalog: Catalog, schema: str, name: str, oid: str, *, verbose: bool,
                 expanded: str | None = None) -> bool:
    """One relation: its columns, then its footers. False if a query failed."""
    info = _table_info(catalog, schema, name, oid, verbose=verbose)
    if info is None:
        return False
    if info.relkind == "S":
        return _describe_sequence(catalog, info, expanded)
    columns = _columns(catalog, info, verbose=verbose)
    if columns is None:
        return False
    from dsqlsh.meta.describe_footers import footers

    notes = footers(catalog, info, verbose=verbose)
    if notes is None:
        return False
    columns.footers = notes
    # "This output looks confusing in expanded mode" (psql): \d NAME is never expanded.
    catalog.print_table(columns, catalog.options("off"))
    return True


def _table_info(catalog: Catalog, schema: str, name: str, oid: str, *, verbose: bool) -> TableInfo | None:
    options = ("pg_catalog.array_to_string(c.reloptions || array(select 'toast.' || x from "
               "pg_catalog.unnest(tc.reloptions) x), ', ')\n" if verbose else "''")
    rows = catalog.query(
        "SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, "
        f"c.relforcerowsecurity, false AS relhasoids, c.relispartition, {options}, c.reltablespace, "
        "CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, "
        "c.relpersistence, c.relreplident, am.amname\n"
        "FROM pg_catalog.pg_class c\n LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)\n"
        f"LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)\nWHERE c.oid = '{oid}';")
    if rows is None:
        return None
    if not rows.values:
        if not catalog.ctx.quiet:
            catalog.ctx.error(f"Did not find any relation with OID {oid}.")
        return None
    return TableInfo(
        oid=oid, schema=schema, name=name, checks=int(rows.text(0, 0) or 0), relkind=rows.text(0, 1)[:1],
        hasindex=rows.flag(0, 2), hasrules=rows.flag(0, 3), hastriggers=rows.flag(0, 4),
        rowsecurity=rows.flag(0, 5), forcerowsecurity=rows.flag(0, 6), ispartition=rows.flag(0, 8),
        reloptions=rows.text(0, 9), tablespace=int(rows.text(0, 10) or 0), reloftype=rows.text(0, 11),
        relpersistence=rows.text(0, 12)[:1], relreplident=rows.text(0, 13)[:1],
        relam=None if rows.is_null(0, 14) else rows.text(0, 14))


def _describe_sequence(catalog: Catalog, info: TableInfo, expanded: str | None) -> bool:
    """A sequence: one row of its parameters, and the column that owns it (psql prints it with printQuery)."""
    if catalog.is_dsql:
        # DSQL's documentation reads sequences through the pg_sequences view; the catalog may not be there.
        sql = ('SELECT pg_catalog.format_type(s.data_type, NULL) AS "Type",\n       s.start_value AS "Start",\n'
               '       s.min_value AS "Minimum",\n       s.max_value AS "Maximum",\n'
               '       s.increment_by AS "Increment",\n'
               "       CASE WHEN s.cycle THEN 'yes' ELSE 'no' END AS \"Cycles?\",\n"
               '       s.cache_size AS "Cache"\nFROM pg_catalog.pg_sequences s\n'
               f"WHERE s.schemaname = {catalog.literal(info.schema)} "
               f"AND s.sequencename = {catalog.literal(info.name)};")
    else:
        sql = ('SELECT pg_catalog.format_type(seqtypid, NULL) AS "Type",\n       seqstart AS "Start",\n'
               '       seqmin AS "Minimum",\n       seqmax AS "Maximum",\n       seqincrement AS "Increment",\n'
               "       CASE WHEN seqcycle THEN 'yes' ELSE 'no' END AS \"Cycles?\",\n"
               '       seqcache AS "Cache"\n'
               f"FROM pg_catalog.pg_sequence\nWHERE seqrelid = '{info.oid}';")
    rows = catalog.query(sql)
    if rows is None:
        return False
    owner = catalog.query(
        "SELECT pg_catalog.quote_ident(nspname) || '.' ||\n   pg_catalog.quote_ident(relname) || '.' ||\n"
        "   pg_catalog.quote_ident(attname),\n   d.deptype\nFROM pg_catalog.pg_class c\n"
        "INNER JOIN pg_catalog.pg_depend d ON c.oid=d.refobjid\n"
        "INNER JOIN pg_catalog.pg_namespace n ON n.oid=c.relnamespace\n"
        "INNER JOIN pg_catalog.pg_attribute a ON (\n a.attrelid=c.oid AND\n a.attnum=d.refobjsubid)\n"
        "WHERE d.classid='pg_catalog.pg_class'::pg_catalog.regclass\n"
        " AND d.refclassid='pg_catalog.pg_class'::pg_catalog.regclass\n"
        f" AND d.objid='{info.oid}'\n AND d.deptype IN ('a', 'i')")
    if owner is None:
        return False
    notes: list[str] = []
    if len(owner) == 1:  # psql shows nothing when there is more than one (which should not happen)
        label = {"a": "Owned by: ", "i": "Sequence for identity column: "}.get(owner.text(0, 1)[:1])
        if label:
            notes.append(label + owner.text(0, 0))
    kind = "Unlogged sequence" if info.relpersistence == "u" else "Sequence"
    catalog.show(rows, title=f'{kind} "{info.schema}.{info.name}"', footers=notes, expanded=expanded)
    return True


def _columns(catalog: Catalog, info: TableInfo, *, verbose: bool) -> Table | None:
    """The per-column query and the table of columns psql prints before the footers."""
    kind = info.relkind
    details = kind in ("r", "v", "m", "f", "c", "p")
    select = ["a.attname", "pg_catalog.format_type(a.atttypid, a.atttypmod)"]
    headers = ["Column", "Type"]
    if details:
        select += ["(SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)\n   FROM pg_catalog.pg_attrdef d\n"
                   "   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef)",
                   "a.attnotnull",
                   "(SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t\n"
                   "   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation)"
                   " AS attcollation",
                   "a.attidentity", "a.attgenerated"]
        headers += ["Collation", "Nullable", "Default"]
    if kind in ("i", "I"):
        select += [f"CASE WHEN a.attnum <= (SELECT i.indnkeyatts FROM pg_catalog.pg_index i WHERE i.indexrelid = "
                   f"'{info.oid}') THEN 'yes' ELSE 'no' END AS is_key",
                   "pg_catalog.pg_get_indexdef(a.attrelid, a.attnum, TRUE) AS indexdef"]
        headers += ["Key?", "Definition"]
    if kind == "f":
        select.append("CASE WHEN attfdwoptions IS NULL THEN '' ELSE   '(' || pg_catalog.array_to_string(ARRAY("
                      "SELECT pg_catalog.quote_ident(option_name) || ' ' || pg_catalog.quote_literal(option_value)"
                      "  FROM   pg_catalog.pg_options_to_table(attfdwoptions)), ', ') || ')' END AS attfdwoptions")
        headers.append("FDW options")
    if verbose:
        select.append("a.attstorage")
        headers.append("Storage")
        if (catalog.version >= 140000 and not catalog.ctx.variables.flag("HIDE_TOAST_COMPRESSION")
                and kind in ("r", "p", "m")):
            select.append("a.attcompression AS attcompression")
            headers.append("Compression")
        if kind in ("r", "i", "I", "m", "f", "p"):
            select.append("CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END AS attstattarget")
            headers.append("Stats target")
        if kind in ("r", "v", "m", "f", "c", "p"):
            select.append("pg_catalog.col_description(a.attrelid, a.attnum)")
            headers.append("Description")
    rows = catalog.query("SELECT " + ",\n  ".join(select) + "\nFROM pg_catalog.pg_attribute a"
                         f"\nWHERE a.attrelid = '{info.oid}' AND a.attnum > 0 AND NOT a.attisdropped"
                         "\nORDER BY a.attnum;")
    if rows is None:
        return None
    cells = [_column_cells(rows, i, headers, details) for i in range(len(rows))]
    title = _TITLES.get(kind)
    if title is None:
        title_text = f'?{kind}? "{info.schema}.{info.name}"'
    else:
        if info.relpersistence == "u" and kind in ("r", "i", "I", "p"):
            title = "Unlogged " + (title[0].lower() + title[1:])
        title_text = f'{title} "{info.schema}.{info.name}"'
    return Table(headers=headers, aligns=["l"] * len(headers), rows=cells, title=title_text)


def _column_cells(rows: Rows, i: int, headers: list[str], details: bool) -> list[str | None]:
    """One row of the columns table; NULLs print as empty cells, never as \\pset null (psql's printTable)."""
    cells: list[str | None] = [rows.text(i, 0), rows.text(i, 1)]
    col = 2
    if details:
        default, notnull, collation, identity, generated = (rows.text(i, col + k) for k in range(5))
        if identity == "a":
            default = "generated always as identity"
        elif identity == "d":
            default = "generated by default as identity"
        elif generated == "s":
            default = f"generated always as ({default}) stored"
        elif generated == "v":
            default = f"generated always as ({default})"
        cells += [collation, "not null" if notnull == "t" else "", default]
        col += 5
    for header in headers[len(cells):]:
        value = rows.text(i, col)
        col += 1
        if header == "Storage":
            value = _STORAGE.get(value[:1], "???")
        elif header == "Compression":
            value = _COMPRESSION.get(value[:1], "???")
        cells.append(value)
    return cells
