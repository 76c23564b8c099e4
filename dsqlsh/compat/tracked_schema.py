"""What the session has created so far, for the rules that need a table's definition.

A few DSQL refusals depend on the table, not the statement: dropping a primary-key column,
making a non-bigint column an identity, indexing a type DSQL cannot index. The Checker remembers
the tables created in the session (columns, types, primary key) and checks later statements
against them. Tables it has not seen are never flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dsqlsh.compat.tree import Node, Stmt, type_name

__all__ = ["NOT_INDEXABLE", "Fact", "TrackedSchema", "facts_of"]

# DSQL's data types page: "Index support: No" for these.
NOT_INDEXABLE = frozenset({"timetz", "interval", "bytea", "json", "jsonb"})


@dataclass(frozen=True)
class Fact:
    """One thing a statement does to a table, as far as the schema rules care."""

    kind: str  # "create", "forget", "add-column", "drop-column", "add-identity", "index-key"
    table: str
    column: str = ""
    offset: int = 0
    columns: tuple[tuple[str, str], ...] = ()  # "create", "add-column": (name, type)
    primary_key: tuple[str, ...] = ()  # "create"


@dataclass
class _Table:
    """One table's columns (name: type) and primary key."""

    columns: dict[str, str] = field(default_factory=dict)
    primary_key: set[str] = field(default_factory=set)


class TrackedSchema:
    """Tables created in this session."""

    def __init__(self) -> None:
        self.tables: dict[str, _Table] = {}

    def apply(self, facts: tuple[Fact, ...], *, rejected: bool) -> list[tuple[str, int, tuple[str, ...]]]:
        """Problems the facts reveal, as (rule id, offset, message args); then remember them."""
        problems: list[tuple[str, int, tuple[str, ...]]] = []
        for fact in facts:
            table = self.tables.get(fact.table)
            if table is None or fact.kind in ("create", "forget"):
                if fact.kind == "create" and not rejected:
                    self.tables[fact.table] = _Table(dict(fact.columns), set(fact.primary_key))
                elif fact.kind == "forget":
                    self.tables.pop(fact.table, None)
                continue
            declared = table.columns.get(fact.column)
            if fact.kind == "drop-column" and fact.column in table.primary_key:
                problems.append(("DSQL-DROP-PK-COLUMN", fact.offset, (fact.column,)))
            elif fact.kind == "add-identity" and declared and declared not in ("int8", "bigint"):
                problems.append(("DSQL-IDENTITY-TYPE", fact.offset, (_DISPLAY.get(declared, declared),)))
            elif fact.kind == "index-key" and declared in NOT_INDEXABLE:
                problems.append(("DSQL-INDEX-TYPE", fact.offset, (fact.column, declared)))
            elif not rejected:
                if fact.kind == "add-column":
                    table.columns.update(fact.columns)
                elif fact.kind == "drop-column":
                    table.columns.pop(fact.column, None)
        return problems


_DISPLAY = {"int2": "smallint", "int4": "integer"}


def facts_of(stmt: Stmt) -> tuple[Fact, ...]:
    """What a statement does to tables, for TrackedSchema."""
    node = stmt.node
    relation = node.get("relation") or {}
    table = relation.get("relname", "")
    if stmt.kind == "CreateStmt" and not node.get("partbound"):
        return (_created(table, node),)
    if stmt.kind == "AlterTableStmt":
        return tuple(_altered(stmt, table))
    if stmt.kind == "IndexStmt":
        keys = [e.get("IndexElem", {}).get("name") for e in node.get("indexParams", ())]
        return tuple(Fact("index-key", table, key, _offset(stmt, key)) for key in keys if key)
    if stmt.kind == "DropStmt" and node.get("removeType") == "OBJECT_TABLE":
        objects = [o.get("List", {}).get("items", ()) for o in node.get("objects", ())]
        return tuple(Fact("forget", items[-1].get("String", {}).get("sval", "")) for items in objects if items)
    if stmt.kind == "RenameStmt" and table:
        return (Fact("forget", table),)
    return ()


def _created(table: str, node: Node) -> Fact:
    columns = []
    primary_key: list[str] = []
    for element in node.get("tableElts", ()):
        column = element.get("ColumnDef")
        if column:
            columns.append((column.get("colname", ""), type_name(column.get("typeName", {}))))
            kinds = [c.get("Constraint", {}).get("contype") for c in column.get("constraints", ())]
            if "CONSTR_PRIMARY" in kinds:
                primary_key.append(column.get("colname", ""))
        constraint = element.get("Constraint", {})
        if constraint.get("contype") == "CONSTR_PRIMARY":
            primary_key.extend(k.get("String", {}).get("sval", "") for k in constraint.get("keys", ()))
    return Fact("create", table, columns=tuple(columns), primary_key=tuple(primary_key))


def _altered(stmt: Stmt, table: str) -> list[Fact]:
    facts = []
    for index, item in enumerate(stmt.node.get("cmds", ())):
        command = item.get("AlterTableCmd", {})
        subtype = command.get("subtype")
        if subtype in ("AT_DropColumn", "AT_AddIdentity"):
            spans = stmt.command_spans()
            at = spans[index][0] if index < len(spans) else stmt.start
            kind = "drop-column" if subtype == "AT_DropColumn" else "add-identity"
            facts.append(Fact(kind, table, command.get("name", ""), at))
        elif subtype == "AT_AddColumn":
            column = command.get("def", {}).get("ColumnDef", {})
            declared = (column.get("colname", ""), type_name(column.get("typeName", {})))
            facts.append(Fact("add-column", table, columns=(declared,)))
        elif subtype == "AT_AlterColumnType":
            facts.append(Fact("forget", table))
    return facts


def _offset(stmt: Stmt, column: str) -> int:
    """Where an index key names ``column`` (after the table name)."""
    after = stmt.at((stmt.node.get("relation") or {}).get("location"))
    for token in stmt.tokens:
        name = token.text.lower() if token.kind == "word" else token.text[1:-1].replace('""', '"')
        if token.start > after and token.kind in ("word", "ident") and name == column:
            return token.start
    return stmt.start
