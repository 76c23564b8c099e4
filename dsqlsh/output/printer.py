"""Printer: turn libpq results into Tables and hand them to the chosen format."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from dsqlsh.output.options import PrintOptions, Table

if TYPE_CHECKING:
    from psycopg import pq

__all__ = ["ChunkedPrinter", "table_from_result", "row_values"]

# psql right-aligns these types (print.c column_type_alignment): int2/4/8, float4/8, numeric,
# oid, xid, xid8, cid, money.
RIGHT_ALIGNED_OIDS = frozenset({21, 23, 20, 700, 701, 1700, 26, 28, 5069, 29, 790})


TEXT_OID = 25


def row_values(res: pq.PGresult, codec: str) -> list:
    """Every cell as the server's text (None for NULL); no type conversion.

    psycopg's C row loader, told that every column is text, decodes whole rows at C speed (about
    3x faster than a Python loop over get_value); it decodes UTF-8 only, so other client encodings
    and undecodable bytes take the slow path.
    """
    if codec == "utf-8" and res.nfields:
        from psycopg.adapt import AdaptersMap, Transformer
        from psycopg.types.string import TextLoader

        # A registry of our own holding just the text loader: psycopg's default one is filled by
        # psycopg's package __init__, which dsqlsh does not run (dsqlsh/libpq.py).
        text_only = AdaptersMap()
        text_only.register_loader(TEXT_OID, TextLoader)
        loader = Transformer(text_only)
        loader.set_pgresult(res, set_loaders=False)
        loader.set_loader_types([TEXT_OID] * res.nfields, 0)
        try:
            return loader.load_rows(0, res.ntuples, tuple)
        except Exception:  # invalid UTF-8 from a SQL_ASCII database: keep the bytes, as psql does
            pass
    return _row_values_slow(res, codec)


def _row_values_slow(res: pq.PGresult, codec: str) -> list[list[str | None]]:
    get = res.get_value
    ncols = range(res.nfields)
    rows = []
    for r in range(res.ntuples):
        row: list[str | None] = []
        for c in ncols:
            v = get(r, c)
            row.append(None if v is None else bytes(v).decode(codec, "surrogateescape"))
        rows.append(row)
    return rows


def table_from_result(res: pq.PGresult, codec: str, *, title: str | None = None) -> Table:
    """A Table for one complete result (or one chunk, start/stop set by the caller)."""
    headers = [bytes(res.fname(i) or b"").decode(codec, "surrogateescape") for i in range(res.nfields)]
    aligns = ["r" if res.ftype(i) in RIGHT_ALIGNED_OIDS else "l" for i in range(res.nfields)]
    return Table(headers=headers, aligns=aligns, rows=row_values(res, codec), title=title)


class ChunkedPrinter:
    """FETCH_COUNT output: each chunk printed as it arrives, header once, footer at the end.

    As psql 17+: every TUPLES_CHUNK is printed with start_table only on the first and
    stop_table off; the final TUPLES_OK (possibly empty) closes the table and its footer
    counts every row (prior_records + its own).
    """

    def __init__(self, out: TextIO, codec: str, popt: PrintOptions, *, term_width: int | None = None,
                 to_stdout: bool = False) -> None:
        self.out = out
        self.codec = codec
        if to_stdout and popt.expanded == "auto":
            # psql sends chunked output to stdout through its pager path, where \x auto means expanded.
            import copy

            popt = copy.copy(popt)
            popt.expanded = "on"
        self.popt = popt
        self.term_width = term_width
        self.printed = 0

    def add(self, res: pq.PGresult, *, last: bool) -> None:
        """Print one chunk; last is True for the final TUPLES_OK result."""
        from dsqlsh.output.formats import print_table

        table = table_from_result(res, self.codec, title=self.popt.title)
        table.start_table = self.printed == 0
        table.stop_table = last
        table.prior_records = self.printed
        table.row_count = self.printed + len(table.rows)
        print_table(self.out, table, self.popt, term_width=self.term_width)
        self.printed += len(table.rows)
