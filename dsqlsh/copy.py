"""\\copy: psql's client-side COPY, plus loads batched under DSQL's transaction limits with exact resume.

parse() follows psql's parse_slash_copy (src/bin/psql/copy.c): the line becomes ``COPY <what> FROM STDIN
<options>`` or ``COPY <what> TO STDOUT <options>`` and the data streams through this process. A load is
batched when COPY_BATCH_ROWS / COPY_BATCH_BYTES are set, or by default on a DSQL host: each batch is its own
COPY committed before the next, so what is committed is always a prefix of the input (DSQL refuses more than
3,000 rows or 10 MiB in one transaction). COPY_JOBS connections load batches at once and commit them in input
order; an OCC conflict, or on DSQL a connection the server closed before the batch's COMMIT was sent, retries
the batch. A COMMIT sent and never answered is never retried: the load stops and says what is unknown.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, NamedTuple

from dsqlsh.connection import Status
from dsqlsh.diagnostics import format_message

if TYPE_CHECKING:
    from psycopg import pq

    from dsqlsh.connection import Connection
    from dsqlsh.context import Context

__all__ = ["CopyParseError", "CopySpec", "Record", "parse", "records", "run_copy"]

WHITESPACE = " \t\n\r"
DSQL_BATCH_ROWS = 1000
DSQL_BATCH_BYTES = 8 * 1024 * 1024
CHUNK = 64 * 1024
DSQL_JOBS = 4
COPY_RETRIES = 5  # OCC conflicts a batch may retry (or OCC_RETRY, when higher)


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


def _strip_quotes(token: str, mark: str = "'") -> str:
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
        kind, target = "program", _strip_quotes(token)
    elif word in ("stdin", "stdout"):
        kind, target = "stdio", None
    elif word in ("pstdin", "pstdout"):
        kind, target = "pstdio", None
    else:
        kind, target = "file", _canonical(_strip_quotes(token))
    return CopySpec(before, is_from, kind, target, toks.rest())


# ---- the data format, as far as splitting a load into records needs it ----------------------------------


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
            value = _strip_quotes(raw) if raw.startswith("'") else raw
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
    for data in _record_bytes(lines, fmt):
        yield Record(line, data)
        line += _lines_in(data)


def _record_bytes(lines: Iterable[bytes], fmt: Format) -> Iterator[bytes]:
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


# ---- running it ---------------------------------------------------------------------------------------


def run_copy(ctx: Context, spec: CopySpec, read_line: Callable[[], str | None] | None) -> bool:
    """Run a parsed \\copy: open the client-side end, send the COPY, report as psql does. True on success."""
    if ctx.conn is not None:
        from dsqlsh import lifecycle

        lifecycle.ensure_usable(ctx)  # as before any statement: DSQL may have closed the idle session
    if spec.is_from:
        return _copy_from(ctx, spec, read_line)
    return _copy_to(ctx, spec)


def _open_error(ctx: Context, spec: CopySpec, exc: OSError) -> bool:
    ctx.error(f"{spec.target}: {exc.strerror}")
    return False


def _shell(command: str, **streams: int) -> subprocess.Popen[bytes]:
    """Start a shell command as popen(3) does: /bin/sh named "sh" (its messages start "sh: ")."""
    return subprocess.Popen(["sh", "-c", command], executable="/bin/sh", **streams)  # type: ignore[call-overload]


def _program_failed(ctx: Context, spec: CopySpec, proc: subprocess.Popen[bytes]) -> bool:
    """psql's pclose check: report a command that failed, by exit code or signal."""
    rc = proc.wait()
    if rc == 0:
        return False
    if rc < 0:
        ctx.error(f"{spec.target}: child process was terminated by signal {-rc}")
    elif rc == 127:
        ctx.error(f"{spec.target}: command not found")
    else:
        ctx.error(f"{spec.target}: child process exited with exit code {rc}")
    return True


def _copy_to(ctx: Context, spec: CopySpec) -> bool:
    conn = ctx.conn
    if conn is None:
        ctx.error("You are currently not connected to a database.")
        return False
    proc: subprocess.Popen[bytes] | None = None
    sink: IO[bytes] | None = None
    text_sink = None
    if spec.kind == "file":
        try:
            sink = open(spec.target or "", "wb")  # noqa: SIM115
        except OSError as exc:
            return _open_error(ctx, spec, exc)
    elif spec.kind == "program":
        ctx.streams.stdout.flush()
        proc = _shell(spec.target or "", stdin=subprocess.PIPE)
        sink = proc.stdin
    elif spec.kind == "stdio":
        text_sink = ctx.streams.out
    else:
        text_sink = ctx.streams.stdout
    codec = conn.codec
    ok = True
    rows = None
    error = None
    _echo(ctx, spec.sql)
    started = time.perf_counter()
    if not ctx.variables.flag("AUTOCOMMIT") and conn.transaction_status == 0:  # as psql's SendQuery
        for _ in conn.execute("BEGIN"):
            pass
    try:
        for res in conn.execute(spec.sql):
            status = int(res.status)
            if status == Status.COPY_OUT:
                for chunk in conn.copy_out():
                    if sink is not None:
                        try:
                            sink.write(chunk)
                        except BrokenPipeError as exc:  # psql's handleCopyOut: complain once, read on
                            ctx.error(f"could not write COPY data: {exc.strerror}")
                            sink, ok = None, False
                    elif text_sink is not None:
                        text_sink.write(chunk.decode(codec, "surrogateescape"))
            elif status == Status.COMMAND_OK:
                rows = res.command_status
            elif not _report(ctx, res):
                ok, error = False, res
    finally:
        if text_sink is not None:
            text_sink.flush()
        if sink is not None:
            try:
                sink.close()
            except BrokenPipeError as exc:  # psql's fflush check at the end of handleCopyOut
                ctx.error(f"could not write COPY data: {exc.strerror}")
                ok = False
    if ok and rows is not None and text_sink is not ctx.streams.out:  # psql leaves "COPY n" out of the data
        _status(ctx, bytes(rows).decode())
    # psql's ROW_COUNT after COPY TO STDOUT / PSTDOUT is 0: the count is only known to a file or program.
    _set_result_variables(ctx, (_copied(rows) if text_sink is None else 0) if ok else None, error)
    if proc is not None and _program_failed(ctx, spec, proc):  # psql's pclose check comes after the status
        ok = False
    _timing(ctx, started)
    return ok


def _report(ctx: Context, res: pq.PGresult) -> bool:
    """Print a server error as psql does; False for errors, True for anything else."""
    status = int(res.status)
    if status in (Status.FATAL_ERROR, Status.BAD_RESPONSE, Status.NONFATAL_ERROR):
        ctx.last_error = res
        ctx.message(format_message(res, ctx.variables.choice("VERBOSITY"), ctx.variables.choice("SHOW_CONTEXT")))
        return False
    return True


def _copied(status: bytes | str | None) -> int:
    """The n of a "COPY n" command status."""
    text = status.decode() if isinstance(status, bytes) else status or ""
    return int(text.split()[-1]) if text.split() and text.split()[-1].isdigit() else 0


def _status(ctx: Context, text: str) -> None:
    if ctx.quiet:
        return
    ctx.streams.out.write(text + "\n")
    ctx.streams.out.flush()


def _source_lines(ctx: Context, spec: CopySpec, read_line: Callable[[], str | None] | None, by_line: bool,
                  ) -> tuple[Iterator[bytes], Callable[[], None]] | None:
    """The input as bytes (lines if by_line, else chunks of any size), and how to close it; None (after
    printing the error) if it cannot open."""
    assert ctx.conn is not None
    codec = ctx.conn.codec
    if spec.kind == "file":
        if os.path.isdir(spec.target or ""):
            ctx.error(f"{spec.target}: cannot copy from/to a directory")
            return None
        try:
            f = open(spec.target or "", "rb")  # noqa: SIM115
        except OSError as exc:
            _open_error(ctx, spec, exc)
            return None
        return (iter(f) if by_line else iter(lambda: f.read(CHUNK), b"")), f.close
    if spec.kind == "program":
        ctx.streams.stdout.flush()
        proc = _shell(spec.target or "", stdout=subprocess.PIPE)
        assert proc.stdout is not None
        out = proc.stdout
        chunks = iter(out) if by_line else iter(lambda: out.read1(CHUNK), b"")  # type: ignore[attr-defined]
        return chunks, lambda: _close_program(ctx, spec, proc)
    if spec.kind == "pstdin":
        reader = sys.stdin.readline

        def read_stdin() -> str | None:
            line = reader()
            return line.rstrip("\n") if line else None

        read_line = read_stdin

    def data_lines() -> Iterator[bytes]:
        # psql's handleCopyIn: data lines of the current input up to a line "\." (or its end).
        while read_line is not None:
            line = read_line()
            if line is None or line == "\\.":
                return
            yield (line + "\n").encode(codec, "surrogateescape")

    return data_lines(), lambda: None


class _ProgramFailed(Exception):
    pass


def _close_program(ctx: Context, spec: CopySpec, proc: subprocess.Popen[bytes]) -> None:
    assert proc.stdout is not None
    proc.stdout.close()
    if _program_failed(ctx, spec, proc):
        raise _ProgramFailed


def _batch_limits(ctx: Context) -> tuple[int, int] | None:
    """(rows, bytes) per batch, or None for psql's single COPY."""
    assert ctx.conn is not None
    rows = ctx.variables.get("COPY_BATCH_ROWS")
    size = ctx.variables.get("COPY_BATCH_BYTES")
    dsql = ctx.conn.params.is_dsql
    if rows is None and size is None and not dsql:
        return None
    max_rows = ctx.variables.integer("COPY_BATCH_ROWS") if rows is not None else (DSQL_BATCH_ROWS if dsql else 0)
    max_bytes = ctx.variables.integer("COPY_BATCH_BYTES") if size is not None else (DSQL_BATCH_BYTES if dsql else 0)
    return max_rows if max_rows > 0 else sys.maxsize, max_bytes if max_bytes > 0 else sys.maxsize


def _copy_from(ctx: Context, spec: CopySpec, read_line: Callable[[], str | None] | None) -> bool:
    conn = ctx.conn
    if conn is None:
        ctx.error("You are currently not connected to a database.")
        return False
    fmt = copy_format(spec.after)
    limits = _batch_limits(ctx)
    start_row = max(ctx.variables.integer("COPY_START_ROW"), 0) if ctx.variables.get("COPY_START_ROW") else 0
    autocommit = ctx.variables.flag("AUTOCOMMIT")
    # Batches commit one by one: only outside a transaction block, and only when each COPY commits itself.
    batched = ((limits is not None or start_row > 0) and not fmt.binary and autocommit
               and conn.transaction_status == 0)
    source = _source_lines(ctx, spec, read_line, by_line=batched)
    if source is None:
        return False
    lines, close = source
    _echo(ctx, spec.sql)
    started = time.perf_counter()
    ok = True
    try:
        if batched:
            ok = _load_batches(ctx, spec, fmt, lines, limits or (sys.maxsize, sys.maxsize), start_row)
        else:
            if not autocommit and conn.transaction_status == 0:  # psql's SendQuery opens one first
                for _ in conn.execute("BEGIN"):
                    pass
            status = _send_copy(ctx, spec.sql, lines)
            ok = status is not None
            if ok:
                _status(ctx, status or "")
            _set_result_variables(ctx, _copied(status) if ok else None, None if ok else ctx.last_error)
    finally:
        for _ in lines:  # read the rest of the data (psql reads up to "\." even after an error)
            pass
        try:
            close()
        except _ProgramFailed:
            ok = False
    _timing(ctx, started)
    return ok


def _echo(ctx: Context, sql: str) -> None:
    """ECHO=queries and the -L log see the COPY statement, as psql's SendQuery shows it."""
    if ctx.variables.choice("ECHO") == "queries":
        ctx.streams.stdout.write(sql + "\n")
        ctx.streams.stdout.flush()
    if ctx.streams.log is not None:
        from dsqlsh.engine import QUERY_CLOSE, QUERY_OPEN

        ctx.streams.log.write(f"{QUERY_OPEN}\n{sql}\n{QUERY_CLOSE}\n\n")


def _timing(ctx: Context, started: float) -> None:
    if ctx.timing:
        from dsqlsh.engine import timing_text

        ctx.streams.stdout.write(timing_text((time.perf_counter() - started) * 1000))
        ctx.streams.stdout.flush()


def _send_copy(ctx: Context, sql: str, chunks: Iterable[bytes]) -> str | None:
    """One COPY FROM STDIN with these bytes; its command status ("COPY n"), or None after printing the error."""
    conn = ctx.conn
    assert conn is not None
    status: str | None = None
    failed = False
    for res in conn.execute(sql):
        code = int(res.status)
        if code == Status.COPY_IN:
            try:
                conn.copy_in(iter(chunks))
            except KeyboardInterrupt:  # psql's message when a COPY FROM STDIN is abandoned
                conn.pgconn.put_copy_end(b"canceled by user")
        elif code == Status.COMMAND_OK:
            status = bytes(res.command_status or b"").decode()
        elif not _report(ctx, res):
            failed = True
    return None if failed else status


@dataclass
class _Batch:
    first_row: int  # 0-based index of its first data row in the input
    first_line: int  # the input line its first record starts on
    rows: list[bytes]  # its records, each with its line end(s)
    data: bytes  # the same, joined: what the COPY sends
    size: int = 0


def _batches(recs: Iterator[bytes], header: Record | None, start_row: int,
             max_rows: int, max_bytes: int) -> Iterator[_Batch]:
    line = 1 + (_lines_in(header.data) if header else 0)
    row = 0
    for _ in range(start_row):
        if (rec := next(recs, None)) is None:
            return
        line += _lines_in(rec)
        row += 1
    base = len(header.data) if header else 0
    # Plain locals in the loop, which runs once per row.
    first, taken, size = row, [], base
    for rec in recs:
        n = len(rec)
        if taken and (len(taken) >= max_rows or size + n > max_bytes):
            data = b"".join(taken)
            yield _Batch(first, line, taken, data, size)
            line += data.count(b"\n")
            first, taken, size = row, [], base
        taken.append(rec)
        size += n
        row += 1
    if taken:
        yield _Batch(first, line, taken, b"".join(taken), size)


_COPY_LINE = re.compile(r"\bCOPY [^,\n]+, line (\d+)")


def _load_batches(ctx: Context, spec: CopySpec, fmt: Format, lines: Iterator[bytes],
                  limits: tuple[int, int], start_row: int) -> bool:
    """Load in batches, each its own transaction, committed in input order; on failure say what is committed."""
    recs = _record_bytes(lines, fmt)
    first = next(recs, None) if fmt.header else None
    header = Record(1, first) if first is not None else None
    return _load_parallel(ctx, spec, header, _batches(recs, header, start_row, *limits), _jobs(ctx), start_row)


def _explain_failure(ctx: Context, batch: _Batch | None, header: Record | None, committed: int,
                     error: pq.PGresult | str | None) -> None:
    """After a failed batch: which input line and data row, how many rows are committed, how to resume."""
    where = ""
    detail = ""
    if batch is not None and error is not None and not isinstance(error, str):
        from dsqlsh.diagnostics import CONTEXT, field

        detail = field(error, CONTEXT) or ""  # type: ignore[arg-type]
    m = _COPY_LINE.search(detail)
    if batch is not None and m:
        index = _record_at(batch, header, int(m.group(1)))
        if index is not None:
            line = batch.first_line + sum(_lines_in(r) for r in batch.rows[:index])
            where = f" at input line {line} (data row {batch.first_row + index + 1})"
    ctx.streams.stderr.write(f"\\copy stopped{where}: {committed} data rows are committed; "
                             f"data rows {committed + 1} and after are not.\n"
                             f"HINT:  \\set COPY_START_ROW {committed}\n")
    ctx.streams.stderr.flush()


def _record_at(batch: _Batch, header: Record | None, line: int) -> int | None:
    """Which record of the batch holds the server's "line N": it counts the physical lines of this COPY's
    data, header included (a csv field's newlines too), and names the last line of a record."""
    last = _lines_in(header.data) if header else 0
    for index, rec in enumerate(batch.rows):
        first = last + 1
        last += _lines_in(rec)
        if first <= line <= last:
            return index
    return None


def _lines_in(record: bytes) -> int:
    return max(record.count(b"\n"), 1)


# ---- parallel loads: COPY_JOBS connections, commits in input order --------------------------------------


@dataclass(frozen=True)
class _Trouble:
    """What stopped one try at a batch: the server's error, or libpq's text for a lost connection.

    transient: nothing of the batch is committed and trying again may work (an OCC conflict, or a
    connection DSQL closed before COMMIT was sent). commit_unknown: COMMIT was sent and the connection
    closed before its answer, so the batch may or may not be committed: it must not be sent again."""

    error: pq.PGresult | str
    transient: bool = False
    commit_unknown: bool = False


@dataclass(frozen=True)
class _Failure:
    """The batch that stopped the load, and why."""

    batch: _Batch
    trouble: _Trouble


class _Parallel:
    """Batches loaded on several connections at once, each in BEGIN ... COMMIT; a batch commits only after
    the one before it, so what is committed is always a prefix of the input. OCC conflicts (40001) retry
    the batch with backoff; on DSQL so does a connection the server closed (at its 60-minute limit) before
    the batch's COMMIT was sent, on a new connection with a fresh token and the session's SETs."""

    def __init__(self, conns: list[Connection], session: Connection, sql: str, header: Record | None, *,
                 retries: int, max_age: float) -> None:
        import queue
        import threading

        self.conns = conns  # the connection each worker uses now, by worker index
        self.session = session  # the session's own: replaced here if lost, but never closed here
        self.reconnect = session.params.is_dsql
        self.max_age = max_age
        self.sql = sql
        self.header = header
        self.retries = retries
        self.cond = threading.Condition()
        self.connect_lock = threading.Lock()  # one new connection at a time: botocore's credential refresh
        self.queue: queue.Queue[tuple[int, _Batch] | None] = queue.Queue(maxsize=2 * len(conns))
        self.next_commit = 0
        self.committed_rows = 0
        self.committed_bytes = 0
        self.failed_seq: int | None = None
        self.failure: _Failure | None = None
        self.cancelled = False
        self.threads = [threading.Thread(target=self._work, args=(i,), daemon=True) for i in range(len(conns))]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def stopped(self) -> bool:
        return self.failed_seq is not None or self.cancelled

    def finish(self) -> None:
        for _ in self.threads:
            self.queue.put(None)
        for t in self.threads:
            t.join()

    def cancel(self) -> None:
        with self.cond:
            self.cancelled = True
            self.cond.notify_all()
        while not self.queue.empty():  # let the workers see the end marks
            self.queue.get_nowait()

    def _turn(self, seq: int) -> bool:
        """Wait until this batch may commit; False if it must roll back (an earlier one failed, or Ctrl-C)."""
        self.cond.wait_for(lambda: self.next_commit == seq or self._gone_before(seq))
        return self.next_commit == seq and not self.cancelled

    def _gone_before(self, seq: int) -> bool:
        return self.cancelled or (self.failed_seq is not None and self.failed_seq < seq)

    def _fail(self, seq: int, failure: _Failure) -> None:
        with self.cond:
            if self.failed_seq is None or seq < self.failed_seq:
                self.failed_seq, self.failure = seq, failure
            self.cond.notify_all()

    def _work(self, index: int) -> None:
        while (item := self.queue.get()) is not None:
            seq, batch = item
            if self.stopped():
                continue
            try:
                self._load(index, seq, batch)
            except Exception as exc:  # anything unforeseen stops the load with its message, not a dead thread
                self._fail(seq, _Failure(batch, _Trouble(str(exc))))

    def _load(self, index: int, seq: int, batch: _Batch) -> None:
        """Load one batch, trying again with backoff while its failure is transient."""
        from dsqlsh import occ

        attempt = 0
        while (trouble := self._attempt(index, seq, batch)) is not None:
            if not (trouble.transient and attempt < self.retries) or self.stopped():
                self._fail(seq, _Failure(batch, trouble))
                return
            attempt += 1
            time.sleep(occ.backoff_seconds(attempt))

    def _attempt(self, index: int, seq: int, batch: _Batch) -> _Trouble | None:
        """BEGIN, COPY, wait for the batch's turn, COMMIT. None when committed, or rolled back because the
        load stopped before its turn; otherwise what went wrong."""
        from dsqlsh import occ
        from dsqlsh.errors import ConnectionFailed

        try:
            conn = self._connection(index)
        except ConnectionFailed as exc:
            return _Trouble(str(exc), transient=True)
        data = [self.header.data, batch.data] if self.header else [batch.data]
        error = _run(conn, "BEGIN")
        if error is None:
            error = _run(conn, self.sql, data)
        if error is None:
            with self.cond:
                if not self._turn(seq):
                    _run(conn, "ROLLBACK")
                    return None
                if self.reconnect and conn.closed_by_server():
                    # Closed while the batch waited for its turn: the server dropped its transaction, and
                    # COMMIT was never sent, so loading it again cannot load it twice.
                    return _Trouble(_lost(conn), transient=True)
                error = _run(conn, "COMMIT")
                if error is None:
                    self.next_commit += 1
                    self.committed_rows += len(batch.rows)
                    self.committed_bytes += batch.size
                    self.cond.notify_all()
                    return None
                if conn.is_bad:
                    return _Trouble(error, commit_unknown=True)
        if conn.is_bad:  # lost before COMMIT was sent: the server rolls back a closed session's transaction
            return _Trouble(error, transient=self.reconnect)
        if conn.transaction_status != 0:
            _run(conn, "ROLLBACK")
        return _Trouble(error, transient=occ.is_conflict(_sqlstate(error)))

    def _connection(self, index: int) -> Connection:
        """The worker's connection; on DSQL a new one first if the server closed it or it is near DSQL's
        age limit (DSQL_MAX_CONNECTION_AGE), as lifecycle.ensure_usable does for the session."""
        from dsqlsh.connection import Connection
        from dsqlsh.lifecycle import restore_settings

        conn = self.conns[index]
        if not self.reconnect or (conn.age < self.max_age and not conn.closed_by_server()):
            return conn
        with self.connect_lock:
            fresh = Connection.open(conn.params)
        restore_settings(fresh, self.session.session_settings)
        if conn is not self.session:
            conn.close()
        self.conns[index] = fresh
        return fresh


def _run(conn: Connection, sql: str, data: list[bytes] | None = None) -> pq.PGresult | str | None:
    """Run one statement (a COPY FROM STDIN when data is given); its error, libpq's text if the connection
    was lost (libpq may raise, or hand back a FATAL result of its own), or None."""
    error = None
    try:
        for res in conn.execute(sql):
            code = int(res.status)
            if code == Status.COPY_IN:
                conn.copy_in(iter(data or []))
            elif code in (Status.FATAL_ERROR, Status.BAD_RESPONSE) and error is None:
                error = res
    except Exception:
        if not conn.is_bad:
            raise
    return _lost(conn) if conn.is_bad else error


def _lost(conn: Connection) -> str:
    text = bytes(conn.pgconn.error_message or b"").decode("utf-8", "replace").strip()
    return text or "connection to server was lost"


def _sqlstate(error: pq.PGresult | str | None) -> str | None:
    from dsqlsh.diagnostics import SQLSTATE, field

    return field(error, SQLSTATE) if error is not None and not isinstance(error, str) else None  # type: ignore[arg-type]


def _jobs(ctx: Context) -> int:
    assert ctx.conn is not None
    if ctx.variables.get("COPY_JOBS"):
        return max(ctx.variables.integer("COPY_JOBS"), 1)
    return DSQL_JOBS if ctx.conn.params.is_dsql else 1


def _open_jobs(ctx: Context, jobs: int) -> list[Connection]:
    """The connections for jobs > 1, each with its own token and the session's SETs (search_path, datestyle
    and the like change what COPY does). Opened here rather than in the threads: a password prompt needs
    this one."""
    from dsqlsh.lifecycle import restore_settings
    from dsqlsh.startup import connect

    session = ctx.conn
    assert session is not None
    conns: list[Connection] = []
    try:
        for _ in range(jobs if jobs > 1 else 0):
            conns.append(connect(ctx, session.params))
            restore_settings(conns[-1], session.session_settings)
    except BaseException:
        for c in conns:
            c.close()
        raise
    return conns


def _load_parallel(ctx: Context, spec: CopySpec, header: Record | None, batches: Iterator[_Batch],
                   jobs: int, start_row: int) -> bool:
    """Load batches on `jobs` connections (one job: the session's own); report what is committed."""
    from dsqlsh import lifecycle
    from dsqlsh.errors import DsqlshError

    session = ctx.conn
    assert session is not None
    try:
        own = _open_jobs(ctx, jobs)
    except DsqlshError as exc:
        ctx.error(str(exc))
        return False
    max_age = ctx.variables.integer("DSQL_MAX_CONNECTION_AGE") or lifecycle.DEFAULT_MAX_AGE
    work = _Parallel(own or [session], session, spec.sql, header,
                     retries=max(ctx.variables.integer("OCC_RETRY"), COPY_RETRIES), max_age=max_age)
    work.start()
    seq = 0
    progress = _Progress(ctx, spec)
    try:
        try:
            for batch in batches:
                if work.stopped():
                    break
                work.queue.put((seq, batch))
                seq += 1
                progress.show(work.committed_rows, work.committed_bytes)
        except KeyboardInterrupt:
            work.cancel()
        work.finish()
    finally:
        _release(ctx, work.conns, session)
        progress.done(work.committed_rows)
    committed = start_row + work.committed_rows
    if work.stopped() and spec.kind in ("stdio", "pstdio"):
        for _ in batches:  # psql reports at the end of the data ("\."): read up to it first
            pass
    if work.failure is not None:
        failed, trouble = work.failure.batch, work.failure.trouble
        if isinstance(trouble.error, str):
            ctx.message(trouble.error)
        else:
            _report(ctx, trouble.error)
        if trouble.commit_unknown:
            _explain_unknown_commit(ctx, failed, committed)
        else:
            _explain_failure(ctx, failed, header, committed, trouble.error)
        _set_result_variables(ctx, None, trouble.error)
        return False
    if work.cancelled:
        _explain_failure(ctx, None, header, committed, None)
        _set_result_variables(ctx, None, None)
        return False
    _status(ctx, f"COPY {work.committed_rows}")
    _set_result_variables(ctx, work.committed_rows, None)
    return True


def _release(ctx: Context, conns: list[Connection], session: Connection) -> None:
    """Close the load's own connections; one that replaced a lost session connection becomes the session's."""
    from dsqlsh.lifecycle import adopt

    for conn in conns:
        if conn is session:
            continue
        if session.is_bad and len(conns) == 1 and not conn.is_bad:
            adopt(ctx, conn)
        else:
            conn.close()


def _explain_unknown_commit(ctx: Context, batch: _Batch, committed: int) -> None:
    """After the connection closed with a batch's COMMIT sent and unanswered: say exactly what is unknown.

    Sending the batch again could load it twice, so the load stops; one look at the table settles it."""
    first, last = batch.first_row + 1, batch.first_row + len(batch.rows)
    ctx.streams.stderr.write(
        f"\\copy stopped: the connection closed while data rows {first} to {last} were being committed, so "
        f"whether they are is unknown. Data rows 1 to {committed} are committed; data rows {last + 1} and after "
        f"are not.\nIf data rows {first} to {last} are in the table, resume with \\set COPY_START_ROW {last}; "
        f"if they are not, with:\n"
        f"HINT:  \\set COPY_START_ROW {committed}\n")
    ctx.streams.stderr.flush()


def _set_result_variables(ctx: Context, rows: int | None, error: pq.PGresult | str | None) -> None:
    """psql's SetResultVariables for the COPY it sent: ERROR, SQLSTATE, ROW_COUNT (rows, or 0 on failure
    when rows is None) and, on failure, LAST_ERROR_SQLSTATE / LAST_ERROR_MESSAGE ("" for client errors)."""
    from dsqlsh.diagnostics import PRIMARY, field

    v = ctx.variables
    v.set_internal("ERROR", "false" if rows is not None else "true")
    if rows is not None:
        v.set_internal("SQLSTATE", "00000")
        v.set_internal("ROW_COUNT", str(rows))
        return
    result = error if error is not None and not isinstance(error, str) else None
    sqlstate = _sqlstate(result) or ""
    v.set_internal("SQLSTATE", sqlstate)
    v.set_internal("ROW_COUNT", "0")
    v.set_internal("LAST_ERROR_SQLSTATE", sqlstate)
    v.set_internal("LAST_ERROR_MESSAGE", (field(result, PRIMARY) if result is not None else None) or "")  # type: ignore[arg-type]


class _Progress:
    """A one-line progress report on stderr while a batched load runs, only when stderr is a terminal:
    rows, MiB, rows/s and, for a file, its share done and the time left; a summary line at the end."""

    def __init__(self, ctx: Context, spec: CopySpec) -> None:
        stream = ctx.streams.stderr
        self.stream = stream if _is_terminal(stream) else None
        self.total = 0
        if spec.kind == "file":
            try:
                self.total = os.path.getsize(spec.target or "")
            except OSError:
                pass
        self.started = time.monotonic()
        self.shown = self.started

    def show(self, rows: int, size: int) -> None:
        now = time.monotonic()
        if self.stream is None or now - self.shown < 0.2:
            return
        self.shown = now
        elapsed = max(now - self.started, 1e-6)
        text = f"\\copy: {rows} rows, {size / 1048576:.1f} MiB, {rows / elapsed:.0f} rows/s"
        if self.total and size:
            share = min(size / self.total, 1.0)
            left = elapsed * (1 - share) / share
            text += f", {share:.0%}, ETA {left:.0f}s"
        self.stream.write("\r" + text + "\x1b[K")
        self.stream.flush()

    def done(self, rows: int) -> None:
        if self.stream is None:
            return
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\r\x1b[K\\copy: {rows} rows in {elapsed:.1f} s ({rows / max(elapsed, 1e-6):.0f} rows/s)\n")
        self.stream.flush()


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):
        return False
