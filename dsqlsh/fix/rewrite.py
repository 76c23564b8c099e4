"""The second pass: each statement rewritten into what DSQL accepts, with what was done to it.

Statements are parsed with pglast (PostgreSQL's own grammar), changed as trees and printed back; what needs no fix
is written as it came. A statement that depends on something left out (a view over a PL/pgSQL function, the owner
of a trigger function) is left out too, and says why.
"""

from __future__ import annotations

import re
from typing import Any

from dsqlsh.compat.rules import is_settable
from dsqlsh.fix.changes import Change, Fixed, deparse, sequence_options, walk
from dsqlsh.fix.facts import Facts, parse, qualified, type_name
from dsqlsh.fix.tables import fix_alter_table, fix_copy, fix_create_table, fix_index

__all__ = ["Fixer"]

# Statements not left out for naming something left out: their handlers deal with it (a CREATE TABLE drops the
# column, a COPY of a partition goes to its table).
NOT_BY_NAME = frozenset({"CreateStmt", "CreateFunctionStmt", "CopyStmt", "AlterTableStmt", "IndexStmt"})


class Fixer:
    """Rewrites the statements of one script, in order, with the facts of the whole script."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.dropped: dict[str, str] = {}  # qualified name (lower) of an object left out -> why
        self.held: dict[str, str] = {}  # name (lower) of an object held back to the end of the schema -> its kind
        self.sequence_renames: dict[str, str] = {}  # a sequence (lower) now an identity's -> the identity's name
        self.dropped_columns: dict[str, list[str]] = {}  # table -> its columns left out

    def statement(self, sql: str) -> Fixed:
        """sql (one statement, as the script has it) fixed for DSQL."""
        stmts = parse(sql)
        if len(stmts) != 1:
            return Fixed([sql])
        stmt = stmts[0]
        renamed = _rename_functions(stmt)
        resequenced = self._rename_sequences(stmt)
        # Enum types read as text wherever they are named (casts in defaults, views, index predicates); CREATE
        # TABLE first looks at its columns' types, then does the same.
        kind = type(stmt).__name__
        retyped = kind not in ("CreateEnumStmt", "CreateStmt") and self._retype(stmt)
        handler = getattr(self, "_" + kind, None)
        fixed = handler(stmt, sql) if handler is not None else None
        if fixed is None and (renamed or retyped or resequenced):
            fixed = Fixed([deparse(stmt) + ";"])
        if renamed and fixed is not None:
            fixed.changes.append(Change("uuid-function", _object_of(stmt), f"{renamed} made gen_random_uuid(): "
                                                                           f"built in, no extension needed"))
        if retyped and fixed is not None and fixed.statements and not any(c.fix == "enum" for c in fixed.changes):
            fixed.changes.append(Change("enum", _object_of(stmt), "enum type names read as text"))
        if fixed is not None and not fixed.statements:
            return fixed  # left out for its own reason
        depends = None if type(stmt).__name__ in NOT_BY_NAME else _uses(sql, self.dropped)
        if depends is not None:
            why = self.dropped[depends]
            return Fixed([], [Change("depends-on-dropped", _object_of(stmt), f"left out: it uses {depends}, left "
                                                                              f"out ({why})")])
        fixed = fixed if fixed is not None else Fixed([sql])
        if fixed.held or _uses(sql, self.held) is not None:
            # pg_dump creates functions before tables with check_function_bodies off, which DSQL does not let a
            # session set: a SQL function (and what uses it) waits until every table is created.
            fixed.held = True
            name = _object_of(stmt)
            self.held[name.lower()] = "function" if type(stmt).__name__ == "CreateFunctionStmt" else "relation"
        return fixed

    # ---- what depends on what was left out --------------------------------------------------------------------

    def _drop(self, name: str, why: str) -> None:
        """Remember an object left out, so what uses it (by its name as the script writes it) is left out too."""
        self.dropped[name.lower()] = why

    # ---- session settings -------------------------------------------------------------------------------------
    def _VariableSetStmt(self, stmt: Any, sql: str) -> Fixed | None:
        name = (stmt.name or "").lower()
        if not name or is_settable(name) or stmt.is_local:
            return None
        shown = sql.strip().rstrip(";")
        return Fixed([], [Change("session-set", name, f"removed {shown}: DSQL refuses this session setting, and it "
                                                      f"does not change what the script creates")])

    # ---- owners, privileges, row security ---------------------------------------------------------------------
    def _GrantStmt(self, stmt: Any, sql: str) -> Fixed:
        return Fixed([], [Change("privileges", _privilege_object(stmt), "privileges not carried over: the roles "
                                                                        "are DSQL's own; grant them after the load")])

    def _GrantRoleStmt(self, stmt: Any, sql: str) -> Fixed:
        return Fixed([], [Change("privileges", "role membership", "role grants not carried over: DSQL roles map "
                                                                  "to IAM identities")])

    def _AlterDefaultPrivilegesStmt(self, stmt: Any, sql: str) -> Fixed:
        return Fixed([], [Change("privileges", "default privileges", "default privileges not carried over")])

    def _CreatePolicyStmt(self, stmt: Any, sql: str) -> Fixed:
        return Fixed([], [Change("row-security", f"{stmt.policy_name} on {qualified(stmt.table)}",
                                 "row-level security policy left out: DSQL does not support it")])

    def _CreatePublicationStmt(self, stmt: Any, sql: str) -> Fixed:
        return self._unsupported(stmt.pubname, "publication", "unsupported-object", "DSQL-UNSUPPORTED-STATEMENT")

    def _CreateSubscriptionStmt(self, stmt: Any, sql: str) -> Fixed:
        return self._unsupported(stmt.subname, "subscription", "unsupported-object", "DSQL-UNSUPPORTED-STATEMENT")

    def _AlterOwnerStmt(self, stmt: Any, sql: str) -> Fixed:
        return Fixed([], [Change("owner", _object_of(stmt), "removed OWNER TO: objects belong to the role that "
                                                            "runs the script on DSQL")])

    # ---- types, functions and other objects DSQL lacks ----------------------------------------------------------
    def _CreateEnumStmt(self, stmt: Any, sql: str) -> Fixed:
        name = ".".join(n.sval for n in stmt.typeName)
        return Fixed([], [Change("enum", name, "enum type left out: its columns become text with a CHECK of its "
                                               "labels")])

    def _CompositeTypeStmt(self, stmt: Any, sql: str) -> Fixed:
        return self._unsupported(qualified(stmt.typevar), "composite type", "unsupported-object", "DSQL-CREATE-TYPE")

    def _CreateRangeStmt(self, stmt: Any, sql: str) -> Fixed:
        return self._unsupported(".".join(n.sval for n in stmt.typeName), "range type", "unsupported-object",
                                 "DSQL-CREATE-TYPE")

    def _CreateFunctionStmt(self, stmt: Any, sql: str) -> Fixed | None:
        language = _function_language(stmt)
        name = ".".join(n.sval for n in stmt.funcname)
        if stmt.is_procedure:
            return self._unsupported(name, "procedure", "function-language", "DSQL-PROCEDURE")
        if language != "sql":
            return self._unsupported(name, f"LANGUAGE {language} function", "function-language")
        return Fixed([sql], held=True)

    def _CreateTrigStmt(self, stmt: Any, sql: str) -> Fixed:
        return self._unsupported(f"{stmt.trigname} on {qualified(stmt.relation)}", "trigger", "unsupported-object")

    def _CreateEventTrigStmt(self, stmt: Any, sql: str) -> Fixed:
        return self._unsupported(stmt.trigname, "event trigger", "unsupported-object", "DSQL-TRIGGER")

    def _CreateExtensionStmt(self, stmt: Any, sql: str) -> Fixed:
        return self._unsupported(stmt.extname, "extension", "unsupported-object", "DSQL-EXTENSION")

    def _DoStmt(self, stmt: Any, sql: str) -> Fixed:
        return Fixed([], [Change("function-language", "DO block", "left out: DSQL runs no PL/pgSQL")])

    def _DefineStmt(self, stmt: Any, sql: str) -> Fixed | None:
        from pglast.enums import ObjectType

        if stmt.kind == ObjectType.OBJECT_AGGREGATE:
            return self._unsupported(".".join(n.sval for n in stmt.defnames), "aggregate", "unsupported-object",
                                     "DSQL-UNSUPPORTED-STATEMENT")
        return None

    def _unsupported(self, name: str, what: str, fix: str, rule: str | None = None) -> Fixed:
        self._drop(name.split(" on ")[0], what)
        return Fixed([], [Change(fix, name, f"{what} left out: DSQL does not support it", rule)])

    # ---- views ---------------------------------------------------------------------------------------------------
    def _CreateTableAsStmt(self, stmt: Any, sql: str) -> Fixed | None:
        from pglast.enums import ObjectType

        if stmt.objtype != ObjectType.OBJECT_MATVIEW:
            return None
        name = qualified(stmt.into.rel)
        self._retype(stmt.query)
        view = f"CREATE VIEW {deparse(stmt.into.rel)} AS {deparse(stmt.query)};"
        return Fixed([view], [Change("matview", name, "materialized view made a view: it is computed at each "
                                                      "query instead of stored")])

    def _RefreshMatViewStmt(self, stmt: Any, sql: str) -> Fixed:
        return Fixed([], [Change("refresh", qualified(stmt.relation), "removed REFRESH: the view is always current")])

    # ---- sequences -------------------------------------------------------------------------------------------------
    def _rename_sequences(self, stmt: Any) -> bool:
        """nextval/setval/currval('seq') of a sequence that is an identity's now, named as the identity's."""
        from pglast import ast

        found = False
        for call in walk(stmt, ast.FuncCall) if self.sequence_renames else ():
            if call.funcname[-1].sval not in ("nextval", "setval", "currval") or not call.args:
                continue
            target: Any = call.args[0].arg if isinstance(call.args[0], ast.TypeCast) else call.args[0]
            value = getattr(getattr(target, "val", None), "sval", None)
            renamed = self.sequence_renames.get(value.lower()) if value else None
            if renamed is not None and renamed != value:
                target.val = ast.String(sval=renamed)
                found = True
        return found

    def _AlterSeqStmt(self, stmt: Any, sql: str) -> Fixed | None:
        name = qualified(stmt.sequence)
        if self.facts.is_serial_sequence(name):
            return Fixed([], [Change("sequence-folded", name, "OWNED BY left out: the sequence is the identity's")])
        return None

    def _CreateSeqStmt(self, stmt: Any, sql: str) -> Fixed | None:
        name = qualified(stmt.sequence)
        if self.facts.is_serial_sequence(name):
            return Fixed([], [Change("sequence-folded", name, "serial sequence left out: its column is an identity, "
                                                              "whose own sequence setval() now sets")])
        changes, options = sequence_options(list(stmt.options or ()), name)
        if not changes:
            return None
        stmt.options = tuple(options)
        return Fixed([deparse(stmt) + ";"], changes)

    # ---- tables ----------------------------------------------------------------------------------------------------
    def _CreateStmt(self, stmt: Any, sql: str) -> Fixed | None:
        return fix_create_table(self, stmt, sql)

    def _AlterTableStmt(self, stmt: Any, sql: str) -> Fixed | None:
        return fix_alter_table(self, stmt, sql)

    def _IndexStmt(self, stmt: Any, sql: str) -> Fixed | None:
        return fix_index(self, stmt, sql)

    def _CopyStmt(self, stmt: Any, sql: str) -> Fixed | None:
        return fix_copy(self, stmt, sql)

    def _retype(self, node: Any) -> bool:
        """Replace every enum type name in node's tree by text; whether any was."""
        from pglast import ast

        found = False
        for type_node in walk(node, ast.TypeName):
            if type_name(type_node) in self.facts.enums:
                type_node.names = (ast.String(sval="text"),)
                found = True
        return found


# Functions of extensions DSQL lacks, and the built-in that does the same.
BUILT_IN_INSTEAD = {"uuid_generate_v4": "gen_random_uuid"}


def _rename_functions(stmt: Any) -> str | None:
    """Calls of an extension's function that has a built-in twin renamed to it; the first name replaced, if any."""
    from pglast import ast

    found = None
    for call in walk(stmt, ast.FuncCall):
        name = call.funcname[-1].sval if call.funcname else ""
        if name in BUILT_IN_INSTEAD:
            call.funcname = (ast.String(sval=BUILT_IN_INSTEAD[name]),)
            found = found or f"{name}()"
    return found


def _privilege_object(stmt: Any) -> str:
    """What a GRANT or REVOKE is about, for the report."""
    names = []
    for obj in stmt.objects or ():
        if hasattr(obj, "relname"):
            names.append(qualified(obj))
        elif hasattr(obj, "sval"):
            names.append(obj.sval)
        elif hasattr(obj, "objname"):
            names.append(".".join(n.sval for n in obj.objname or ()))
    return ", ".join(names) or "privileges"


def _uses(sql: str, names: dict[str, str]) -> str | None:
    """The first of names that sql uses (a function where it is called), as the script writes it."""
    if not names:
        return None
    low = sql.lower()
    for name, kind in names.items():
        called = r"\s*\(" if kind.endswith(("function", "procedure", "aggregate")) else r"(?![\w$])"
        if name in low and re.search(r"(?<![\w$.])" + re.escape(name) + called, low):
            return name
    return None


def _function_language(stmt: Any) -> str:
    for option in stmt.options or ():
        if option.defname == "language":
            return str(option.arg.sval).lower()
    return "sql"


def _object_of(stmt: Any) -> str:
    """A name for the report: the relation or object a statement is about, else its kind."""
    funcname = getattr(stmt, "funcname", None)
    if funcname:
        return ".".join(n.sval for n in funcname)
    for attr in ("relation", "view", "sequence"):
        rel = getattr(stmt, attr, None)
        if rel is not None and hasattr(rel, "relname"):
            return qualified(rel)
    obj: Any = getattr(stmt, "object", None)
    if hasattr(obj, "sval"):  # a schema, a language...
        return str(obj.sval)
    names = getattr(obj, "objname", obj)  # a function's name and arguments, or a list of names
    if isinstance(names, (list, tuple)) and all(hasattr(n, "sval") for n in names):
        return ".".join(n.sval for n in names) + ("()" if names is not obj else "")
    return type(stmt).__name__.removesuffix("Stmt")
