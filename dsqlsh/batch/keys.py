"""Primary keys as \\batch walks them: a key is the server's text of each key column; a Range is the keys after one
key up to another (either end open); the resume value is the ranges not yet done, tied to the statement."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from dsqlsh.statements import quote_ident, quote_literal

__all__ = ["Key", "KeyOrder", "Range", "ResumeError", "resume_text", "read_resume", "fingerprint"]

Key = tuple[str, ...]  # one value per key column, as the server prints it


@dataclass(frozen=True)
class KeyOrder:
    """The walked table's primary key: its columns (name, type) and how the statement names the table (ref)."""

    columns: tuple[tuple[str, str], ...]
    ref: str

    def listed(self) -> str:
        return ", ".join(f"{self.ref}.{quote_ident(name)}" for name, _ in self.columns)

    def order(self, *, descending: bool = False) -> str:
        way = " DESC" if descending else ""
        return ", ".join(f"{self.ref}.{quote_ident(name)}{way}" for name, _ in self.columns)

    def _row(self) -> str:
        return f"({self.listed()})" if len(self.columns) > 1 else self.listed()

    def literal(self, key: Key) -> str:
        values = ", ".join(f"{quote_literal(value).strip()}::{kind}" for value, (_, kind) in
                           zip(key, self.columns, strict=True))
        return f"({values})" if len(self.columns) > 1 else values

    def condition(self, span: Range) -> str:
        """SQL true for the keys in span: after < key <= upto (row comparison: the ORDER BY's own order)."""
        parts = []
        if span.after is not None:
            parts.append(f"{self._row()} > {self.literal(span.after)}")
        if span.upto is not None:
            parts.append(f"{self._row()} <= {self.literal(span.upto)}")
        return " AND ".join(parts) or "TRUE"

    def shown(self, key: Key) -> str:
        """A key as the user reads it: (1) or (1, abc)."""
        return "(" + ", ".join(key) + ")"


@dataclass(frozen=True)
class Range:
    """The keys after `after` (None: from the first) up to and including `upto` (None: to the last)."""

    after: Key | None = None
    upto: Key | None = None


class ResumeError(Exception):
    """BATCH_RESUME_KEY does not fit this statement, or is not one \\batch wrote."""


def fingerprint(sql: str) -> str:
    """Ties a resume value to its statement (whitespace aside), so it is never applied to another one."""
    return hashlib.sha256(" ".join(sql.split()).encode()).hexdigest()[:12]


def resume_text(sql: str, ranges: list[Range]) -> str:
    """The BATCH_RESUME_KEY value that makes the same \\batch do exactly the ranges left."""
    return json.dumps({"statement": fingerprint(sql), "ranges": [[r.after, r.upto] for r in ranges]},
                      separators=(",", ":"))


def read_resume(sql: str, text: str) -> list[Range]:
    try:
        value = json.loads(text)
        ranges = [Range(_key(after), _key(upto)) for after, upto in value["ranges"]]
        made_for = value["statement"]
    except (ValueError, KeyError, TypeError):
        raise ResumeError("BATCH_RESUME_KEY is not a value \\batch gave; \\unset it to start over") from None
    if made_for != fingerprint(sql):
        raise ResumeError("BATCH_RESUME_KEY was given for another statement; \\unset it to start over")
    return ranges


def _key(value: object) -> Key | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("not a key")
    return tuple(value)
