"""The COPY data format, as far as splitting a load into records needs it: copy_format() reads csv or text,
header, quote and escape from COPY's options, and records() groups input lines into records (one line each in
text format; in csv a quoted field may hold newlines), so a batched load can cut its input between rows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from dsqlsh.copy.parser import strip_quotes

__all__ = ["Format", "Record", "copy_format", "lines_in", "record_bytes", "records"]


@dataclass(frozen=True)
class Format:
    """What batching needs to know of the COPY options: csv or text, a header line, quote and escape bytes."""

    csv: bool = False
    binary: bool = False
    header: bool = False
    quote: bytes = b'"'
    escape: bytes = b'"'


_OPTION_TOKEN = re.compile(r"E?'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z_0-9]*|\S", re.IGNORECASE)


def copy_format(options: str) -> Format:
    """Read FORMAT/CSV/BINARY/HEADER/QUOTE/ESCAPE from COPY's options, new (parenthesised) or old syntax."""
    words = [t for t in _OPTION_TOKEN.findall(options) if t not in ("(", ")", ",", "=")]
    low = [w.lower().strip("'\"") for w in words]
    csv = binary = header = False
    quote: str | None = None
    escape: str | None = None
    for i, w in enumerate(low):
        following = low[i + 1] if i + 1 < len(low) else ""
        if w == "format":
            csv, binary = following == "csv", following == "binary"
        elif w == "csv":
            csv = True
        elif w == "binary" and (i == 0 or low[i - 1] != "format"):
            binary = True
        elif w == "header":
            header = following not in ("false", "off", "0")
        elif w in ("quote", "escape") and i + 1 < len(words):
            raw = words[i + 1]
            raw = raw[1:] if raw[:1] in "Ee" and raw[1:2] == "'" else raw
            value = strip_quotes(raw) if raw.startswith("'") else raw
            if w == "quote":
                quote = value
            else:
                escape = value
    q = (quote or '"').encode()
    return Format(csv=csv, binary=binary, header=header, quote=q, escape=(escape or q.decode()).encode())


class Record(NamedTuple):
    """One input record: its bytes (with the line end) and the input line it starts on."""

    line: int
    data: bytes


def records(lines: Iterable[bytes], fmt: Format) -> Iterator[Record]:
    """Group input lines into records: a line each in text format; in csv, a quoted field may hold newlines."""
    line = 1
    for data in record_bytes(lines, fmt):
        yield Record(line, data)
        line += lines_in(data)


def record_bytes(lines: Iterable[bytes], fmt: Format) -> Iterator[bytes]:
    """records() without the line numbers: a load runs this once per row, so it makes no object per row."""
    quote, escape = fmt.quote, fmt.escape
    buf: list[bytes] = []
    for line in lines:
        if buf:
            buf.append(line)
            if not _scan_quotes(line, True, quote, escape):
                yield b"".join(buf)
                buf = []
        # The common case first: a line that is a whole record (no quote opened and left open).
        elif not fmt.csv or quote not in line or not _scan_quotes(line, False, quote, escape):
            yield line
        else:
            buf = [line]
    if buf:
        yield b"".join(buf)


def _scan_quotes(line: bytes, in_quote: bool, quote: bytes, escape: bytes) -> bool:
    """Whether a csv record is still inside a quoted field at the end of this line."""
    if escape == quote:  # a doubled quote toggles twice: only the parity matters
        return in_quote ^ (line.count(quote) % 2 == 1)
    q, e = quote[0], escape[0]
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if in_quote and c == e and i + 1 < n and line[i + 1] in (q, e):
            i += 2
            continue
        if c == q:
            in_quote = not in_quote
        i += 1
    return in_quote


def lines_in(record: bytes) -> int:
    """How many input lines a record spans: its newlines, and one at least (the last line may have none)."""
    return max(record.count(b"\n"), 1)
