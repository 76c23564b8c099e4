"""Backslash-command arguments, read one at a time as psql's psql_scan_slash_option does.

Follows src/bin/psql/psqlscanslash.l. The caller picks a mode per argument, as each psql command
does in command.c:

- ``normal`` (OT_NORMAL): whitespace-separated; ``'...'`` loses its quotes and takes ``''`` and
  backslash escapes; ``"..."`` is kept with its quotes; `` `...` `` runs a shell command;
  ``:var``, ``:'var'``, ``:"var"``, ``:{?var}`` are interpolated outside quotes.
- ``sqlid`` (OT_SQLID): as normal, then double quotes removed and unquoted letters downcased.
- ``sqlidhack`` (OT_SQLIDHACK, for \\connect): double quotes removed, case kept.
- ``filepipe`` (OT_FILEPIPE): an argument starting with ``|`` is the rest of the line, raw.
- ``whole_line`` (OT_WHOLE_LINE): the rest of the line, raw, leading whitespace dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dsqlsh.statements import quote_ident, quote_literal

__all__ = ["ArgReader", "dequote_downcase", "quote_shell_arg"]

_SPACE = " \t\n\r\f"
_VAR_CHAR = r"(?:[A-Za-z0-9_]|[^\x00-\x7f])"  # an alternation: a \x80-\U0010ffff class compiles slowly
_SPACES = re.compile(f"[{_SPACE}]*")
_PLAIN_RUN = re.compile(rf"[^{_SPACE}\\'\"`:]+")
# An argument that is one plain run (group 1) or one '...' without escapes (group 2): most are, and one match
# reads them where _read's loop takes several (a quarter of the time of reading `\bind 7 'value 7'`, issue 19).
_SIMPLE_ARG = re.compile(rf"(?:([^{_SPACE}\\'\"`:]++)|'([^'\\]*+)')(?![^{_SPACE}\\])")
_VAR_PLAIN = re.compile(f":({_VAR_CHAR}+)")
_VAR_QUOTED = re.compile(f":(['\"])({_VAR_CHAR}+)\\1")
_VAR_TEST = re.compile(f":\\{{\\?({_VAR_CHAR}+)\\}}")
_VAR_LITERAL = re.compile(f":'({_VAR_CHAR}+)'")
_QUOTED_RUN = re.compile(r"[^'\\]+")
_BACKTICK_RUN = re.compile(r"[^`:]+")
# Escapes inside '...' (xslashquote); flex prefers the longest match, then the earliest rule.
_ESCAPE = re.compile(r"\\(?:([ntbrf])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|([\s\S]))")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f"}
_SHELL_SAFE = re.compile(r"[A-Za-z0-9\-_./:]+")

MODES = frozenset({"normal", "sqlid", "sqlidhack", "filepipe", "whole_line"})


def quote_shell_arg(value: str) -> str | None:
    """Quote for /bin/sh like psql's appendShellStringNoError; None if it holds a newline/CR."""
    if "\n" in value or "\r" in value:
        return None
    if _SHELL_SAFE.fullmatch(value):
        return value
    return "'" + value.replace("'", "'\"'\"'") + "'"


def dequote_downcase(text: str, downcase: bool) -> str:
    """psql's dequote_downcase_identifier: FOO"BAR"baz -> fooBARbaz (ASCII folding only)."""
    out: list[str] = []
    in_quotes = False
    i = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            if in_quotes and text[i + 1 : i + 2] == '"':
                out.append('"')  # "" inside quotes: keep one
                i += 2
                continue
            in_quotes = not in_quotes
        elif downcase and not in_quotes and "A" <= c <= "Z":
            out.append(c.lower())
        else:
            out.append(c)
        i += 1
    return "".join(out)


class ArgReader:
    """Read a backslash command's arguments (``Command.args``) one by one."""

    def __init__(
        self,
        args: str,
        lookup: Callable[[str], str | None],
        run_backtick: Callable[[str], str] | None = None,
    ) -> None:
        self._text = args
        self._pos = 0
        self._lookup = lookup
        # Runs a shell command and returns its output; None leaves `...` unevaluated.
        self._run_backtick = run_backtick
        self.quote = ""  # last quote used in the argument just read: ' " ` : or "" (psql's *quote)
        self.errors: list[str] = []  # psql's messages, e.g. "unterminated quoted string"

    @property
    def remaining(self) -> str:
        """The raw text not read yet."""
        return self._text[self._pos :]

    def next(self, mode: str = "normal", *, semicolon: bool = False) -> str | None:
        """The next argument, or None when there is none (or its quote is unterminated).

        ``semicolon`` strips unquoted trailing semicolons (psql passes true for \\c, \\x,
        \\d..., \\i, \\o, \\t, so ``\\x on;`` works).
        """
        if mode not in MODES:
            raise ValueError(f"unknown argument mode {mode!r}")
        return self._read(mode, semicolon=semicolon, active=True)

    def all(self, mode: str = "normal") -> list[str]:
        """Every remaining argument, read for real (variables, backticks): for \\echo, \\set."""
        values: list[str] = []
        while (arg := self.next(mode)) is not None:
            values.append(arg)
        return values

    def rest(self) -> list[str]:
        """The remaining arguments, read as psql eats extra ones: no variables, no backticks."""
        extra: list[str] = []
        while (arg := self._read("normal", semicolon=False, active=False)) is not None:
            extra.append(arg)
        return extra

    def _read(self, mode: str, *, semicolon: bool, active: bool) -> str | None:
        text, end = self._text, len(self._text)
        self.quote = ""
        m = _SPACES.match(text, self._pos)  # xslashargstart: discard whitespace
        pos = m.end() if m else self._pos
        if pos == end:
            self._pos = end
            return None
        if mode == "whole_line" or (mode == "filepipe" and text.startswith("|", pos)):
            self._pos = end
            return text[pos:]
        m = _SIMPLE_ARG.match(text, pos)
        if m is not None:
            self._pos = m.end()
            plain, quoted = m.groups()
            if plain is not None:
                return self._value(plain, len(plain), mode, semicolon)
            self.quote = "'"
            return self._value(quoted, 0, mode, semicolon)
        out: list[str] = []
        unquoted = 0  # trailing characters not subject to quoting (for the ; stripping)
        while pos < end:
            c = text[pos]
            if c in _SPACE or c == "\\":  # end of this argument; a backslash ends the command
                break
            if c == "'":
                self.quote, unquoted = "'", 0
                pos = self._single_quoted(pos + 1, out)
            elif c == '"':
                self.quote, unquoted = '"', 0
                close = text.find('"', pos + 1)
                stop = end if close < 0 else close + 1
                out.append(text[pos:stop])  # double-quoted text is kept with its quotes
                pos = stop if close >= 0 else -1
            elif c == "`":
                self.quote, unquoted = "`", 0
                pos = self._backticked(pos + 1, out, active)
            elif c == ":":
                pos, unquoted = self._variable(pos, out, active, unquoted)
            else:
                m = _PLAIN_RUN.match(text, pos)
                assert m is not None
                out.append(m.group())
                unquoted += len(m.group())
                pos = m.end()
            if pos < 0:  # hit the end of the line inside quotes
                self._pos = end
                self.errors.append("unterminated quoted string")
                return None
        self._pos = pos
        return self._value("".join(out), unquoted, mode, semicolon)

    def _value(self, value: str, unquoted: int, mode: str, semicolon: bool) -> str | None:
        """The argument read, as the command gets it; `unquoted`: how many of its last characters were
        unquoted."""
        if semicolon:
            while unquoted > 0 and value.endswith(";"):
                value = value[:-1]
                unquoted -= 1
        if mode in ("sqlid", "sqlidhack"):
            value = dequote_downcase(value, downcase=mode == "sqlid")
        if not value and not self.quote:
            return None  # an empty unquoted argument means no argument
        # psql builds the argument as a C string: an escaped \0 ends it
        return value.split("\0", 1)[0]

    def _single_quoted(self, pos: int, out: list[str]) -> int:
        """'...' body: '' is a quote, \\n \\t \\b \\r \\f \\ooo \\xhh escapes; -1 if unclosed."""
        text = self._text
        while pos < len(text):
            c = text[pos]
            if c == "'":
                if text.startswith("''", pos):
                    out.append("'")
                    pos += 2
                    continue
                return pos + 1
            if c == "\\":
                m = _ESCAPE.match(text, pos)
                if m is None:  # a backslash at the very end
                    out.append("\\")
                    pos += 1
                    continue
                simple, octal, hexa, other = m.groups()
                if simple:
                    out.append(_SIMPLE_ESCAPES[simple])
                elif octal:
                    out.append(chr(int(octal, 8) & 0xFF))  # psql stores (char) of the value
                elif hexa:
                    out.append(chr(int(hexa, 16)))
                else:
                    out.append(other)
                pos = m.end()
                continue
            m = _QUOTED_RUN.match(text, pos)
            assert m is not None
            out.append(m.group())
            pos = m.end()
        return -1

    def _backticked(self, pos: int, out: list[str], active: bool) -> int:
        """`...`: expand :var and :'var' (shell-quoted), then run it; -1 if unclosed."""
        text = self._text
        start = len(out)
        while pos < len(text):
            c = text[pos]
            if c == "`":
                command = "".join(out[start:])
                del out[start:]
                if active and self._run_backtick is not None:
                    output = self._run_backtick(command)
                    out.append(output[:-1] if output.endswith("\n") else output)
                else:
                    out.append(command)  # psql leaves the text in place when not evaluating
                return pos + 1
            if c == ":":
                m = _VAR_PLAIN.match(text, pos)
                if m:
                    value = self._lookup(m.group(1)) if active else None
                    out.append(m.group() if value is None else value)
                    pos = m.end()
                    continue
                m = _VAR_LITERAL.match(text, pos)
                if m:
                    value = self._lookup(m.group(1)) if active else None
                    quoted = None if value is None else quote_shell_arg(value)
                    if value is not None and quoted is None:
                        self.errors.append(
                            f'shell command argument contains a newline or carriage return: "{value}"'
                        )
                    out.append(m.group() if quoted is None else quoted)
                    pos = m.end()
                    continue
                out.append(":")
                pos += 1
                continue
            m = _BACKTICK_RUN.match(text, pos)
            assert m is not None
            out.append(m.group())
            pos = m.end()
        return -1

    def _variable(self, pos: int, out: list[str], active: bool, unquoted: int) -> tuple[int, int]:
        """A ':' in unquoted text; returns the new position and unquoted-character count."""
        text = self._text
        m = _VAR_PLAIN.match(text, pos)
        if m:
            value = self._lookup(m.group(1)) if active else None
            out.append(m.group() if value is None else value)  # not rescanned, unlike SQL
            self.quote = ":"
            return m.end(), 0
        m = _VAR_QUOTED.match(text, pos)
        if m:
            value = self._lookup(m.group(2)) if active else None
            if value is None:
                out.append(m.group())
            else:
                out.append(quote_literal(value) if m.group(1) == "'" else quote_ident(value))
            self.quote = ":"
            return m.end(), 0
        m = _VAR_TEST.match(text, pos)
        if m:
            defined = active and self._lookup(m.group(1)) is not None
            out.append("TRUE" if defined else "FALSE")
            return m.end(), unquoted
        out.append(":")
        return pos + 1, unquoted + 1
