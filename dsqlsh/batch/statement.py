"""What \\batch can run, read from the statement's parse tree (pglast): the table walked in primary-key order, and
the same statement with a key range added to its WHERE; or, when it cannot be made exact, the one-line reason.

Walked: the target of an UPDATE or DELETE, the one source table of an INSERT ... SELECT. The statement for each
batch is the user's own, parsed and printed back with `AND (keys) > (after) AND (keys) <= (upto)` added to its
WHERE, so that every row of the walked table is looked at by exactly one batch however SET changes the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

__all__ = ["BatchRefused", "Shape", "read_shape"]


class BatchRefused(Exception):
    """The statement cannot be run in batches exactly once; the message says why, in one line."""


@dataclass(frozen=True)
class Shape:
    """A statement \\batch can run. kind is the command tag's word (UPDATE, DELETE, INSERT); table the walked
    table as written (for the catalog), ref how the statement names it (its alias, or the table's name);
    set_columns what an UPDATE assigns; target the table an INSERT writes; calls the functions called where
    rows are chosen (the WHERE, and an INSERT's select list), whose volatility the server knows."""

    kind: str
    table: str
    ref: str
    set_columns: tuple[str, ...]
    target: str | None
    calls: frozenset[str]
    node: Any  # the parsed statement (pglast)

    def batch_sql(self, condition: str) -> str:
        """The statement with condition ANDed to the WHERE of the walked table's query."""
        return _sql(self._with_condition(condition))

    def keys_sql(self, columns: str, condition: str, order: str, limit: int | None = None) -> str:
        """SELECT columns over the rows the statement would touch (its FROM, USING or source and WHERE, its WITH),
        with condition added, in order."""
        node = self.node
        with_text = _sql(node.withClause) if node.withClause else ""
        query = node.selectStmt if self.kind == "INSERT" else node
        if self.kind == "UPDATE":
            from_items = [node.relation, *(node.fromClause or ())]
        elif self.kind == "DELETE":
            from_items = [node.relation, *(node.usingClause or ())]
        else:
            from_items = list(query.fromClause)
        where = f"({_sql(query.whereClause)}) AND " if query.whereClause is not None else ""
        sql = (f"{'WITH ' + with_text + ' ' if with_text else ''}SELECT {columns} "
               f"FROM {', '.join(_sql(item) for item in from_items)} WHERE {where}{condition} ORDER BY {order}")
        return sql + (f" LIMIT {limit}" if limit is not None else "")

    def _with_condition(self, condition: str) -> Any:
        from pglast import ast, enums, parse_sql

        extra = cast(Any, parse_sql(f"SELECT WHERE {condition}")[0].stmt).whereClause
        node = self.node
        query = node.selectStmt if self.kind == "INSERT" else node
        where = extra if query.whereClause is None else ast.BoolExpr(boolop=enums.BoolExprType.AND_EXPR,
                                                                     args=(query.whereClause, extra))
        changed_query = query.__class__(**{**_fields(query), "whereClause": where})
        if self.kind != "INSERT":
            return changed_query
        return node.__class__(**{**_fields(node), "selectStmt": changed_query})


def read_shape(sql: str) -> Shape:
    """The Shape of one UPDATE, DELETE or INSERT ... SELECT, or BatchRefused saying why not."""
    import pglast
    from pglast import ast

    try:
        parsed = pglast.parse_sql(sql)
    except pglast.parser.ParseError as exc:
        raise BatchRefused(f"the statement does not parse: {exc.args[0]}") from None
    if len(parsed) != 1:
        raise BatchRefused("give exactly one statement")
    node: Any = parsed[0].stmt  # pglast's node classes, read by field name below
    if isinstance(node, ast.UpdateStmt):
        kind = "UPDATE"
    elif isinstance(node, ast.DeleteStmt):
        kind = "DELETE"
    elif isinstance(node, ast.InsertStmt):
        kind = "INSERT"
    else:
        raise BatchRefused("it runs UPDATE, DELETE and INSERT ... SELECT statements")
    if node.returningClause is not None:
        raise BatchRefused("RETURNING cannot be split into batches: run the statement without it")
    if node.withClause is not None:
        if node.withClause.recursive:
            raise BatchRefused("a recursive WITH cannot be split into batches")
        for cte in node.withClause.ctes:
            if not isinstance(cte.ctequery, ast.SelectStmt):
                raise BatchRefused("a data-modifying WITH query would run once per batch: run it on its own")
    if kind == "INSERT":
        return _insert_shape(node)
    if isinstance(node.whereClause, ast.CurrentOfExpr):
        raise BatchRefused("WHERE CURRENT OF names one row: there is nothing to split")
    relation = node.relation
    set_columns = tuple(target.name for target in node.targetList or ()) if kind == "UPDATE" else ()
    return Shape(kind, _table_name(relation), _ref(relation), set_columns, None, _calls(node.whereClause), node)


def _insert_shape(node: Any) -> Shape:
    from pglast import ast, enums

    select = node.selectStmt
    if select is None or not isinstance(select, ast.SelectStmt) or select.valuesLists:
        raise BatchRefused("it runs INSERT ... SELECT; an INSERT ... VALUES is one statement already")
    if select.op != enums.SetOperation.SETOP_NONE:
        raise BatchRefused("a UNION, INTERSECT or EXCEPT cannot be walked in key order")
    reasons = [(select.distinctClause, "DISTINCT"), (select.groupClause, "GROUP BY"),
               (select.havingClause, "HAVING"), (select.windowClause, "WINDOW"),
               (select.limitCount, "LIMIT"), (select.limitOffset, "OFFSET"), (select.withClause, "WITH")]
    for present, what in reasons:
        if present:
            raise BatchRefused(f"an INSERT ... SELECT with {what} cannot be split into batches exactly")
    sources = select.fromClause or ()
    if len(sources) != 1 or not isinstance(sources[0], ast.RangeVar):
        raise BatchRefused("the SELECT must read one table (no joins), walked in its primary-key order")
    source = sources[0]
    calls = _calls(select.whereClause) | _calls(select.targetList)
    return Shape("INSERT", _table_name(source), _ref(source), (), _table_name(node.relation), calls, node)


def _table_name(relation: Any) -> str:
    """The table as an SQL name (schema-qualified when written so), without its alias."""
    return _sql(relation.__class__(**{**_fields(relation), "alias": None}))


def _ref(relation: Any) -> str:
    """How the statement's own text refers to the table's columns: its alias, else its name."""
    from dsqlsh.statements import quote_ident

    return quote_ident(relation.alias.aliasname if relation.alias is not None else relation.relname)


def _calls(node: Any) -> frozenset[str]:
    """The names of the functions called anywhere under node (subqueries included)."""
    from pglast import ast
    from pglast.visitors import Visitor

    names: set[str] = set()

    class Calls(Visitor):
        def visit_FuncCall(self, ancestors: Any, call: ast.FuncCall) -> None:  # noqa: N802 (pglast's naming)
            names.update(part.sval for part in (call.funcname or ())[-1:])

    if node is not None:
        Calls()(node)
    return frozenset(names)


def _sql(node: Any) -> str:
    """A node printed back as SQL (a fresh printer each time: a RawStream keeps what it printed)."""
    from pglast.stream import RawStream

    return str(RawStream()(node))


def _fields(node: Any) -> dict[str, Any]:
    return {name: getattr(node, name) for name in node.__slots__ if name != "location" or hasattr(node, name)}
