"""Fixes for tables and what hangs off them: CREATE TABLE (keys and identities folded in, partitions merged, enum and
array columns made text), ALTER TABLE (keys already folded, CHECK and FOREIGN KEY added NOT VALID then validated
asynchronously), CREATE INDEX (made ASYNC), and COPY (a partition's rows sent to its table)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dsqlsh.compat.rules import SERIAL_TYPES
from dsqlsh.fix.changes import Change, Fixed, deparse, sequence_options
from dsqlsh.fix.facts import qualified, type_name
from dsqlsh.statements import quote_ident

if TYPE_CHECKING:
    from dsqlsh.fix.rewrite import Fixer

__all__ = ["fix_alter_table", "fix_copy", "fix_create_table", "fix_index"]

# Built-in column types DSQL does not store (FACTS.md's data types): their values are kept as text.
TEXT_INSTEAD = frozenset({"inet", "cidr", "macaddr", "macaddr8", "money", "xml", "tsvector", "tsquery", "bit",
                          "varbit", "point", "line", "lseg", "box", "path", "polygon", "circle", "pg_lsn",
                          "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "txid_snapshot",
                          "pg_snapshot", "hstore", "citext", "ltree"})


def _ident(name: str) -> str:
    """An identifier as SQL text: quoted unless it is a plain lower-case name."""
    return name if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) else quote_ident(name)


def _bare(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower()


def _text_type() -> Any:
    from pglast import ast

    return ast.TypeName(names=(ast.String(sval="text"),), typemod=-1)


def _bigint_type() -> Any:
    from pglast import ast

    return ast.TypeName(names=(ast.String(sval="pg_catalog"), ast.String(sval="int8")), typemod=-1)


def _constraint(sql: str) -> Any:
    """A table constraint node from its text."""
    from pglast import parse_sql

    created: Any = parse_sql(f"CREATE TABLE x ({sql})")[0].stmt
    return created.tableElts[0]


def fix_create_table(fixer: Fixer, stmt: Any, sql: str) -> Fixed | None:
    """CREATE TABLE as DSQL takes it; None when it needs nothing."""
    facts = fixer.facts
    table = qualified(stmt.relation)
    if stmt.partbound is not None or table in facts.partition_of:
        fixer._drop(table, "a partition")  # a COMMENT ON it goes too; its COPY goes to its table
        return Fixed([], [Change("partition", table, f"partition left out: its rows load into "
                                                     f"{facts.table_for_data(table)}")])
    changes: list[Change] = []
    inherited: list[Any] = []
    if stmt.inhRelations:
        parents = [qualified(p) for p in stmt.inhRelations]
        inherited = _inherited_columns(facts, parents, stmt.tableElts or ())
        stmt.inhRelations = None
        changes.append(Change("inherits", table, f"INHERITS {', '.join(parents)} removed: the parents' columns "
                                                 f"are its own now, and its rows no longer show in the parents"))
    if stmt.partspec is not None:
        stmt.partspec = None
        changes.append(Change("partition", table, "made one table (no PARTITION BY): it holds the rows of every "
                                                  "partition"))
    if stmt.relation.relpersistence == "u":
        stmt.relation.relpersistence = "p"
        changes.append(Change("unlogged", table, "UNLOGGED removed: DSQL tables are always durable"))
    if stmt.options or stmt.tablespacename or stmt.accessMethod:
        stmt.options, stmt.tablespacename, stmt.accessMethod = None, None, None
        changes.append(Change("storage", table, "storage options, tablespace and access method removed"))
    elements: list[Any] = []
    for element in [*inherited, *(stmt.tableElts or ())]:
        kept = _column(fixer, table, element, changes)
        elements.extend(kept)
    for key in facts.keys.get(table, ()):
        elements.append(key)
        changes.append(Change("key-folded", f"{table} {key.conname}", "constraint the dump adds after the data "
                                                                      "declared in CREATE TABLE"))
    fixer._retype(stmt)
    if not changes:
        return None
    stmt.tableElts = tuple(elements)
    return Fixed([deparse(stmt) + ";"], changes)


def _inherited_columns(facts: Any, parents: list[str], own: Any) -> list[Any]:
    """The columns a table inherits (copies, its own first-named ones aside), as pg_dump leaves them unwritten."""
    import copy

    mine = {getattr(e, "colname", None) for e in own}
    found: list[Any] = []
    for parent in parents:
        for column in facts.columns.get(parent, ()):
            if column.colname not in mine and column.colname not in {c.colname for c in found}:
                found.append(copy.deepcopy(column))
    return found


def _column(fixer: Fixer, table: str, element: Any, changes: list[Change]) -> list[Any]:
    """One element of CREATE TABLE (a column and the constraints it brings, or a table constraint) as DSQL takes it."""
    from pglast import ast
    from pglast.enums import ConstrType

    if isinstance(element, ast.Constraint):
        if element.contype == ConstrType.CONSTR_EXCLUSION:
            changes.append(Change("collate", f"{table} {element.conname}", "EXCLUDE constraint left out"))
            return []
        return [element]
    if not isinstance(element, ast.ColumnDef):
        return [element]
    column = str(element.colname)
    return _column_def(fixer, table, column, element, changes)


def _column_def(fixer: Fixer, table: str, column: str, element: Any, changes: list[Change]) -> list[Any]:
    from pglast.enums import ConstrType

    facts = fixer.facts
    shown = type_name(element.typeName)
    where = f"{table}.{column}"
    extra: list[Any] = []
    constraints = list(element.constraints or ())
    if element.typeName.arrayBounds:
        element.typeName = _text_type()
        changes.append(Change("array", where, f"{shown}[] column made text: it holds the array literal "
                                              f"({column}::{shown}[] still reads it)"))
    elif shown in facts.enums:
        labels = ", ".join("'" + label.replace("'", "''") + "'" for label in facts.enums[shown])
        element.typeName = _text_type()
        extra.append(_constraint(f"CONSTRAINT {_bare(table)}_{column}_enum CHECK ({column} IN ({labels}))"))
        changes.append(Change("enum", where, f"enum {shown} column made text with a CHECK of its labels"))
    elif _bare(shown) in SERIAL_TYPES:
        element.typeName = _bigint_type()
        constraints.append(_identity("BY DEFAULT"))
        changes.append(Change("serial", where, f"{shown} made bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1)"))
    elif _bare(shown) in TEXT_INSTEAD:
        element.typeName = _text_type()
        changes.append(Change("array", where, f"{shown} column made text: DSQL does not store {shown}"))
    elif shown.lower() in fixer.dropped:
        fixer.dropped_columns.setdefault(table, []).append(column)
        changes.append(Change("depends-on-dropped", where, f"column left out: its type {shown} is left out"))
        return []
    if element.collClause is not None:
        element.collClause = None
        changes.append(Change("collate", where, "COLLATE removed: DSQL uses the C collation"))
    identity = facts.identities.get((table, column))
    if identity is not None:
        constraints.append(identity)
        changes.append(Change("identity-folded", where, "identity the dump adds after CREATE TABLE declared in it"))
    serial = facts.serial_sequence(table, column)
    if serial is not None and identity is None:
        constraints.append(_identity("BY DEFAULT"))
        fixer.sequence_renames[serial.lower()] = _identity_sequence(table, column)
        changes.append(Change("serial", where, f"serial column (its DEFAULT nextval of {serial}) made bigint "
                                               f"GENERATED BY DEFAULT AS IDENTITY (CACHE 1)"))
    for con in constraints:
        if con.contype == ConstrType.CONSTR_GENERATED and con.generated_kind == "v":
            con.generated_kind = "s"  # DSQL speaks PostgreSQL 16: generated columns are STORED
            changes.append(Change("generated-stored", where, "VIRTUAL generated column made STORED: the same "
                                                             "values, computed when the row is written"))
        if con.contype == ConstrType.CONSTR_IDENTITY:
            if type_name(element.typeName) not in ("int8", "bigint", "pg_catalog.int8"):
                element.typeName = _bigint_type()
                if serial is None:
                    changes.append(Change("serial", where, "identity column made bigint: DSQL identities are bigint"))
            found, options = sequence_options(list(con.options or ()), where)
            named = [o for o in options if o.defname == "sequence_name"]
            if named:  # DSQL names an identity's sequence itself: later setval() calls follow the new name
                old = ".".join(n.sval for n in named[0].arg)
                fixer.sequence_renames[old.lower()] = _identity_sequence(table, column)
            con.options = tuple(o for o in options if o.defname != "sequence_name")
            changes.extend(found)
    element.constraints = tuple(constraints) or None
    return [element, *extra]


def _identity_sequence(table: str, column: str) -> str:
    """The name PostgreSQL gives an identity column's sequence: TABLE_COLUMN_seq, in the table's schema."""
    schema, _, name = table.rpartition(".")
    sequence = f"{name}_{column}_seq"[:63]
    return f"{schema}.{sequence}" if schema else sequence


def _identity(kind: str) -> Any:
    from pglast import parse_sql

    created: Any = parse_sql(f"CREATE TABLE x (c bigint GENERATED {kind} AS IDENTITY (CACHE 1))")[0].stmt
    return created.tableElts[0].constraints[0]


def fix_alter_table(fixer: Fixer, stmt: Any, sql: str) -> Fixed | None:
    """ALTER TABLE as DSQL takes it; None when it needs nothing."""
    from pglast import ast
    from pglast.enums import AlterTableType, ConstrType, ObjectType

    TABLE_OPTIONS = {AlterTableType.AT_SetStatistics: "SET STATISTICS", AlterTableType.AT_ClusterOn: "CLUSTER ON",
                     AlterTableType.AT_ReplicaIdentity: "REPLICA IDENTITY", AlterTableType.AT_SetStorage: "SET STORAGE",
                     AlterTableType.AT_SetOptions: "column options", AlterTableType.AT_SetRelOptions: "SET (...)",
                     AlterTableType.AT_SetCompression: "SET COMPRESSION"}
    facts = fixer.facts
    table = qualified(stmt.relation)
    if table in facts.partition_of or (stmt.objtype == ObjectType.OBJECT_INDEX and _attaches(stmt)):
        return Fixed([], [Change("partition", table, "left out with the partition")])
    changes: list[Change] = []
    after: list[str] = []
    only = not stmt.relation.inh
    stmt.relation.inh = True  # ONLY: DSQL tables have no children
    kept = []
    for cmd in stmt.cmds or ():
        subtype = getattr(cmd, "subtype", None)
        con = getattr(cmd, "def_", None)
        if subtype == AlterTableType.AT_ChangeOwner:
            changes.append(Change("owner", table, "removed OWNER TO: objects belong to the role that runs the script"))
        elif subtype in TABLE_OPTIONS:
            changes.append(Change("table-option", table, f"removed {TABLE_OPTIONS[subtype]}: DSQL keeps no such "
                                                         f"setting, and it does not change the rows"))
        elif subtype in (AlterTableType.AT_EnableRowSecurity, AlterTableType.AT_ForceRowSecurity):
            changes.append(Change("row-security", table, "row-level security left off: DSQL does not support it"))
        elif subtype == AlterTableType.AT_AttachPartition:
            changes.append(Change("partition", table, "ATTACH PARTITION removed: the partition's rows load into it"))
        elif subtype == AlterTableType.AT_AddIdentity and table in facts.created:
            continue  # folded into CREATE TABLE (reported there)
        elif subtype == AlterTableType.AT_ColumnDefault and facts.serial_sequence(table, str(cmd.name)):
            continue  # the serial column is an identity in CREATE TABLE (reported there)
        elif subtype == AlterTableType.AT_AddConstraint and isinstance(con, ast.Constraint):
            if con.contype in (ConstrType.CONSTR_PRIMARY, ConstrType.CONSTR_UNIQUE) and not con.indexname:
                if table in facts.created:
                    continue  # folded into CREATE TABLE (reported there)
                if con.contype == ConstrType.CONSTR_UNIQUE:
                    columns = ", ".join(_ident(k.sval) for k in con.keys or ())
                    after.append(f"CREATE UNIQUE INDEX ASYNC {_ident(str(con.conname))} ON {deparse(stmt.relation)} "
                                 f"({columns});")
                    changes.append(Change("unique-as-index", f"{table} {con.conname}", "UNIQUE constraint added as "
                                                                                       "a unique index"))
                    continue
                kept.append(cmd)
            elif con.contype in (ConstrType.CONSTR_CHECK, ConstrType.CONSTR_FOREIGN) and not con.skip_validation:
                con.skip_validation = True
                con.initially_valid = False
                validate = f"VALIDATE CONSTRAINT {_ident(str(con.conname))}"
                after.append(f"ALTER TABLE ASYNC {deparse(stmt.relation)} {validate};")
                changes.append(Change("not-valid", f"{table} {con.conname}", "added NOT VALID, then validated "
                                                                             "asynchronously"))
                kept.append(cmd)
            else:
                kept.append(cmd)
        else:
            kept.append(cmd)
    if not changes and not only and len(kept) == len(stmt.cmds or ()):
        return None
    statements = []
    if kept:
        stmt.cmds = tuple(kept)
        statements.append(deparse(stmt) + ";")
    return Fixed(statements + after, changes)


def _attaches(stmt: Any) -> bool:
    from pglast.enums import AlterTableType

    return any(getattr(c, "subtype", None) == AlterTableType.AT_AttachPartition for c in stmt.cmds or ())


def fix_index(fixer: Fixer, stmt: Any, sql: str) -> Fixed | None:
    """CREATE INDEX made CREATE INDEX ASYNC, with what DSQL's indexes lack taken out."""
    from pglast.enums import SortByDir, SortByNulls

    facts = fixer.facts
    table = qualified(stmt.relation)
    name = stmt.idxname or table
    if table in facts.partition_of:
        return Fixed([], [Change("partition", name, "index of a partition left out: the table has its own")])
    method = (stmt.accessMethod or "btree").lower()
    if method != "btree":
        fixer._drop(name, f"a {method} index")
        return Fixed([], [Change("index-method", name, f"{method} index left out: DSQL indexes are btree")])
    gone = set(fixer.dropped_columns.get(table, ()))
    if gone and any(getattr(p, "name", None) in gone for p in stmt.indexParams or ()):
        return Fixed([], [Change("depends-on-dropped", name, "index left out: it covers a column left out")])
    changes = [Change("index-concurrently" if stmt.concurrent else "index-async", name,
                      "made CREATE INDEX ASYNC: DSQL builds every index in the background")]
    stmt.concurrent = False
    stmt.accessMethod = "btree"  # printed as USING btree, taken out below: DSQL's syntax has no USING
    for param in stmt.indexParams or ():
        param.ordering = SortByDir.SORTBY_DEFAULT
        param.nulls_ordering = SortByNulls.SORTBY_NULLS_DEFAULT
        param.opclass = None
    stmt.indexIncludingParams = None
    stmt.tableSpace = None
    stmt.options = None
    text = re.sub(r"^CREATE (UNIQUE )?INDEX ", lambda m: f"CREATE {m.group(1) or ''}INDEX ASYNC ", deparse(stmt))
    text = text.replace(" USING btree (", " (", 1)
    return Fixed([text + ";"], changes)


def fix_copy(fixer: Fixer, stmt: Any, sql: str) -> Fixed | None:
    """A COPY whose rows go elsewhere (a partition's, to its table) or lose a column left out."""
    from pglast import ast

    facts = fixer.facts
    table = qualified(stmt.relation)
    target = facts.table_for_data(table)
    gone = fixer.dropped_columns.get(target, [])
    if target == table and not gone:
        return None
    changes = []
    if target != table:
        schema, _, relname = target.rpartition(".")
        stmt.relation = ast.RangeVar(schemaname=schema or None, relname=relname, inh=True, relpersistence="p")
        changes.append(Change("partition", table, f"rows of partition {table} load into {target}"))
    data = None
    if gone and stmt.attlist:
        names = [a.sval for a in stmt.attlist]
        skip = {i for i, n in enumerate(names) if n in gone}
        stmt.attlist = tuple(a for i, a in enumerate(stmt.attlist) if i not in skip)

        def data(line: str) -> str:
            if line == "\\.":
                return line
            return "\t".join(f for i, f in enumerate(line.split("\t")) if i not in skip)

        changes.append(Change("depends-on-dropped", target, f"data of columns left out skipped: {', '.join(gone)}"))
    return Fixed([deparse(stmt) + ";"], changes, data)
