"""What --fix did to a statement (Change), what the statement became (Fixed), and the tree helpers the fixes share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dsqlsh.fix.facts import type_name
from dsqlsh.fix.fixes import FIXES

__all__ = ["Change", "Fixed", "deparse", "sequence_options", "walk"]

SEQUENCE_CACHE_OK = (1, 65536)  # CACHE must be 1 or at least 65,536


@dataclass(frozen=True)
class Change:
    """One thing --fix did to a statement."""

    fix: str  # key in FIXES
    object: str  # what it was done to (a table, an index, a setting...)
    message: str
    rule_id: str | None = None  # the compat rule, where one fix answers several (objects DSQL lacks)

    @property
    def rule(self) -> str:
        return self.rule_id or FIXES[self.fix].rule

    @property
    def action(self) -> str:
        return FIXES[self.fix].action

    @property
    def keeps(self) -> bool:
        return FIXES[self.fix].keeps


@dataclass
class Fixed:
    """What a statement became: the statements to write (none when it is left out), what was done, for a COPY whose
    data must change on the way the function each data line goes through, and whether it must wait for the end of
    the schema (a SQL function whose body uses tables created later, and what uses it)."""

    statements: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    data: Callable[[str], str] | None = None
    held: bool = False


def sequence_options(options: list[Any], name: str) -> tuple[list[Change], list[Any]]:
    """A sequence's options as DSQL takes them: bigint only, CACHE 1 or at least 65,536."""
    from pglast import ast

    changes: list[Change] = []
    kept = []
    cache = None
    for option in options:
        if option.defname == "as":
            shown = type_name(option.arg)
            if shown not in ("int8", "bigint"):
                changes.append(Change("sequence-type", name, f"removed AS {shown}: DSQL sequences are bigint"))
                continue
        if option.defname == "cache":
            cache = option
        kept.append(option)
    if cache is None:
        from pglast.enums import DefElemAction

        kept.append(ast.DefElem(defname="cache", arg=ast.Integer(ival=1), defaction=DefElemAction.DEFELEM_UNSPEC))
        changes.append(Change("sequence-cache", name, "added CACHE 1: DSQL needs an explicit CACHE"))
    elif not (cache.arg.ival == SEQUENCE_CACHE_OK[0] or cache.arg.ival >= SEQUENCE_CACHE_OK[1]):
        changes.append(Change("sequence-cache", name, f"CACHE {cache.arg.ival} made CACHE 1: DSQL takes 1 or "
                                                      f"at least 65536"))
        cache.arg = ast.Integer(ival=1)
    return changes, kept


def deparse(node: Any) -> str:
    from pglast.stream import RawStream

    return str(RawStream()(node))


def walk(node: Any, kind: type) -> list[Any]:
    """Every node of a kind in a pglast tree."""
    from pglast import ast

    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, kind):
            found.append(current)
        if isinstance(current, ast.Node):
            stack.extend(v for v in (getattr(current, f) for f in current) if v is not None)
        elif isinstance(current, (tuple, list)):
            stack.extend(current)
    return found
