"""``dsqlsh --check --fix``: a script rewritten into what DSQL accepts, and a report of every change.

Two passes over the file (stdin is spooled to a temporary file first): the first learns what later statements
say (keys and identities added after the data, partitions attached), the second writes the fixed script as it
reads, COPY data passed through line by line, so memory does not grow with the data. Each fixed statement is
checked again; what DSQL would still reject is reported as an error.

Exit status, as AWS's dsql-lint documents it: 0 nothing to change or only fixes that keep behaviour; 3 fixed, but
something changed meaning or was left out; 1 something DSQL rejects remains; 2 usage or I/O error.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, TextIO

from dsqlsh.fix.changes import Change
from dsqlsh.fix.facts import learn
from dsqlsh.fix.rewrite import Fixer
from dsqlsh.fix.script import Item, read_items
from dsqlsh.statements import data_follows

if TYPE_CHECKING:
    from dsqlsh.compat.check import Checker

__all__ = ["Reported", "fix_file"]


@dataclass(frozen=True)
class Reported:
    """One line of the report: where, what was done, by which rule, to what, and why."""

    file: str
    line: int
    column: int
    action: str  # fixed | changed | dropped | error
    rule: str
    object: str
    message: str

    def text(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.action}: {self.rule}: {self.object}: {self.message}"


def fix_file(path: str, *, out: TextIO, err: TextIO, fmt: str = "text") -> int:
    """Fix one script (``-`` is stdin) into out, the report into err; the exit status (0, 3, 1 or 2)."""
    name = "<stdin>" if path == "-" else path
    try:
        with _readable(path) as source:
            reported = list(_fix(source, name, out))
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        err.write(f"dsqlsh: {name}: {reason}\n")
        return 2
    if fmt == "json":
        json.dump([asdict(r) for r in reported], err, indent=2)
        err.write("\n")
    else:
        err.writelines(r.text() + "\n" for r in reported)
    if any(r.action == "error" for r in reported):
        return 1
    return 3 if any(r.action in ("changed", "dropped") for r in reported) else 0


class _readable:
    """The script as a file that can be read twice: stdin goes to a temporary file first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.spooled: str | None = None

    def __enter__(self) -> str:
        if self.path != "-":
            return self.path
        handle, self.spooled = tempfile.mkstemp(prefix="dsqlsh-fix-", suffix=".sql")
        with os.fdopen(handle, "wb") as spool:
            shutil.copyfileobj(sys.stdin.buffer, spool)
        return self.spooled

    def __exit__(self, *exc: object) -> None:
        if self.spooled is not None:
            os.unlink(self.spooled)


def _lines(path: str) -> Iterator[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line in handle:
            yield line[:-2] if line.endswith("\r\n") else line.rstrip("\n")


def _fix(path: str, name: str, out: TextIO) -> Iterator[Reported]:
    from dsqlsh.compat.check import Checker

    fixer = Fixer(learn(read_items(_lines(path))))
    checker = Checker()
    data: Callable[[str], str] | None = None
    held: list[tuple[Item, list[str]]] = []  # statements that wait for the end of the schema (Fixed.held)
    for item in read_items(_lines(path)):
        if item.kind == "data":
            out.write((data(item.text) if data else item.text) + "\n")
            continue
        if item.kind == "command":
            out.write(item.text + "\n")
            continue
        fixed = fixer.statement(item.text)
        data = fixed.data
        for change in fixed.changes:
            yield _reported(name, item.line, item.col, change)
        if fixed.held:
            held.append((item, fixed.statements))
            continue
        if held and data_follows(item.text):  # the data section starts: the schema is complete
            yield from _write_held(name, held, checker, out)
            held = []
        yield from _write(name, [(item, fixed.statements)], checker, out)
    yield from _write_held(name, held, checker, out)
    out.flush()


def _write_held(name: str, held: list[tuple[Item, list[str]]], checker: Checker, out: TextIO) -> Iterator[Reported]:
    """The held statements, with search_path at public while they are created: DSQL checks a SQL function's body
    when it is created (pg_dump turns that off, which DSQL refuses), and a body written for the application names
    its tables as the application's search_path finds them. pg_dump's empty search_path comes back after."""
    if not held:
        return
    out.write("SET search_path = public;\n")
    yield from _write(name, held, checker, out)
    out.write("SELECT pg_catalog.set_config('search_path', '', false);\n")


def _write(name: str, statements: list[tuple[Item, list[str]]], checker: Checker, out: TextIO) -> Iterator[Reported]:
    """Write fixed statements, each checked again: what DSQL would still refuse is reported as an error."""
    for item, texts in statements:
        for text in texts:
            out.write(text + "\n")
            for finding in checker.check(text):
                if finding.severity == "error":
                    yield Reported(name, item.line, item.col, "error", finding.rule, "",
                                   f"{finding.message}; left as written")


def _reported(name: str, line: int, column: int, change: Change) -> Reported:
    return Reported(name, line, column, change.action, change.rule, change.object, change.message)
