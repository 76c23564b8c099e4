"""PrintOptions: psql's \\pset state (printTableOpt + printQueryOpt), owned by the printer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

__all__ = ["PrintOptions", "Table", "TableRows"]


class PrintOptions:
    """Everything \\pset, -P, -A, -x, -t, --csv ... can change. Defaults are psql's.

    The class attributes are the defaults; an instance holds what was changed, and copy.copy() copies it. Not a
    dataclass: defining one of these 22 fields (its generated methods compiled) cost 1.1 ms of every start, as
    much as everything `-c 'select 1'` does after connecting (issue 19)."""

    format: str = "aligned"  # aligned, unaligned, csv, wrapped, html, asciidoc, latex, troff-ms, + tabulate's
    border: int = 1
    expanded: str = "off"  # off | on | auto
    tuples_only: bool = False
    footer: bool = True
    null: str = ""
    fieldsep: str = "|"
    fieldsep_zero: bool = False
    recordsep: str = "\n"
    recordsep_zero: bool = False
    csv_fieldsep: str = ","
    title: str | None = None
    linestyle: str = "ascii"  # ascii | old-ascii | unicode
    unicode_border_linestyle: str = "single"
    unicode_column_linestyle: str = "single"
    unicode_header_linestyle: str = "single"
    pager: int = 1  # 0 off, 1 on, 2 always
    pager_min_lines: int = 0
    numericlocale: bool = False
    columns: int = 0
    tableattr: str | None = None
    xheader_width: str = "full"

    def __init__(self, **changes: object) -> None:
        for name, value in changes.items():
            if name.startswith("_") or not hasattr(PrintOptions, name):
                raise TypeError(f"PrintOptions has no option {name!r}")
            setattr(self, name, value)


class TableRows(Protocol):
    """A result's rows: a list of lists, or the packed rows of printer.ResultRows (which formats walk by batch)."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Sequence[str | None]]: ...

    def __getitem__(self, index: int) -> Sequence[str | None]: ...


class Table:
    """One result (or one FETCH_COUNT chunk of it) ready to print.

    Cells are the server's text, never converted; None is SQL NULL (printed as opts.null).
    aligns holds 'l' or 'r' per column (psql right-aligns numeric types).
    footers None means the default "(N rows)" footer, computed from row_count.
    start_table/stop_table/prior_records follow psql's printTableOpt for chunked output.
    row_count is the total rows for the default footer; len(rows) when None.
    """

    __slots__ = ("headers", "aligns", "rows", "footers", "title", "start_table", "stop_table", "prior_records",
                 "row_count")

    # Written out, not a dataclass's: its generated methods cost 0.6 ms of every start to define (issue 19).
    def __init__(self, headers: list[str], aligns: list[str], rows: TableRows, footers: list[str] | None = None,
                 title: str | None = None, start_table: bool = True, stop_table: bool = True,
                 prior_records: int = 0, row_count: int | None = None) -> None:
        self.headers = headers
        self.aligns = aligns
        self.rows = rows
        self.footers = footers
        self.title = title
        self.start_table = start_table
        self.stop_table = stop_table
        self.prior_records = prior_records
        self.row_count = row_count
