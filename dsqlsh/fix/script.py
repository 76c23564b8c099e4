"""A script read as psql reads it, for fixing: its statements (with where they start), its backslash commands, and
the data lines of each COPY ... FROM stdin passed through untouched, one line at a time, so a dump's data sections
never sit in memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from dsqlsh.scanner import Scanner
from dsqlsh.statements import Command, Statement, data_follows

__all__ = ["Item", "read_items"]


class Item(NamedTuple):
    """One piece of the script: "sql" (a statement), "command" (a backslash command line, as written) or "data"
    (one line of COPY data, "\\." included)."""

    kind: str
    text: str
    line: int  # where it starts
    col: int = 1


def read_items(lines: Iterable[str]) -> Iterator[Item]:
    """The script's items in order; lines come without their newlines."""
    scanner = Scanner()
    it = iter(lines)
    lineno = 0
    for raw in it:
        lineno += 1
        for found in scanner.feed(raw, lineno):
            if isinstance(found, Statement):
                start = found.line - found.text.count("\n")
                yield Item("sql", found.text, start, _column(raw, found.text) if start == lineno else 1)
                if data_follows(found.text):
                    for data in it:
                        lineno += 1
                        yield Item("data", data, lineno)
                        if data == "\\.":
                            break
            elif isinstance(found, Command):
                yield Item("command", f"\\{found.name} {found.args}".rstrip(), lineno)
    tail = scanner.finish()
    if tail is not None:
        yield Item("sql", tail.text, tail.line - tail.text.count("\n"))


def _column(line: str, text: str) -> int:
    """Where text starts on its first line (1-based), when it is found there."""
    at = line.find(text.split("\n", 1)[0])
    return at + 1 if at >= 0 else 1
