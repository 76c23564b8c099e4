"""psql's \\dP[itn+]: partitioned tables and indexes (describe.c's listPartitionedTables).

The SQL is psql 18's for the server's version, so the output is psql's byte for byte. Aurora DSQL has no
table partitioning (FACTS.md: PARTITION BY / PARTITION OF are unsupported), so there \\dP says so, as psql
does for a server from before declarative partitioning, instead of querying pg_inherits and the partition
sizes DSQL cannot give.
"""

from __future__ import annotations

import itertools

from dsqlsh.meta.describe import GROUP, modifier_flags
from dsqlsh.meta.describe_query import SYSTEM_AND_TOAST_SCHEMAS, Catalog
from dsqlsh.meta.registry import Call, Result, command

__all__ = ["list_partitioned_tables"]

# exec_command_d takes \dP when the letter after it is one of these (or none), then looks for t, i and n
# anywhere in the rest; registered here: each letter at most once, in any order (\dPtn, \dPnt+, \dPx ...).
_LETTERS = "tin+x"
_NAMES = ["dP" + "".join(order) for n in range(len(_LETTERS) + 1) for order in itertools.permutations(_LETTERS, n)]

# The partition sizes: pg_partition_tree from PostgreSQL 12, a recursive walk of pg_inherits before.
_SIZES = (",\n     LATERAL (SELECT pg_catalog.pg_size_pretty(sum("
          "\n                 CASE WHEN ppt.isleaf AND ppt.level = 1"
          "\n                      THEN pg_catalog.pg_table_size(ppt.relid) ELSE 0 END)) AS dps,"
          "\n                     pg_catalog.pg_size_pretty(sum(pg_catalog.pg_table_size(ppt.relid))) AS tps"
          "\n              FROM pg_catalog.pg_partition_tree(c.oid) ppt) s")
_SIZES_BEFORE_12 = (",\n     LATERAL (WITH RECURSIVE d\n"
                    "                AS (SELECT inhrelid AS oid, 1 AS level\n"
                    "                      FROM pg_catalog.pg_inherits\n"
                    "                     WHERE inhparent = c.oid\n"
                    "                    UNION ALL\n"
                    "                    SELECT inhrelid, level + 1\n"
                    "                      FROM pg_catalog.pg_inherits i\n"
                    "                           JOIN d ON i.inhparent = d.oid)\n"
                    "                SELECT pg_catalog.pg_size_pretty(sum(pg_catalog.pg_table_size(d.oid))) AS tps,\n"
                    "                       pg_catalog.pg_size_pretty(sum(\n"
                    "             CASE WHEN d.level = 1 THEN pg_catalog.pg_table_size(d.oid) ELSE 0 END)) AS dps\n"
                    "               FROM d) s")


@command(*_NAMES, usage="\\dP[itnx+] [PATTERN]", group=GROUP,
         help="list [only index/table] partitioned relations [n=nested]")
def do_partitioned(call: Call) -> Result:
    """\\dP[itnx+] [PATTERN]."""
    verbose, _, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    ok = list_partitioned_tables(Catalog(call.ctx), call.name[2:], pattern, verbose=verbose, expanded=expanded)
    return Result.OK if ok else Result.ERROR


def list_partitioned_tables(catalog: Catalog, reltypes: str, pattern: str | None, *, verbose: bool,
                            expanded: str | None = None) -> bool:
    """psql's listPartitionedTables: t and i choose the kinds (both without either), n adds the nested ones."""
    ctx = catalog.ctx
    if catalog.is_dsql:
        ctx.error("Aurora DSQL does not support declarative table partitioning.")
        return True
    if catalog.version < 100000:
        version = catalog.version
        ctx.error(f"The server (version {version // 10000}.{version // 100 % 100}) "
                  "does not support declarative table partitioning.")
        return True
    tables, indexes, nested = ("t" in reltypes, "i" in reltypes, "n" in reltypes)
    if not tables and not indexes:
        tables = indexes = True
    mixed = tables and indexes
    # Without n, a pattern still brings in the nested ones, and with them the parent column.
    with_parent = nested or pattern is not None
    sql = _columns(mixed=mixed, with_parent=with_parent, indexes=indexes, verbose=verbose, nested=nested)
    sql += _joins(catalog, with_parent=with_parent, indexes=indexes, verbose=verbose)
    sql += "\nWHERE c.relkind IN (" + ("'p'," if tables else "") + ("'I'," if indexes else "") + "'')\n"
    if not with_parent:
        sql += " AND NOT c.relispartition\n"
    if pattern is None:
        sql += SYSTEM_AND_TOAST_SCHEMAS
    clause = catalog.where(pattern, have_where=True, schemavar="n.nspname", namevar="c.relname",
                           visibility="pg_catalog.pg_table_is_visible(c.oid)")
    if clause is None:
        return False
    sql += clause.sql + ('ORDER BY "Schema", ' + ('"Type" DESC, ' if mixed else "")
                         + ('"Parent name" NULLS FIRST, ' if with_parent else "") + '"Name";')
    rows = catalog.query(sql)
    if rows is None:
        return False
    title = ("List of partitioned relations" if mixed else
             "List of partitioned tables" if tables else "List of partitioned indexes")
    catalog.show(rows, title=title, expanded=expanded)
    return True


def _columns(*, mixed: bool, with_parent: bool, indexes: bool, verbose: bool, nested: bool) -> str:
    sql = ('SELECT n.nspname as "Schema",\n  c.relname as "Name",\n'
           '  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"')
    if mixed:
        sql += (",\n  CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' "
                'END as "Type"')
    if with_parent:
        sql += ',\n  inh.inhparent::pg_catalog.regclass as "Parent name"'
    if indexes:
        sql += ',\n c2.oid::pg_catalog.regclass as "Table"'
    if verbose:
        sql += ',\n  am.amname as "Access method"'
        if nested:
            sql += ',\n  s.dps as "Leaf partition size"'
        sql += (',\n  s.tps as "Total size"'  # with no n, the sizes of all partitions are counted
                ",\n  pg_catalog.obj_description(c.oid, 'pg_class') as \"Description\"")
    return sql


def _joins(catalog: Catalog, *, with_parent: bool, indexes: bool, verbose: bool) -> str:
    sql = "\nFROM pg_catalog.pg_class c\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    if indexes:
        sql += ("\n     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid"
                "\n     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid")
    if with_parent:
        sql += "\n     LEFT JOIN pg_catalog.pg_inherits inh ON c.oid = inh.inhrelid"
    if verbose:
        sql += "\n     LEFT JOIN pg_catalog.pg_am am ON c.relam = am.oid"
        sql += _SIZES if catalog.version >= 120000 else _SIZES_BEFORE_12
    return sql
