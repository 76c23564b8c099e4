"""PrintOptions: psql's \\pset state (printTableOpt + printQueryOpt), owned by the printer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["PrintOptions", "Table", "TableRows"]


@dataclass
class PrintOptions:
    """Everything \\pset, -P, -A, -x, -t, --csv ... can change. Defaults are psql's."""

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


class TableRows(Protocol):
    """A result's rows: a list of lists, or the packed rows of printer.ResultRows (which formats walk by batch)."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Sequence[str | None]]: ...

    def __getitem__(self, index: int) -> Sequence[str | None]: ...


@dataclass
class Table:
    """One result (or one FETCH_COUNT chunk of it) ready to print.

    Cells are the server's text, never converted; None is SQL NULL (printed as opts.null).
    aligns holds 'l' or 'r' per column (psql right-aligns numeric types).
    footers None means the default "(N rows)" footer, computed from row_count.
    start_table/stop_table/prior_records follow psql's printTableOpt for chunked output.
    """

    headers: list[str]
    aligns: list[str]
    rows: TableRows
    footers: list[str] | None = None
    title: str | None = None
    start_table: bool = True
    stop_table: bool = True
    prior_records: int = 0
    row_count: int | None = None  # total rows for the default footer; len(rows) when None
