"""``dsqlsh --check``: DSQL findings for SQL files, offline, for editors and CI.

Files are split exactly as the engine splits them (psql's lexer in dsqlsh.statements: ``\\g``
sends, ``\\r`` clears, other backslash commands are skipped) and each statement goes through one
Checker per file, so transaction rules see the file's BEGIN ... COMMIT. Variables set with
``\\set`` in the file are interpolated as psql would; others stay as written.

Text output, one finding per line plus its hint (LINE and COL are absolute in the file)::

    FILE:LINE:COL: error|warning: RULE-ID: message
      hint: ...

JSON output is one array of objects with keys file, line, col, severity, rule, message, hint.
Exit status: 0 no error finding, 1 some error finding, 2 usage or I/O error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from dsqlsh.compat.check import Checker

__all__ = ["lint"]

FORMATS = ("text", "json")


@dataclass(frozen=True)
class Located:
    """A finding placed in its file."""

    file: str
    line: int
    col: int
    severity: str
    rule: str
    message: str
    hint: str


def lint(paths: list[str], *, fmt: str = "text", out: TextIO, err: TextIO) -> int:
    """Check SQL files (``-`` is stdin) and report; the exit status (0, 1, or 2)."""
    if fmt not in FORMATS:
        err.write(f"dsqlsh: --format must be one of {', '.join(FORMATS)}, not {fmt!r}\n")
        return 2
    if not paths:
        err.write("dsqlsh: --check needs at least one FILE (or - for standard input)\n")
        return 2
    status = 0
    found: list[Located] = []
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            text = sys.stdin.read() if path == "-" else _read(path)
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            err.write(f"dsqlsh: {name}: {reason}\n")
            status = 2
            continue
        file_findings = list(lint_text(text, name))
        found.extend(file_findings)
        if fmt == "text":
            _write_text(file_findings, out)
    if fmt == "json":
        json.dump([f.__dict__ for f in found], out, indent=2)
        out.write("\n")
    if status == 0 and any(f.severity == "error" for f in found):
        status = 1
    return status


def _read(path: str) -> str:
    with open(path, encoding="utf-8-sig") as handle:  # an editor's byte-order mark is not SQL
        return handle.read()


def lint_text(text: str, name: str) -> Iterator[Located]:
    """Findings of one file's text, with absolute line and column."""
    statements = list(_statements(text))
    lines = text.split("\n")
    cursor: dict[int, int] = {}  # per line, where the last statement placed on it ended
    checked = Checker().check_all([statement for statement, _ in statements])
    for (statement, end_line), findings in zip(statements, checked, strict=True):
        body = statement.split("\n")
        start_line = max(1, end_line - len(body) + 1)
        file_line = lines[start_line - 1] if start_line <= len(lines) else ""
        found_at = file_line.find(body[0], cursor.get(start_line, 0))
        start_col = max(found_at, 0)
        cursor[end_line] = start_col + len(body[0]) if len(body) == 1 else len(body[-1])
        for finding in findings:
            yield Located(
                file=name,
                line=start_line + finding.line - 1,
                col=finding.col + (start_col if finding.line == 1 else 0),
                severity=finding.severity,
                rule=finding.rule,
                message=finding.message,
                hint=finding.hint,
            )


def _statements(text: str) -> Iterator[tuple[str, int]]:
    """The statements psql would send for a script: (text, line where it ended).

    This is dsqlsh.scanner.split with one addition: ``\\set name value`` in the file defines
    variables that later statements interpolate, as they would under ``psql -f``.
    """
    from dsqlsh.scanner import Scanner
    from dsqlsh.statements import SENDING_COMMANDS, Statement, data_follows

    variables: dict[str, str] = {}
    scanner = Scanner(variables.get)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    in_data = False
    for lineno, line in enumerate(lines, 1):
        if in_data:  # a COPY's data, up to "\." (a dump's rows are not SQL)
            in_data = line != "\\."
            continue
        for item in scanner.feed(line, lineno):
            if isinstance(item, Statement):
                in_data = data_follows(item.text)
                yield item.text, item.line
            elif item.name in SENDING_COMMANDS:
                sent = scanner.take_buffer()
                if sent:
                    yield sent, lineno
            elif item.name in ("r", "reset"):
                scanner.take_buffer()
            elif item.name == "set":
                _define(variables, item.args)
    tail = scanner.finish()
    if tail is not None:
        yield tail.text, tail.line


def _define(variables: dict[str, str], args: str) -> None:
    """Record ``\\set name value...`` (values concatenated, single quotes removed, as psql does)."""
    words = args.split()
    if words:
        variables[words[0]] = "".join(w[1:-1] if len(w) > 1 and w[0] == w[-1] == "'" else w for w in words[1:])


def _write_text(findings: list[Located], out: TextIO) -> None:
    for f in findings:
        out.write(f"{f.file}:{f.line}:{f.col}: {f.severity}: {f.rule}: {f.message}\n")
        out.write(f"  hint: {f.hint}\n")
