"""Server errors and notices laid out as libpq does for each VERBOSITY and SHOW_CONTEXT.

libpq already formats the default layout (including the `LINE n:` excerpt and caret); psycopg does
not expose PQsetErrorVerbosity, so the other layouts are rebuilt here from the error fields,
reusing libpq's own excerpt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psycopg.pq.abc import PGresult

__all__ = ["format_message", "field"]

# PG_DIAG_* field codes (postgres_ext.h).
SEVERITY = ord("S")
SQLSTATE = ord("C")
PRIMARY = ord("M")
DETAIL = ord("D")
HINT = ord("H")
POSITION = ord("P")
INTERNAL_POSITION = ord("p")
INTERNAL_QUERY = ord("q")
CONTEXT = ord("W")
SCHEMA = ord("s")
TABLE = ord("t")
COLUMN = ord("c")
DATATYPE = ord("d")
CONSTRAINT = ord("n")
SOURCE_FILE = ord("F")
SOURCE_LINE = ord("L")
SOURCE_FUNCTION = ord("R")

FATAL_ERROR = 7  # libpq ExecStatusType PGRES_FATAL_ERROR: diagnostics stay free of psycopg imports


def field(res: PGresult, code: int) -> str | None:
    value = res.error_field(code)
    return None if value is None else bytes(value).decode("utf-8", "replace")


def _excerpt(res: PGresult) -> str:
    """libpq's `LINE n: ...` + caret lines from its default message, if it made them."""
    message = bytes(res.error_message or b"").decode("utf-8", "replace")
    head = f"{field(res, SEVERITY)}:  {field(res, PRIMARY) or ''}\n"
    if not message.startswith(head):
        return ""
    rest = message[len(head):].split("\n")
    if len(rest) >= 2 and rest[0].startswith("LINE "):
        return rest[0] + "\n" + rest[1] + "\n"
    return ""


def format_message(res: PGresult, verbosity: str = "default", show_context: str = "errors") -> str:
    """The text libpq's pqBuildErrorMessage3 would make for this result, ending in a newline."""
    severity = field(res, SEVERITY)
    if verbosity == "default" and show_context == "errors":
        return bytes(res.error_message or b"").decode("utf-8", "replace")
    parts: list[str] = []
    if severity:
        parts.append(f"{severity}:  ")
    sqlstate = field(res, SQLSTATE)
    if verbosity == "sqlstate":
        if sqlstate:
            return "".join(parts) + sqlstate + "\n"
        return "".join(parts) + (field(res, PRIMARY) or "") + "\n"
    if verbosity == "verbose" and sqlstate:
        parts.append(f"{sqlstate}: ")
    parts.append(field(res, PRIMARY) or "")
    position = field(res, POSITION) or field(res, INTERNAL_POSITION)
    if verbosity == "terse" and position:
        parts.append(f" at character {position}")  # terse: no excerpt, so libpq names the offset
    parts.append("\n")
    if verbosity != "terse":
        parts.append(_excerpt(res))
        for code, label in ((DETAIL, "DETAIL"), (HINT, "HINT"), (INTERNAL_QUERY, "QUERY")):
            value = field(res, code)
            if value is not None:
                parts.append(f"{label}:  {value}\n")
        if show_context == "always" or (show_context == "errors" and res.status == FATAL_ERROR):
            value = field(res, CONTEXT)
            if value is not None:
                parts.append(f"CONTEXT:  {value}\n")
    if verbosity == "verbose":
        for code, label in ((SCHEMA, "SCHEMA NAME"), (TABLE, "TABLE NAME"), (COLUMN, "COLUMN NAME"),
                            (DATATYPE, "DATATYPE NAME"), (CONSTRAINT, "CONSTRAINT NAME")):
            value = field(res, code)
            if value is not None:
                parts.append(f"{label}:  {value}\n")
        function, file, line = field(res, SOURCE_FUNCTION), field(res, SOURCE_FILE), field(res, SOURCE_LINE)
        if function or file or line:
            parts.append("LOCATION:  ")
            if function:
                parts.append(f"{function}, ")
            if file and line:
                parts.append(f"{file}:{line}")
            parts.append("\n")
    return "".join(parts)
