"""The \\copy line: parse() turns psql's \\copy arguments into a CopySpec, the COPY statement to send and the
client-side end (file, program, script input or the process's own stdin/stdout), as psql's parse_slash_copy
(src/bin/psql/copy.c) does with its strtokx tokenizer, including psql's parse error messages."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

__all__ = ["CopyParseError", "CopySpec", "parse", "strip_quotes"]

WHITESPACE = " \t\n\r"


class CopyParseError(Exception):
    """The line is not a \\copy psql would accept; the message is psql's."""


@dataclass(frozen=True)
class CopySpec:
    """A parsed \\copy: what to copy, which way, the client-side end, the options passed through."""

    before: str  # psql's before_tofrom, with its leading space
    is_from: bool
    kind: str  # "file", "program", "stdio" (stdin/stdout: the script / \o), "pstdio" (the process's own)
    target: str | None  # file name or shell command
    after: str  # the options, passed to the server as written
    in_script: bool = False  # a COPY FROM STDIN statement of a script (its data follows it), not a \copy
    first_line: int = 1  # the input line its data starts on: messages count lines from there

    @property
    def label(self) -> str:
        """How messages name it: \\copy, or COPY for a script's own statement."""
        return "COPY" if self.in_script else "\\copy"

    @property
    def sql(self) -> str:
        """The COPY statement psql sends for this \\copy."""
        return "COPY " + self.before + (" FROM STDIN " if self.is_from else " TO STDOUT ") + self.after


class _Tokens:
    """psql's strtokx over one line: the pieces \\copy's grammar needs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def next(self, delim: str, quote: str, e_strings: bool = False) -> str | None:
        text = self.text
        pos = self.pos
        while pos < len(text) and text[pos] in WHITESPACE:
            pos += 1
        if pos >= len(text):
            self.pos = pos
            return None
        start = pos
        if text[pos] in delim:
            self.pos = pos + 1
            return text[pos]
        escape = ""
        if e_strings and text[pos] in "Ee" and text[pos + 1:pos + 2] == "'":
            quote, escape = "'", "\\"
            pos += 1
        if quote and text[pos] in quote:
            mark = text[pos]
            pos += 1
            while pos < len(text):
                c = text[pos]
                if escape and c == escape and pos + 1 < len(text):
                    pos += 2
                elif c == mark and text[pos + 1:pos + 2] == mark:
                    pos += 2
                elif c == mark:
                    pos += 1
                    break
                else:
                    pos += 1
        else:
            while pos < len(text) and text[pos] not in WHITESPACE and text[pos] not in delim \
                    and text[pos] not in quote:
                pos += 1
        # strtokx ends the token with a NUL: one whitespace character after it is used up, anything else kept.
        self.pos = pos + 1 if pos < len(text) and text[pos] in WHITESPACE else pos
        return text[start:pos]

    def rest(self) -> str:
        return self.text[self.pos:]


def strip_quotes(token: str, mark: str = "'") -> str:
    """psql's strip_quotes: drop the quote marks, a doubled mark inside quotes standing for one."""
    out: list[str] = []
    i = 0
    inside = False
    while i < len(token):
        c = token[i]
        if c == mark:
            if inside and token[i + 1:i + 2] == mark:
                out.append(mark)
                i += 2
                continue
            inside = not inside
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _canonical(path: str) -> str:
    """psql's expand_tilde + canonicalize_path, closely enough for messages and opening."""
    if path.startswith("~"):
        path = os.path.expanduser(path)
    if not path:
        return path
    return re.sub(r"^//+", "/", os.path.normpath(path))


def parse(line: str | None) -> CopySpec:
    """Parse \\copy's argument line as psql's parse_slash_copy does; raise CopyParseError with psql's message."""
    if not line:
        raise CopyParseError("\\copy: arguments required")
    toks = _Tokens(line)
    token: str | None = None

    def fail() -> CopyParseError:
        return CopyParseError(f'\\copy: parse error at "{token}"' if token else "\\copy: parse error at end of line")

    plain = ".,()"
    before = ""
    token = toks.next(plain, '"')
    if not token:
        raise fail()
    if token.lower() == "binary":
        before += token
        token = toks.next(plain, '"')
        if not token:
            raise fail()
    if token[0] == "(":
        parens = 1
        while parens > 0:
            before += " " + token
            token = toks.next("()", "\"'", e_strings=True)
            if not token:
                raise fail()
            if token[0] == "(":
                parens += 1
            elif token[0] == ")":
                parens -= 1
    before += " " + token
    token = toks.next(plain, '"')
    if not token:
        raise fail()
    if token[0] == ".":
        before += token
        token = toks.next(plain, '"')
        if not token:
            raise fail()
        before += token
        token = toks.next(plain, '"')
        if not token:
            raise fail()
    if token[0] == "(":
        while True:
            before += " " + token
            token = toks.next("()", '"')
            if not token:
                raise fail()
            if token[0] == ")":
                break
        before += " " + token
        token = toks.next(plain, '"')
        if not token:
            raise fail()
    if token.lower() not in ("from", "to"):
        raise fail()
    is_from = token.lower() == "from"
    token = toks.next(";", "'")
    if not token:
        raise fail()
    word = token.lower()
    if word == "program":
        token = toks.next(";", "'")
        if not token or len(token) < 2 or token[0] != "'" or token[-1] != "'":
            raise fail()
        kind, target = "program", strip_quotes(token)
    elif word in ("stdin", "stdout"):
        kind, target = "stdio", None
    elif word in ("pstdin", "pstdout"):
        kind, target = "pstdio", None
    else:
        kind, target = "file", _canonical(strip_quotes(token))
    return CopySpec(before, is_from, kind, target, toks.rest())

