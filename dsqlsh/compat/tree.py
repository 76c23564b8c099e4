"""One parsed statement as the rules see it: pglast's JSON tree plus helpers for positions.

The tree is libpg_query's JSON (``pglast.parser.parse_sql_json``): a node is ``{"TypeName":
{...fields...}}`` where the field type is generic, and a bare field dict where it is fixed (a
ColumnDef's ``typeName``, a statement's ``relation``). Missing fields mean the default: false,
0, empty. ``location`` fields are byte offsets into the UTF-8 text parsed; ``Stmt.at`` converts them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

from dsqlsh.compat.tokens import Token, tokenize

__all__ = ["Stmt", "names", "type_name", "int_value"]

Node = dict[str, Any]


class Stmt:
    """A statement to check: ``kind`` is its node type (``"CreateStmt"``), ``node`` its fields."""

    def __init__(
        self,
        kind: str,
        node: Node,
        text: str,
        start: int,
        end: int,
        *,
        is_async: bool = False,
        tokens: Callable[[], list[Token]] | None = None,
        source: str | None = None,
        base: int = 0,
        lacks: Callable[[str], bool] | None = None,
    ) -> None:
        self.kind = kind
        self.node = node
        self.text = text  # the whole text handed to the parser (ASYNC blanked out)
        self.source = text if source is None else source  # the text as written, same length
        self.start = start  # character offset of the statement's first token
        self.end = end  # character offset just past the statement
        self.is_async = is_async  # DSQL's CREATE INDEX ASYNC / ALTER TABLE ASYNC was written
        self._all_tokens = tokens  # gives the tokens of ``text``, when the caller can
        # Where ``text`` starts (bytes) in what pglast parsed, when that held other statements before it
        # (check.analyze_all): node locations count from there.
        self.base = base
        # Says, when the parser can, that a node type is nowhere in the statement: find() need not walk.
        self.lacks = lacks
        self.memo: dict[str, Any] = {}  # what rules derive from the node once and share

    def at(self, location: int | None) -> int:
        """Character offset of a pglast byte ``location``; the statement start when unknown."""
        if location is None or location < 0:
            return self.start
        location -= self.base
        if self._ascii:
            return location
        return len(self._utf8[:location].decode("utf-8", errors="ignore"))

    @cached_property
    def lowered(self) -> str | None:
        """The statement's text lower-cased, when it is ASCII (Rule.applies); else None."""
        span = self.text[self.start:self.end]
        return span.lower() if span.isascii() else None

    @cached_property
    def _ascii(self) -> bool:
        return self.text.isascii()

    @cached_property
    def _utf8(self) -> bytes:
        return self.text.encode("utf-8")

    @cached_property
    def tokens(self) -> list[Token]:
        """The statement's tokens (comments and literals are never mistaken for keywords)."""
        every = self._all_tokens() if self._all_tokens is not None else tokenize(self.text)
        return [t for t in every if self.start <= t.start < self.end]

    def keyword(self, *words: str, after: int | None = None, before: int | None = None) -> int | None:
        """Offset of the first bare word in ``words`` between ``after`` and ``before``, else None."""
        wanted = {w.upper() for w in words}
        low = self.start if after is None else after
        high = self.end if before is None else before
        for token in self.tokens:
            if token.start >= high:
                break
            if token.start >= low and token.upper in wanted:
                return token.start
        return None

    def command_spans(self) -> list[tuple[int, int]]:
        """Character spans of an ALTER TABLE's subcommands, split at top-level commas."""
        relation = self.node.get("relation") or {}
        tokens = [t for t in self.tokens if t.start >= self.at(relation.get("location"))]
        position = 1  # past the relation name: name [. name [. name]] [*]
        while position + 1 < len(tokens) and tokens[position].text == ".":
            position += 2
        if position < len(tokens) and tokens[position].text == "*":
            position += 1
        spans: list[tuple[int, int]] = []
        depth = 0
        start: int | None = None
        for token in tokens[position:]:
            if token.text == ";" and depth == 0:
                break
            if start is None:
                start = token.start
            depth += {"(": 1, ")": -1}.get(token.text, 0)
            if token.text == "," and depth == 0:
                spans.append((start, token.start))
                start = None
        if start is not None:
            spans.append((start, self.end))
        return spans

    def walk(self, node: Any = None) -> Iterator[tuple[str, Node]]:
        """Every wrapped node ``(type, fields)`` below ``node`` (default: the statement)."""
        # The hottest loop of --check (every statement's tree is walked once): exact type tests (the tree is
        # json.loads' plain dicts and lists) and only containers pushed.
        stack = [self.node if node is None else node]
        pop, push = stack.pop, stack.append
        while stack:
            item = pop()
            if type(item) is dict:
                if len(item) == 1:
                    ((key, value),) = item.items()
                    if type(value) is dict and key[:1].isupper():
                        yield key, value
                        push(value)
                        continue
                children: Any = item.values()
            else:
                children = item
            for child in children:
                kind = type(child)
                if kind is dict or kind is list:
                    push(child)

    @cached_property
    def index(self) -> dict[str, list[Node]]:
        """Nodes of the statement grouped by type."""
        found: dict[str, list[Node]] = {}
        for kind, fields in self.walk():
            found.setdefault(kind, []).append(fields)
        return found

    def find(self, kind: str) -> list[Node]:
        """All nodes of one type anywhere in the statement."""
        if self.lacks is not None and self.lacks(kind):
            return []
        return self.index.get(kind, [])


def names(items: list[Node] | None) -> list[str]:
    """The strings of a name list such as ``[{"String": {"sval": "pg_catalog"}}, ...]``."""
    return [item.get("String", {}).get("sval", "") for item in items or ()]


def type_name(type_node: Node) -> str:
    """A TypeName's name without ``pg_catalog.``: ``int4``, ``varchar``, ``myschema.mytype``."""
    parts = names(type_node.get("names"))
    if len(parts) > 1 and parts[0] == "pg_catalog":
        parts = parts[1:]
    return ".".join(parts)


def int_value(value: Node | None) -> int | None:
    """The number in an ``Integer``/``Float``/``A_Const`` node, else None (a missing ival is 0)."""
    if not value:
        return None
    if "A_Const" in value:
        value = value["A_Const"]
    if "Integer" in value or "ival" in value:
        inner = value.get("Integer", value.get("ival"))
        return int(inner.get("ival", 0)) if isinstance(inner, dict) else None
    if "Float" in value or "fval" in value:
        inner = value.get("Float", value.get("fval"))
        try:
            return int(float(inner.get("fval", "0"))) if isinstance(inner, dict) else None
        except (TypeError, ValueError):
            return None
    return None
