"""What the first pass over a script learns for the second: the facts that let a statement be fixed by what comes
later in the file (pg_dump adds primary keys and identities after the data, attaches partitions after creating
them), and the enum types whose columns become text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dsqlsh.fix.script import Item

__all__ = ["Facts", "learn", "parse", "qualified"]


@dataclass
class Facts:
    """The whole script's answers to what one statement cannot see alone."""

    enums: dict[str, list[str]] = field(default_factory=dict)  # type name (qualified and bare) -> labels
    keys: dict[str, list[Any]] = field(default_factory=dict)  # table -> PRIMARY KEY / UNIQUE constraint nodes
    identities: dict[tuple[str, str], Any] = field(default_factory=dict)  # (table, column) -> identity node
    partition_of: dict[str, str] = field(default_factory=dict)  # partition -> its partitioned table
    created: set[str] = field(default_factory=set)  # tables the script creates
    owned_by: dict[str, tuple[str, str]] = field(default_factory=dict)  # sequence -> (table, column) owning it
    nextval_defaults: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, column) -> its sequence
    bigint_columns: set[tuple[str, str]] = field(default_factory=set)
    columns: dict[str, list[Any]] = field(default_factory=dict)  # table -> its ColumnDef nodes, for INHERITS

    def serial_sequence(self, table: str, column: str) -> str | None:
        """The sequence of a bigserial column as pg_dump writes one (a bigint column, a sequence OWNED BY it and
        its DEFAULT nextval of that sequence), or None. An integer serial keeps its sequence (DSQL has sequences
        and SET DEFAULT): made an identity it would have to become bigint, and a function taking integer that is
        called with it would no longer be found."""
        sequence = self.nextval_defaults.get((table, column))
        if (sequence is not None and self.owned_by.get(sequence) == (table, column)
                and (table, column) in self.bigint_columns):
            return sequence
        return None

    def is_serial_sequence(self, sequence: str) -> bool:
        owner = self.owned_by.get(sequence)
        return owner is not None and self.serial_sequence(*owner) == sequence

    def table_for_data(self, table: str) -> str:
        """Where a partition's rows go: its top partitioned table."""
        while table in self.partition_of:
            table = self.partition_of[table]
        return table


def parse(sql: str) -> list[Any]:
    """pglast's statement nodes for sql; [] when it does not parse (left as written)."""
    from pglast import parse_sql
    from pglast.parser import ParseError

    try:
        return [raw.stmt for raw in parse_sql(sql)]
    except ParseError:
        return []


def qualified(rangevar: Any) -> str:
    """schema.name of a RangeVar, or the bare name when unqualified."""
    return f"{rangevar.schemaname}.{rangevar.relname}" if rangevar.schemaname else rangevar.relname


def nextval_of(node: Any) -> str | None:
    """The sequence of a `nextval('name'::regclass)` expression, or None."""
    from pglast import ast

    if not isinstance(node, ast.FuncCall) or not node.funcname or node.funcname[-1].sval != "nextval":
        return None
    arg: Any = node.args[0] if node.args else None
    if isinstance(arg, ast.TypeCast):
        arg = arg.arg
    value = getattr(getattr(arg, "val", None), "sval", None)
    return str(value) if value else None


def type_name(node: Any) -> str:
    """A TypeName's name as written (schema.name or name), without array bounds."""
    return ".".join(n.sval for n in node.names if n.sval != "pg_catalog" or len(node.names) == 1)


def learn(items: Iterable[Item]) -> Facts:
    """The first pass: every statement of the script looked at once, data lines skipped."""
    from pglast import ast

    facts = Facts()
    for item in items:
        if item.kind != "sql":
            continue
        for stmt in parse(item.text):
            if isinstance(stmt, ast.CreateEnumStmt):
                labels = [v.sval for v in stmt.vals or ()]
                name = ".".join(n.sval for n in stmt.typeName or ())
                facts.enums[name] = labels
                facts.enums[name.rsplit(".", 1)[-1]] = labels
            elif isinstance(stmt, ast.CreateStmt):
                table = qualified(stmt.relation)
                facts.created.add(table)
                facts.bigint_columns.update((table, str(e.colname)) for e in stmt.tableElts or ()
                                            if isinstance(e, ast.ColumnDef) and e.typeName is not None
                                            and type_name(e.typeName) in ("int8", "bigint"))
                facts.columns[table] = [e for e in stmt.tableElts or () if isinstance(e, ast.ColumnDef)]
                if stmt.partbound is not None and stmt.inhRelations:
                    facts.partition_of[table] = qualified(stmt.inhRelations[0])
            elif isinstance(stmt, ast.AlterTableStmt):
                _learn_alter(facts, qualified(stmt.relation), stmt.cmds or ())
            elif isinstance(stmt, ast.AlterSeqStmt):
                for option in stmt.options or ():
                    if option.defname == "owned_by" and isinstance(option.arg, tuple) and len(option.arg) >= 2:
                        names = [n.sval for n in option.arg]
                        facts.owned_by[qualified(stmt.sequence)] = (".".join(names[:-1]), names[-1])
    return facts


def _learn_alter(facts: Facts, table: str, cmds: Iterable[Any]) -> None:
    from pglast import ast
    from pglast.enums import AlterTableType, ConstrType

    for cmd in cmds:
        if not isinstance(cmd, ast.AlterTableCmd):
            continue
        if cmd.subtype == AlterTableType.AT_AddConstraint and isinstance(cmd.def_, ast.Constraint):
            con = cmd.def_
            if con.contype in (ConstrType.CONSTR_PRIMARY, ConstrType.CONSTR_UNIQUE) and not con.indexname:
                facts.keys.setdefault(table, []).append(con)
        elif cmd.subtype == AlterTableType.AT_AddIdentity and isinstance(cmd.def_, ast.Constraint):
            facts.identities[(table, str(cmd.name))] = cmd.def_
        elif cmd.subtype == AlterTableType.AT_ColumnDefault and cmd.name:
            sequence = nextval_of(cmd.def_)
            if sequence is not None:
                facts.nextval_defaults[(table, cmd.name)] = sequence
        elif cmd.subtype == AlterTableType.AT_AttachPartition and isinstance(cmd.def_, ast.PartitionCmd):
            facts.partition_of[qualified(cmd.def_.name)] = table
