"""Printer: turn libpq results into Tables and hand them to the chosen format."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, TextIO

from psycopg import pq
from psycopg.pq import ExecStatus

from dsqlsh.output.options import PrintOptions, Table

if TYPE_CHECKING:
    from psycopg.pq.abc import PGconn, PGresult

__all__ = ["GATHER_ROWS", "STREAMED_FORMATS", "ChunkedPrinter", "GatheredResult", "ResultRows", "RowGathering",
           "aligns_of", "headers_of", "row_values", "table_from_result"]

# psql right-aligns these types (print.c column_type_alignment): int2/4/8, float4/8, numeric,
# oid, xid, xid8, cid, money.
RIGHT_ALIGNED_OIDS = frozenset({21, 23, 20, 700, 701, 1700, 26, 28, 5069, 29, 790})


TEXT_OID = 25

Row = Sequence["str | None"]  # one row's cells as the server's text, None for NULL
# A batch of rows packed: its cells row by row as one NUL-joined str (or a list of str when a cell holds a NUL),
# and the positions of the NULL cells.
Packed = tuple["str | list[str]", tuple[int, ...]]

# Rows per libpq chunk when a whole result is gathered (not FETCH_COUNT): the rows are packed as
# they arrive, so libpq never holds the whole result and the packing overlaps the server's work.
GATHER_ROWS = 4096


def row_values(res: PGresult, codec: str, start: int = 0, stop: int | None = None, *,
               pgconn: PGconn | None = None) -> list[Row]:
    """Every cell (of rows start..stop) as the server's text (None for NULL); no type conversion.

    psycopg's C row loader, told that every column is text, decodes whole rows at C speed (about
    3x faster than a Python loop over get_value); it decodes UTF-8 only, so other client encodings
    and undecodable bytes take the slow path. Given the connection (pgconn) the result came from, and
    its client encoding is UTF8, the loader decodes with CPython's UTF-8 decoder directly instead of
    looking the codec up by name for every cell: a third less time loading (callgrind, 200k rows).
    """
    stop = res.ntuples if stop is None else stop
    # A handful of cells (`select 1`, most commands) is quicker cell by cell than importing the loader.
    if codec == "utf-8" and res.nfields and (stop - start) * res.nfields > 64:
        from psycopg.adapt import AdaptersMap, Transformer
        from psycopg.types.string import TextLoader

        # A registry of our own holding just the text loader: psycopg's default one is filled by
        # psycopg's package __init__, which dsqlsh does not run (dsqlsh/libpq.py).
        text_only = AdaptersMap()
        text_only.register_loader(TEXT_OID, TextLoader)
        utf8 = pgconn is not None and pgconn.parameter_status(b"client_encoding") == b"UTF8"
        loader = Transformer(_LoaderContext(text_only, pgconn) if utf8 else text_only)  # type: ignore[arg-type]
        loader.set_pgresult(res, set_loaders=False)
        loader.set_loader_types([TEXT_OID] * res.nfields, pq.Format.TEXT)
        try:
            return loader.load_rows(start, stop, tuple)
        except Exception:  # invalid UTF-8 from a SQL_ASCII database: keep the bytes, as psql does
            pass
    return _row_values_slow(res, codec, start, stop)


class _LoaderContext:
    """What psycopg's Transformer asks of an adaptation context: the adapters, and a connection whose pgconn its
    text loader reads the client encoding from (psycopg's own Connection is never built: dsqlsh/libpq.py)."""

    def __init__(self, adapters: object, pgconn: PGconn | None) -> None:
        self.adapters = adapters
        self.connection = self
        self.pgconn = pgconn


def _row_values_slow(res: PGresult, codec: str, start: int, stop: int | None) -> list[Row]:
    get = res.get_value
    ncols = range(res.nfields)
    rows: list[Row] = []
    for r in range(start, res.ntuples if stop is None else stop):
        row: list[str | None] = []
        for c in ncols:
            v = get(r, c)
            row.append(None if v is None else bytes(v).decode(codec, "surrogateescape"))
        rows.append(row)
    return rows


def table_from_result(res: PGresult, codec: str, *, title: str | None = None) -> Table:
    """A Table for one complete result. The rows are kept as ResultRows, so the caller may free res at once."""
    rows = ResultRows(codec)
    rows.add(res)
    return Table(headers=headers_of(res, codec), aligns=aligns_of(res), rows=rows, title=title)


class GatheredResult:
    """A complete row-returning result whose rows came in chunks (what one TUPLES_OK result would be).

    result is the final, zero-row TUPLES_OK PGresult, which still describes the columns; libpq puts the
    command status ("INSERT 0 2") on the last chunk, not on it. Either rows holds the rows, or (formats
    printed as the rows come) text holds the printed result and count how many rows it has.
    """

    __slots__ = ("result", "command_status", "rows", "text", "count")

    # Written out, not a dataclass's: its generated methods cost 0.5 ms of every start to define (issue 19).
    def __init__(self, result: PGresult, command_status: bytes | None, rows: ResultRows | None = None,
                 text: list[str] | None = None, count: int = 0) -> None:
        self.result = result
        self.command_status = command_status
        self.rows = rows
        self.text = text
        self.count = count

    @property
    def ntuples(self) -> int:
        return len(self.rows) if self.rows is not None else self.count

    def table(self, codec: str, *, title: str | None = None) -> Table:
        """The rows as a Table (gathered, not printed as they came)."""
        assert self.rows is not None
        res = self.result
        return Table(headers=headers_of(res, codec), aligns=aligns_of(res), rows=self.rows, title=title)


# Formats printed row by row with nothing measured first: a result in one of them is printed as its
# chunks arrive (into memory: it is written only once the result is complete, as psql does).
STREAMED_FORMATS = ("unaligned", "csv")


class RowGathering:
    """One result's chunks (libpq's chunked mode) gathered into the GatheredResult one TUPLES_OK result would be.

    With render (print options of a format in STREAMED_FORMATS, not expanded), each chunk is printed
    at once and only its text kept: no second pass, and the printing overlaps the server's work.
    Made at a result's first chunk (a statement without rows never makes one: issue 19, a script's INSERTs).
    """

    def __init__(self, codec: str, render: PrintOptions | None, pgconn: PGconn | None) -> None:
        self.command_status: bytes | None = None
        self.rows: ResultRows | None = None
        self.text: _Text | None = None
        self.printer: ChunkedPrinter | None = None
        if render is not None:
            self.text = _Text()
            self.printer = ChunkedPrinter(self.text, codec, render, pgconn=pgconn)  # type: ignore[arg-type]
        else:
            self.rows = ResultRows(codec, pgconn)

    def add(self, chunk: PGresult) -> None:
        if self.printer is not None:
            self.printer.add(chunk, last=False)
        else:
            assert self.rows is not None
            self.rows.add(chunk)
        self.command_status = chunk.command_status
        chunk.clear()

    def finish(self, res: PGresult) -> PGresult | GatheredResult:
        """The result that ended the chunks: its TUPLES_OK closes them into a GatheredResult; anything else (an
        error) is returned as it is, the rows dropped with it, as psql without FETCH_COUNT shows only the error."""
        if res.status != ExecStatus.TUPLES_OK:
            return res
        command_status = res.command_status or self.command_status
        if self.printer is not None and self.text is not None:
            self.printer.add(res, last=True)
            return GatheredResult(res, command_status, text=self.text.parts, count=self.printer.printed)
        return GatheredResult(res, command_status, rows=self.rows)


class _Text:
    """Where a streamed result is printed: its text, in the pieces the printer wrote."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, part: str) -> int:
        self.parts.append(part)
        return len(part)

    def flush(self) -> None:
        pass


def headers_of(res: PGresult, codec: str) -> list[str]:
    return [bytes(res.fname(i) or b"").decode(codec, "surrogateescape") for i in range(res.nfields)]


def aligns_of(res: PGresult) -> list[str]:
    return ["r" if res.ftype(i) in RIGHT_ALIGNED_OIDS else "l" for i in range(res.nfields)]


class ResultRows:
    """The rows of a result, held compactly and decoded again one batch at a time for printing.

    A Python str per cell costs about 60 bytes beyond its text, several times what libpq needs; a
    200,000-row result would take 3-4 times psql's memory. So each batch of rows is kept as one str,
    its cells row by row joined by NUL (which PostgreSQL text never contains), plus where the NULLs
    are; printers ask for column_batches(), which splits a batch back and slices out its columns,
    all C-speed steps.
    """

    BATCH = 4096

    def __init__(self, codec: str, pgconn: PGconn | None = None) -> None:
        self.codec = codec
        self.pgconn = pgconn  # for row_values
        self._batches: list[tuple[int, Packed]] = []
        self._count = 0
        self._ncols = 0

    def add(self, res: PGresult) -> None:
        """Take the rows of res (a whole result or one chunk of it); res may be freed afterwards."""
        total = res.ntuples
        self._ncols = res.nfields
        if not res.nfields:
            self._batches.append((total, ([], ())))
            self._count += total
            return
        for start in range(0, total, self.BATCH):
            rows = row_values(res, self.codec, start, min(start + self.BATCH, total), pgconn=self.pgconn)
            self._batches.append((len(rows), _packed(rows, self._ncols)))
            self._count += len(rows)

    def __len__(self) -> int:
        return self._count

    def column_batches(self) -> Iterator[tuple[int, list[list[str | None]], bool]]:
        """(rows, column-major cells, whether any cell is NULL) per batch, in order."""
        n = self._ncols
        for count, packed in self._batches:
            cells = _unpacked(packed)
            yield count, [cells[j::n] for j in range(n)], bool(packed[1])

    def __iter__(self) -> Iterator[tuple[str | None, ...]]:
        for _, cols, _ in self.column_batches():
            yield from zip(*cols, strict=True)

    def __getitem__(self, index: int) -> tuple[str | None, ...]:
        # A walk from the start: only ever asked for a row of a tiny result (a CREATE INDEX ASYNC job id).
        for row_number, row in enumerate(self):
            if row_number == index:
                return row
        raise IndexError(index)


def _packed(rows: list[Row], ncols: int) -> Packed:
    """A batch's cells, row by row, as one NUL-joined str and the positions of its NULLs."""
    nulls: tuple[int, ...] = ()
    try:
        joined = "\0".join(chain.from_iterable(rows))  # type: ignore[arg-type]  # no NULL: the common case
    except TypeError:
        cells = list(chain.from_iterable(rows))
        nulls = tuple(i for i, v in enumerate(cells) if v is None)
        joined = "\0".join(["" if v is None else v for v in cells])
    if joined.count("\0") != len(rows) * ncols - 1:  # a NUL after all (bytes from an odd encoding)
        return [("" if v is None else v) for v in chain.from_iterable(rows)], nulls
    return joined, nulls


def _unpacked(packed: Packed) -> list[str | None]:
    text, nulls = packed
    cells: list[str | None] = list(text) if isinstance(text, list) else list(text.split("\0"))
    for i in nulls:
        cells[i] = None
    return cells


class ChunkedPrinter:
    """FETCH_COUNT output: each chunk printed as it arrives, header once, footer at the end.

    As psql 17+: every TUPLES_CHUNK is printed with start_table only on the first and
    stop_table off; the final TUPLES_OK (possibly empty) closes the table and its footer
    counts every row (prior_records + its own).
    """

    def __init__(self, out: TextIO, codec: str, popt: PrintOptions, *, term_width: int | None = None,
                 to_stdout: bool = False, pgconn: PGconn | None = None) -> None:
        self.out = out
        self.codec = codec
        self.pgconn = pgconn  # for row_values
        if to_stdout and popt.expanded == "auto":
            # psql sends chunked output to stdout through its pager path, where \x auto means expanded.
            import copy

            popt = copy.copy(popt)
            popt.expanded = "on"
        self.popt = popt
        self.term_width = term_width
        self.printed = 0

    def add(self, res: PGresult, *, last: bool) -> None:
        """Print one chunk; last is True for the final TUPLES_OK result."""
        from dsqlsh.output.formats import print_table

        # A list of rows, not ResultRows: printed at once, they need no packing.
        table = Table(headers=headers_of(res, self.codec), aligns=aligns_of(res),
                      rows=row_values(res, self.codec, pgconn=self.pgconn), title=self.popt.title)
        table.start_table = self.printed == 0
        table.stop_table = last
        table.prior_records = self.printed
        table.row_count = self.printed + len(table.rows)
        print_table(self.out, table, self.popt, term_width=self.term_width)
        self.printed += len(table.rows)
