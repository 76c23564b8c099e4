"""A small SQL lexer: just enough to find keywords and statement boundaries by character offset.

pglast gives most positions, but some clauses carry none (ALTER TABLE subcommands, index keys,
ASC/DESC, USING, TABLESPACE), and DSQL-only syntax (CREATE INDEX ASYNC, AWS IAM GRANT) must be
recognised before PostgreSQL's grammar sees it. Comments, string literals and quoted identifiers
are skipped whole, so a keyword inside them is never matched.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["LazyTokens", "Token", "first_token", "tokenize"]


class Token(NamedTuple):
    """One lexical token. ``upper`` is the upper-cased text of a bare word, else ``""``."""

    kind: str  # "word", "ident" (quoted), "string", "number", "param", "op"
    text: str
    start: int  # character offset of the first character
    end: int  # character offset just past the last character
    upper: str


# One alternative per token class; the first that matches at a position wins. Block comments and
# dollar-quoted strings only match their opening here: their ends are found by hand.
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>--[^\n]*)
    | (?P<block>/\*)
    | (?P<estring>[eE]'(?:[^'\\]|\\.|'')*'?)
    | (?P<prefixed>(?:[bBxXnN]|[uU]&)'(?:[^']|'')*'?)
    | (?P<uident>[uU]&"(?:[^"]|"")*"?)
    | (?P<string>'(?:[^']|'')*'?)
    | (?P<ident>"(?:[^"]|"")*"?)
    | (?P<dollar>\$(?:[^\W\d]\w*)?\$)
    | (?P<param>\$\d+)
    | (?P<number>(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)
    | (?P<word>[^\W\d][\w$]*)
    | (?P<op>[+\-*/<>=~!@#%^&|`?]+|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_KINDS = {
    "estring": "string",
    "prefixed": "string",
    "string": "string",
    "dollar": "string",
    "uident": "ident",
    "ident": "ident",
    "param": "param",
    "number": "number",
    "word": "word",
    "op": "op",
}


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text``, comments and whitespace dropped (never raises on bad input)."""
    tokens: list[Token] = []
    append = tokens.append
    match = _TOKEN.match
    pos = 0
    size = len(text)
    while pos < size:
        found = match(text, pos)
        if found is None:  # unreachable: "op" takes any single character
            break
        group = found.lastgroup or "op"
        end = found.end()
        if group == "block":
            pos = _skip_block_comment(text, pos)
            continue
        if group == "dollar":
            close = text.find(found.group(), end)
            end = size if close < 0 else close + len(found.group())
        if group not in ("space", "comment"):
            word = text[pos:end]
            append(Token(_KINDS[group], word, pos, end, word.upper() if group == "word" else ""))
        pos = end
    return tokens


def _skip_block_comment(text: str, pos: int) -> int:
    """Past a /* ... */ comment; PostgreSQL nests them."""
    depth = 0
    size = len(text)
    while pos < size:
        opening = text.find("/*", pos)
        closing = text.find("*/", pos)
        if closing < 0:
            return size
        if 0 <= opening < closing:
            depth += 1
            pos = opening + 2
        else:
            depth -= 1
            pos = closing + 2
            if depth == 0:
                return pos
    return size


class LazyTokens:
    """The tokens of a text, computed when first asked for (most statements never need them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._tokens: list[Token] | None = None

    def get(self) -> list[Token]:
        """All tokens of the text."""
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens


_LEADING = re.compile(r"(?:\s+|--[^\n]*|/\*(?:[^*]|\*(?!/))*\*/)*")


def first_token(text: str, start: int) -> int:
    """Offset of the first token at or after ``start``: whitespace and comments skipped."""
    return _LEADING.match(text, start).end()  # type: ignore[union-attr]
