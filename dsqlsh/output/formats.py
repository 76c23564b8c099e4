"""Print one result the way psql 18's src/fe_utils/print.c does, byte for byte.

One function per format (and per expanded variant), as print.c has. Aligned output keeps a
fast path: whole columns of printable ASCII are padded with str.ljust/rjust and rows joined
in C; only cells with newlines, control characters, non-ASCII text or wrapping take psql's
line-by-line loop.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, repeat
from operator import itemgetter
from typing import NamedTuple, TextIO

from dsqlsh.output.options import PrintOptions, Table
from dsqlsh.output.textwidth import (
    asciidoc_escape,
    csv_quoter,
    cut_to_width,
    format_lines,
    html_escape,
    is_plain,
    latex_escape,
    text_size,
    troff_escape,
)

__all__ = ["print_table", "FORMATS", "TABULATE_ALIASES"]

# psql's own formats; anything else goes to tabulate (aliases below or tabulate's own names).
FORMATS = (
    "aligned", "asciidoc", "csv", "html", "latex", "latex-longtable", "troff-ms", "unaligned", "wrapped",
)
TABULATE_ALIASES = {"markdown": "pipe", "md": "pipe"}

_BATCH = 4096  # rows per out.write()

Lines = list[tuple[str, int]]  # a formatted value: (line text, display width) per line


class _Content:
    """printTableContent: what every format needs, cells NULL-substituted one batch at a time.

    Big results are never held as one str per cell (printer.ResultRows keeps them packed): printers
    walk batches(), twice where psql needs column widths first, and only the rarely used formats
    ask for every column at once (cols).
    """

    def __init__(self, table: Table, opts: PrintOptions) -> None:
        self.headers = _validated(list(table.headers))
        self.aligns = list(table.aligns)
        self.nrows = len(table.rows)  # rows in this chunk (also when there are no columns)
        self.title = table.title if table.title is not None else opts.title
        self.footers = table.footers  # custom footers; None means the default "(N rows)"
        self.opts = opts
        self.table = table

    @property
    def has_cells(self) -> bool:
        return bool(self.headers) and self.nrows > 0

    def batches(self) -> Iterator[tuple[int, list[list[str]]]]:
        """(first row, column-major cells) per batch, as printQuery() would hand them to a format."""
        start = 0
        for count, cols, nulls in _raw_batches(self.table, len(self.headers)):
            yield start, [self._prepared(j, col, nulls) for j, col in enumerate(cols)]
            start += count

    def _prepared(self, j: int, col: list[str | None], nulls: bool) -> list[str]:
        """printQuery(): NULLs become opts.null, numericlocale applies to right-aligned cells."""
        opts = self.opts
        if opts.numericlocale and self.aligns[j] == "r":
            col = [None if v is None else _numeric_locale(v) for v in col]  # never opts.null
        if nulls and None in col:
            col = [opts.null if v is None else v for v in col]
        return _validated(col)  # type: ignore[arg-type]

    def lines(self, fsep: str, rsep: str) -> Iterator[tuple[str, int, Callable[[], list[list[str]]]]]:
        """Per batch, for the formats printed row by row: the rows with the cells joined by fsep and the rows
        by rsep, how many rows, and how to get the cells column-major, prepared (as batches() gives them),
        when needed.

        A chunk's rows (a list, as they came from the server) are joined as they are, the NULLs and
        mbvalidate() done on the joined text: no turning rows into columns and back, which was most of the
        time these formats took. Packed rows, numericlocale and separators that mbvalidate() would cut
        take the column-major way.
        """
        rows = self.table.rows
        if (not isinstance(rows, list) or self.opts.numericlocale or _NONCHARS.search(fsep + rsep)
                or not self.has_cells):
            for _, cols in self.batches():
                yield (rsep.join(map(fsep.join, zip(*cols, strict=True))), len(cols[0]) if cols else 0,
                       functools.partial(list, cols))
            return
        null = self.opts.null
        for start in range(0, len(rows), _BATCH):
            part = rows[start:start + _BATCH]
            try:
                text = rsep.join(map(fsep.join, part))
            except TypeError:  # a NULL among them
                text = rsep.join(fsep.join(null if v is None else v for v in row) for row in part)
            if _beyond_bmp(text):
                text = _NONCHARS.sub("", text)
            yield text, len(part), functools.partial(self._columns, part)

    def _columns(self, rows: list[Sequence[str | None]]) -> list[list[str]]:
        return [self._prepared(j, list(map(itemgetter(j), rows)), True) for j in range(len(self.headers))]

    @functools.cached_property
    def cols(self) -> list[list[str]]:
        """Every cell at once, column-major: for the formats that are never used on big results."""
        cols: list[list[str]] = [[] for _ in self.headers]
        for _, batch in self.batches():
            for whole, part in zip(cols, batch, strict=True):
                whole.extend(part)
        return cols

    def rows(self, start: int = 0, end: int | None = None) -> Iterable[tuple[str, ...]]:
        return zip(*(col[start:end] for col in self.cols), strict=True)


def _raw_batches(table: Table, ncols: int) -> Iterator[tuple[int, list[list[str | None]], bool]]:
    """(rows, column-major cells, whether there may be NULLs) of a Table: a list, or packed ResultRows."""
    rows = table.rows
    column_batches = getattr(rows, "column_batches", None)
    if column_batches is not None:
        yield from column_batches()
        return
    listed = rows if isinstance(rows, list) else list(rows)
    for start in range(0, len(listed), _BATCH):
        part = listed[start:start + _BATCH]
        yield len(part), [list(map(itemgetter(j), part)) for j in range(ncols)], True


def print_table(out: TextIO, table: Table, opts: PrintOptions, *, term_width: int | None = None) -> None:
    """Write table to out in opts.format, as psql's printTable() would."""
    c = _Content(table, opts)
    fmt = opts.format
    expanded = opts.expanded == "on"
    if fmt in ("aligned", "wrapped"):
        columns = opts.columns if opts.columns > 0 else (term_width or 0)
        if expanded:
            _print_aligned_vertical(out, c, columns)
        else:
            _print_aligned_text(out, c, columns)
        return
    printer = _PRINTERS.get(fmt)
    if printer is not None:
        printer[1 if expanded else 0](out, c)
    else:
        _print_tabulate(out, c, TABULATE_ALIASES.get(fmt, fmt))


def _numeric_locale(s: str) -> str:
    """format_numeric_locale() in the C locale: thousands separator ',' every 3 digits."""
    if s.strip("0123456789+-.eE"):
        return s  # not a number (e.g. money): unchanged, as psql does
    sign = s[0] if s[:1] in ("+", "-") else ""
    rest = s[len(sign):]
    n = len(rest) - len(rest.lstrip("0123456789"))
    digits = rest[:n]
    first = n % 3 or 3
    groups = [digits[:first]] + [digits[i:i + 3] for i in range(first, n, 3)]
    return sign + ",".join(groups) + rest[n:]


def _footers(c: _Content) -> list[str]:
    """footers_with_default(): custom footers, else "(N rows)" unless \\pset footer off."""
    if c.footers is not None:
        return c.footers
    if not c.opts.footer:
        return []
    t = c.table
    n = t.row_count if t.row_count is not None else t.prior_records + c.nrows
    return [f"({n} row)" if n == 1 else f"({n} rows)"]


# mbvalidate() drops what utf_charcheck() rejects; for valid text that is only the 4-byte
# noncharacters U+1FFFE, U+1FFFF, ... U+10FFFF.
_NONCHARS = re.compile(
    "[" + "".join(chr(p << 16 | 0xFFFE) + chr(p << 16 | 0xFFFF) for p in range(1, 17)) + "]"
)


def _validated(col: list[str]) -> list[str]:
    """Cells as psql's mbvalidate() leaves them; a cheap test first, as this almost never applies."""
    if not _beyond_bmp("".join(col)):
        return col
    return [_NONCHARS.sub("", s) for s in col]


def _beyond_bmp(text: str) -> bool:
    """Whether text has a character beyond the BMP (where mbvalidate()'s noncharacters are)."""
    return not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


# ---------------------------------------------------------------- line styles

class _Style(NamedTuple):
    """printTextFormat: rules are (hrule, left, mid, right) for top, middle, bottom, data. A NamedTuple: a constant
    record, built when the module loads (a frozen dataclass's generated methods cost ~1% of a `-c` start-up)."""

    top: tuple[str, str, str, str]
    middle: tuple[str, str, str, str]
    bottom: tuple[str, str, str, str]
    data: tuple[str, str, str, str]
    midvrule_nl: str
    midvrule_wrap: str
    midvrule_blank: str
    header_nl_left: str
    header_nl_right: str
    nl_left: str
    nl_right: str
    wrap_left: str
    wrap_right: str
    wrap_right_border: bool
    old_ascii: bool = False


_ASCII_RULE = ("-", "+", "+", "+")
_ASCII = _Style(_ASCII_RULE, _ASCII_RULE, _ASCII_RULE, ("", "|", "|", "|"),
                "|", "|", "|", " ", "+", " ", "+", ".", ".", True)
_OLD_ASCII = _Style(_ASCII_RULE, _ASCII_RULE, _ASCII_RULE, ("", "|", "|", "|"),
                    ":", ";", " ", "+", " ", " ", " ", " ", " ", False, old_ascii=True)

# print.c's unicode_style, indexed by 0 = single, 1 = double.
_U_BORDER = (("└", "│", "┌", "─", "┐", "┘"), ("╚", "║", "╔", "═", "╗", "╝"))
_U_ROW = (("─", ("├", "╟"), ("┤", "╢")), ("═", ("╞", "╠"), ("╡", "╣")))
_U_COLUMN = (("│", ("┼", "╪"), ("┴", "╧"), ("┬", "╤")), ("║", ("╫", "╬"), ("╨", "╩"), ("╥", "╦")))


def _line_style(opts: PrintOptions) -> _Style:
    """get_line_style() / refresh_utf8format()."""
    if opts.linestyle == "old-ascii":
        return _OLD_ASCII
    if opts.linestyle != "unicode":
        return _ASCII
    b = int(opts.unicode_border_linestyle == "double")
    h = int(opts.unicode_header_linestyle == "double")
    up_right, vertical, down_right, horizontal, down_left, up_left = _U_BORDER[b]
    row_h, row_vr, row_vl = _U_ROW[h]
    col_v, col_vh, col_uh, col_dh = _U_COLUMN[int(opts.unicode_column_linestyle == "double")]
    return _Style(
        (horizontal, down_right, col_dh[b], down_left),
        (row_h, row_vr[b], col_vh[h], row_vl[b]),
        (horizontal, up_right, col_uh[b], up_left),
        ("", vertical, col_v, vertical),
        col_v, col_v, col_v, " ", "↵", " ", "↵", "…", "…", True,
    )


# ---------------------------------------------------------------- aligned

_NONE, _WRAP, _NL = 0, 1, 2  # printTextLineWrap


def _column_lines(col: list[str], want_sum: bool = False) -> tuple[list[Lines] | None, int, int]:
    """(formatted cells or None when all plain ASCII, max width, sum of widths if wanted) of a column."""
    if is_plain("".join(col)):
        return None, max(map(len, col), default=0), sum(map(len, col)) if want_sum else 0
    cells = [format_lines(s) for s in col]
    widths = [lines[0][1] if len(lines) == 1 else max(w for _, w in lines) for lines in cells]
    return cells, max(widths, default=0), sum(widths)


def _hline(widths: list[int], border: int, rule: tuple[str, str, str, str]) -> str:
    """_print_horizontal_line()."""
    hrule, left, mid, right = rule
    inner = (" " if border == 0 else hrule + mid + hrule).join(hrule * w for w in widths)
    if border == 1:
        return hrule + inner + hrule + "\n"
    if border == 2:
        return left + hrule + inner + hrule + right + "\n"
    return inner + "\n"


def _header_lines(hlines: list[Lines], widths: list[int], border: int, st: _Style) -> list[str]:
    """Centred header lines of print_aligned_text(), with header newline marks."""
    ncols = len(hlines)
    done = [False] * ncols
    more = ncols
    out = []
    curr = 0
    while more:
        buf = [st.data[1]] if border == 2 else []
        for i in range(ncols):
            if border != 0 or (not st.wrap_right_border and i > 0):
                buf.append(st.header_nl_left if curr else " ")
            if not done[i]:
                text, tw = hlines[i][curr]
                nb = widths[i] - tw
                buf.append(" " * (nb // 2) + text + " " * ((nb + 1) // 2))
                if curr + 1 >= len(hlines[i]):
                    more -= 1
                    done[i] = True
            else:
                buf.append(" " * widths[i])
            if border != 0 or st.wrap_right_border:
                buf.append(" " if done[i] else st.header_nl_right)
            if border != 0 and i < ncols - 1:
                buf.append(st.data[2])
        curr += 1
        if border == 2:
            buf.append(st.data[3])
        out.append("".join(buf) + "\n")
    return out


def _segments(lines: Lines, w: int) -> list[tuple[str, int, int]]:
    """A cell cut into display lines: (text, width, what follows: _WRAP, _NL or _NONE)."""
    segs = []
    last = len(lines) - 1
    for i, (text, tw) in enumerate(lines):
        end_mark = _NL if i < last else _NONE
        if tw <= w:
            segs.append((text, tw, end_mark))
            continue
        if text.isascii():
            step = max(w, 1)  # psql always takes the first character, even in a 0-wide column
            for k in range(0, len(text), step):
                piece = text[k:k + step]
                segs.append((piece, len(piece), _WRAP if k + step < len(text) else end_mark))
            continue
        off = 0
        while off < len(text):
            n, pw = cut_to_width(text, off, w)
            off += n
            segs.append((text[off - n:off], pw, _WRAP if off < len(text) else end_mark))
    return segs


class _RowStyle:
    """What print_aligned_text() puts around each cell's text, worked out once per column.

    A row with newlines or wrapping becomes, per column, one string per display line: the
    divider before the column, the left mark, the padded text and the right mark. psql's wrap[]
    state of a column on display line k is the mark that ended its segment k - 1, and the divider
    before column j depends only on column j's state, so each column is rendered on its own.
    """

    def __init__(self, border: int, st: _Style, widths: list[int], aligns: list[str]) -> None:
        self.lead = st.data[1] if border == 2 else ""
        self.trail = st.data[3] + "\n" if border == 2 else "\n"
        self.columns = []
        for j, w in enumerate(widths):
            final = border == 2 or j < len(widths) - 1
            left_marks = (" ", st.wrap_left, st.nl_left) if border else ("", "", "")  # by _NONE, _WRAP, _NL
            dividers = (st.data[2], st.midvrule_wrap, st.midvrule_nl) if border and j else ("", "", "")
            blank = ((st.midvrule_blank if border and j else "") + left_marks[_NONE]
                     + (" " * w + " " if final else ""))
            marks = tuple(d + m for d, m in zip(dividers, left_marks, strict=True))
            self.columns.append((w, aligns[j] == "r", final, marks, (" " if final else "", st.wrap_right,
                                 st.nl_right), blank))

    def row(self, cells: list[Lines]) -> str:
        """All display lines of one row."""
        cols = []
        blanks = []
        for (w, right, final, marks, right_marks, blank), lines in zip(self.columns, cells, strict=True):
            pieces = []
            prev = _NONE
            for text, chars, after in _segments(lines, w):
                pad = " " * (w - min(chars, w))  # a single character can be wider than the column
                body = pad + text if right else text + pad if final or after else text
                pieces.append(marks[prev] + body + right_marks[after])
                prev = after
            cols.append(pieces)
            blanks.append(blank)
        height = max(map(len, cols))
        for pieces, blank in zip(cols, blanks, strict=True):
            pieces.extend([blank] * (height - len(pieces)))
        return "".join(self.lead + "".join(line) + self.trail for line in zip(*cols, strict=True))


def _shrink_to_fit(width_wrap: list[int], c_stats: tuple[list[int], list[int], list[int]],
                   width_total: int, columns: int) -> int:
    """Wrapped format: narrow the column with the highest max/average ratio, one column at a time."""
    width_header, max_width, width_avg = c_stats
    while width_total > columns:
        best, worst = 0.0, -1
        for i, w in enumerate(width_wrap):
            if width_avg[i] and w > width_header[i]:
                ratio = w / width_avg[i] + max_width[i] * 0.01  # penalize wide columns by 1%
                if ratio > best:
                    best, worst = ratio, i
        if worst == -1:
            break
        width_wrap[worst] -= 1
        width_total -= 1
    return width_total


def _print_aligned_text(out: TextIO, c: _Content, columns: int) -> None:
    """print_aligned_text(): aligned and wrapped formats; may switch to expanded for \\x auto."""
    opts, t = c.opts, c.table
    st = _line_style(opts)
    border = min(opts.border, 2)
    ncols = len(c.headers)
    hlines = [format_lines(h) for h in c.headers]
    width_header = [max(w for _, w in hl) for hl in hlines]
    max_width = list(width_header)
    width_sum = [0] * ncols
    # First pass: the widest cell of each column (psql's widths come from every row).
    measured = _Measured(c, want_sum=opts.format == "wrapped")
    for batch in measured:
        for j, (mw, total) in enumerate(zip(batch.widest, batch.sums, strict=True)):
            max_width[j] = max(max_width[j], mw)
            width_sum[j] += total
    width_avg = [total // c.nrows if c.nrows else 0 for total in width_sum]  # only wrapped uses it

    width_total = ncols if border == 0 else (ncols * 3 - (ncols > 0) if border == 1 else ncols * 3 + 1)
    total_header_width = width_total + sum(width_header)
    width_total += sum(max_width)
    width_wrap = list(max_width)
    if opts.format == "wrapped" and 0 < columns and columns >= total_header_width:
        width_total = _shrink_to_fit(width_wrap, (width_header, max_width, width_avg), width_total, columns)
    if (opts.expanded == "auto" and columns > 0 and ncols > 1
            and (columns < total_header_width or columns < width_total)):
        _print_aligned_vertical(out, c, columns)
        return

    parts: list[str] = []
    if t.start_table and not opts.tuples_only:
        if c.title is not None:
            tw, _ = text_size(c.title)
            pad = "" if tw >= width_total else " " * ((width_total - tw) // 2)
            parts.append(pad + c.title + "\n")
        if border == 2:
            parts.append(_hline(width_wrap, border, st.top))
        parts.extend(_header_lines(hlines, width_wrap, border, st))
        parts.append(_hline(width_wrap, border, st.middle))
    if parts:
        out.write("".join(parts))
    if ncols:
        _aligned_rows(out, c, measured, width_wrap, border, st)
    if t.stop_table:
        parts = [_hline(width_wrap, border, st.bottom)] if border == 2 else []
        if not opts.tuples_only:
            parts.extend(f + "\n" for f in _footers(c))
        parts.append("\n")
        out.write("".join(parts))


class _Batch:
    """One batch of cells with what the aligned formats need to know about each column."""

    def __init__(self, start: int, cols: list[list[str]], want_sum: bool) -> None:
        self.start = start
        self.cols = cols
        self.lines: list[list[Lines] | None] = []  # per column: formatted cells, None when plain ASCII
        self.widest: list[int] = []
        self.sums: list[int] = []
        for col in cols:
            lines, mw, total = _column_lines(col, want_sum)
            self.lines.append(lines)
            self.widest.append(mw)
            self.sums.append(total)


class _Measured:
    """The batches of a table, measured; iterable twice (widths first, then the printing).

    A table of one batch is measured once and kept; a bigger one is split and measured again on
    the second pass rather than held whole.
    """

    def __init__(self, c: _Content, want_sum: bool = False) -> None:
        self.c = c
        self.want_sum = want_sum
        self.kept: list[_Batch] | None = None

    def __iter__(self) -> Iterator[_Batch]:
        if self.kept is not None:
            yield from self.kept
            return
        batches: list[_Batch] | None = [] if self.c.nrows <= _BATCH else None
        for start, cols in self.c.batches():
            batch = _Batch(start, cols, self.want_sum)
            if batches is not None:
                batches.append(batch)
            yield batch
        self.kept = batches


def _aligned_rows(out: TextIO, c: _Content, measured: _Measured, widths: list[int], border: int,
                  st: _Style) -> None:
    """Data lines: simple rows joined column-wise in C, the others through _RowStyle.row()."""
    prefix, sep, suffix = {
        0: ("", " ", ""),
        1: (" ", " " + st.data[2] + " ", ""),
        2: (st.data[1] + " ", " " + st.data[2] + " ", " " + st.data[3]),
    }[border]
    glue = suffix + "\n" + prefix
    rs = _RowStyle(border, st, widths, c.aligns)
    for batch in measured:
        padded, complex_rows = _pad_batch(c, batch, widths, border)
        if not complex_rows:
            lines = map(sep.join, zip(*padded, strict=True))
            out.write(prefix + glue.join(lines) + suffix + "\n")
            continue
        chunk = []
        for r in range(len(padded[0])):
            if r in complex_rows:
                cells = [lines[r] if lines is not None else [(col[r], len(col[r]))]
                         for lines, col in zip(batch.lines, batch.cols, strict=True)]
                chunk.append(rs.row(cells))
            else:
                chunk.append(prefix + sep.join(p[r] for p in padded) + suffix + "\n")
        out.write("".join(chunk))


def _pad_batch(c: _Content, batch: _Batch, widths: list[int], border: int) -> tuple[list[list[str]], set[int]]:
    """A batch's cells padded per column; rows needing line-by-line layout (multi-line, wrapped) apart."""
    last = len(widths) - 1
    padded: list[list[str]] = []
    complex_rows: set[int] = set()
    for j, col in enumerate(batch.cols):
        w, right, pad = widths[j], c.aligns[j] == "r", border == 2 or j < last
        lines_of = batch.lines[j]
        if lines_of is None and batch.widest[j] <= w:
            just = str.rjust if right else str.ljust
            padded.append(list(map(just, col, repeat(w))) if right or pad else col)
            continue
        p = []
        for r, s in enumerate(col):
            if lines_of is None:
                text, tw, single = s, len(s), True
            else:
                (text, tw), single = lines_of[r][0], len(lines_of[r]) == 1
            if single and tw <= w:
                p.append(" " * (w - tw) + text if right else text + " " * (w - tw) if pad else text)
            else:
                p.append("")
                complex_rows.add(r)
        padded.append(p)
    return padded, complex_rows


# ---------------------------------------------------------------- aligned, expanded

def _vertical_rule(opts: PrintOptions, border: int, label_len: int, hwidth: int, dwidth: int,
                   columns: int, rule: tuple[str, str, str, str]) -> tuple[str, str]:
    """print_aligned_vertical_line(), as the text before and after a label of label_len characters.

    The label is "[ RECORD n ]" ("* Record n" with border 0), or nothing (label_len 0).
    """
    hrule, left, mid, right = rule
    fill = hrule if border > 0 else " "
    xh = opts.xheader_width
    before = left + hrule if border == 2 else hrule if border == 1 else ""
    buf = []
    reclen = label_len + (border != 2)
    buf.append(fill * (hwidth - reclen))
    reclen -= hwidth
    if border > 0:
        if reclen <= 0:
            buf.append(hrule)
        if reclen - 1 <= 0:
            buf.append(right if xh == "column" else mid)
        if reclen - 2 <= 0 and xh != "column":
            buf.append(hrule)
        reclen -= 3
    else:
        if reclen <= 0:
            buf.append(" ")
        reclen -= 1
    if xh != "column":
        if xh.isdigit():
            columns = int(xh)
        if (xh == "page" or xh.isdigit()) and columns > 0:
            dwidth = min(dwidth, max(0, columns - hwidth - (0, 3, 7)[border]))
        reclen = max(reclen, 0)
        dwidth = max(dwidth, reclen)
        buf.append(fill * (dwidth - reclen))
        if border == 2:
            buf.append(hrule + right)
    return before, "".join(buf) + "\n"


def _vertical_rules(c: _Content, border: int, rule_parts: Callable[[int, bool], tuple[str, str]],
                    start: int, count: int) -> list[str]:
    """The line above each record of rows start..start+count ("" where psql prints none)."""
    t = c.table
    if c.opts.tuples_only:
        # No labels; the first record of a table gets no line unless border 2 draws the top.
        first = "".join(rule_parts(0, True)) if (not t.start_table or border == 2) else ""
        middle = "".join(rule_parts(0, False))
        return [first if r == 0 else middle for r in range(start, start + count)]
    opening, closing = ("* Record ", "") if border == 0 else ("[ RECORD ", " ]")
    rules: list[str] = []
    r, end = start, start + count
    while r < end:
        n = t.prior_records + 1 + r
        digits = len(str(n))
        # Records whose numbers have as many digits share the line around their label (only its width counts),
        # so a run of them is one comprehension; the table's first record has a line of its own (the top one).
        run = 1 if r == 0 else min(end - r, 10 ** digits - n)
        before, after = rule_parts(len(opening) + digits + len(closing), r == 0)
        head, tail = before + opening, closing + after
        rules.extend([f"{head}{k}{tail}" for k in range(n, n + run)])
        r += run
    return rules


def _vertical_data_width(c: _Content, st: _Style, border: int, hwidth: int, dwidth: int,
                         hmultiline: bool, dmultiline: bool, columns: int) -> tuple[int, bool]:
    """print_aligned_vertical()'s data width: room for the record header, wrapped to columns if > 0."""
    old = st.old_ascii
    if border == 0:
        swidth = 1 + hmultiline
    elif border == 1:
        swidth = 3 + (hmultiline and old)
    else:
        swidth = 7
    if dmultiline and border < 2 and not old:
        swidth += 1
    rwidth = 0
    if not c.opts.tuples_only:
        # psql's 1 + (int) log10(nrows): the digits of the record count (exact, and no math module to load)
        rwidth = (len(str(c.nrows)) if c.nrows > 0 else 0) + (9, 12, 15)[border]
    while True:
        width = max(hwidth + swidth + dwidth, rwidth)
        if columns > 0:
            min_width = max(hwidth + swidth + 3, rwidth)
            if columns >= width:
                newdwidth = width - hwidth - swidth
            elif columns < min_width:
                newdwidth = min_width - hwidth - swidth
            else:
                newdwidth = columns - hwidth - swidth
        else:
            newdwidth = width - hwidth - swidth
        if newdwidth < dwidth and not dmultiline and border < 2 and not old:
            dmultiline = True
            swidth += 1
        else:
            return newdwidth, dmultiline


class _VLayout:
    """The fixed geometry of one expanded table."""

    __slots__ = ("border", "st", "hwidth", "dwidth", "hmultiline", "dmultiline")

    # Written out, not a dataclass's: its generated methods cost 0.3 ms of every start to define (issue 19).
    def __init__(self, border: int, st: _Style, hwidth: int, dwidth: int, hmultiline: bool,
                 dmultiline: bool) -> None:
        self.border = border
        self.st = st
        self.hwidth = hwidth
        self.dwidth = dwidth
        self.hmultiline = hmultiline
        self.dmultiline = dmultiline


def _vertical_header(lay: _VLayout, text: str, tw: int, first: bool, last: bool) -> str:
    """One header line of an expanded record, up to the separator."""
    border, st, old = lay.border, lay.st, lay.st.old_ascii
    buf = []
    if border == 2 or (lay.hmultiline and old):
        buf.append(" " if first else st.header_nl_left)
    buf.append(text)
    if lay.hwidth > tw:
        buf.append(" " * (lay.hwidth - tw))
    if border > 0 or (lay.hmultiline and not old):
        buf.append(" " if last else st.header_nl_right)
    return "".join(buf)


def _vertical_cell(lay: _VLayout, hl: Lines, dl: Lines) -> str:
    """One header/value pair of an expanded record: the loop of print_aligned_vertical()."""
    border, st, old, dwidth = lay.border, lay.st, lay.st.old_ascii, lay.dwidth
    out = []
    dline = hline = offset = 0
    dcomplete = hcomplete = False
    chars_left = dl[0][1]
    while not dcomplete or not hcomplete:
        buf = [st.data[1]] if border == 2 else []
        if not hcomplete:
            text, tw = hl[hline]
            buf.append(_vertical_header(lay, text, tw, hline == 0, hline + 1 >= len(hl)))
            hline += 1
            hcomplete = hline >= len(hl)
        else:
            sw = lay.hwidth + border + (border < 2 and lay.hmultiline and old)
            sw += border == 0 and not old and lay.hmultiline
            buf.append(" " * max(sw, 1))
        if border > 0:
            buf.append(st.midvrule_wrap if offset else st.data[2] if dline == 0 else st.midvrule_nl)
        if dcomplete:
            # data exhausted before a multi-line header
            buf.append("" if border < 2 else " " * dwidth + "  " + st.data[3])
            out.append("".join(buf) + "\n")
            continue
        buf.append(st.wrap_left if offset else " ")
        text = dl[dline][0]
        n, tw = cut_to_width(text, offset, dwidth)
        buf.append(text[offset:offset + n])
        chars_left -= tw
        offset += n
        spaces = " " * (dwidth - tw)
        if chars_left:
            if border > 1 or (lay.dmultiline and not old):
                buf.append(spaces + st.wrap_right)
        elif dline + 1 < len(dl):
            if border > 1 or (lay.dmultiline and not old):
                buf.append(spaces + st.nl_right)
            dline += 1
            offset = 0
            chars_left = dl[dline][1]
        else:
            if border > 1:
                buf.append(spaces + " ")
            dcomplete = True
        if border == 2:
            buf.append(st.data[3])
        out.append("".join(buf) + "\n")
    return "".join(out)


def _print_aligned_vertical(out: TextIO, c: _Content, columns: int) -> None:
    """print_aligned_vertical(): \\x for aligned and wrapped."""
    opts, t = c.opts, c.table
    st = _line_style(opts)
    border = min(opts.border, 2)
    if not c.has_cells and t.start_table and t.stop_table:
        # An empty result prints only its footer, even in expanded mode.
        footers = [] if opts.tuples_only else _footers(c)
        out.write("".join(f + "\n" for f in footers) + "\n")
        return
    hlines = [format_lines(h) for h in c.headers]
    hwidth = max((w for hl in hlines for _, w in hl), default=0)
    hmultiline = any(len(hl) > 1 for hl in hlines)
    dwidth, dmultiline = 0, False
    measured = _Measured(c)
    for batch in measured:  # first pass: the widest value, and whether any has several lines
        dwidth = max([dwidth, *batch.widest])
        dmultiline = dmultiline or any(lines is not None and any(len(x) > 1 for x in lines)
                                       for lines in batch.lines)
    # psql 18.6 widens the data column to fit "[ RECORD n ]" in every format; only wrapped narrows it.
    dwidth, dmultiline = _vertical_data_width(c, st, border, hwidth, dwidth, hmultiline, dmultiline,
                                              columns if opts.format == "wrapped" else 0)
    lay = _VLayout(border, st, hwidth, dwidth, hmultiline, dmultiline)
    lhwidth = hwidth + (border < 2 and hmultiline and st.old_ascii)

    cache: dict[tuple[int, bool], tuple[str, str]] = {}

    def rule_parts(label_len: int, top: bool) -> tuple[str, str]:
        key = (label_len, top)
        if key not in cache:
            cache[key] = _vertical_rule(opts, border, label_len, lhwidth, dwidth, columns,
                                        st.top if top else st.middle)
        return cache[key]

    parts: list[str] = []
    if t.start_table and not opts.tuples_only and c.title is not None:
        parts.append(c.title + "\n")
    record = _plain_record_format(lay, hlines)
    for batch in measured if c.has_cells else ():
        rules = _vertical_rules(c, border, rule_parts, batch.start, len(batch.cols[0]))
        if record is not None and not any(batch.lines) and max(batch.widest) <= dwidth:
            # Every value one plain line that fits: a record is its rule and one %-format of its row.
            parts.append("".join(map(str.__add__, rules, map(record.__mod__, zip(*batch.cols, strict=True)))))
        else:
            lines_by_col = [_vertical_column(lay, hl, col, lines) for hl, col, lines in
                            zip(hlines, batch.cols, batch.lines, strict=True)]
            parts.append("".join(chain.from_iterable(zip(rules, *lines_by_col, strict=True))))
        out.write("".join(parts))
        parts = []
    if t.stop_table:
        if border == 2:
            parts.append("".join(_vertical_rule(opts, border, 0, hwidth, dwidth, columns, st.bottom)))
        if not opts.tuples_only and c.footers:
            if border < 2:
                parts.append("\n")
            parts.extend(f + "\n" for f in c.footers)
        parts.append("\n")
    out.write("".join(parts))


def _plain_record_format(lay: _VLayout, hlines: list[Lines]) -> str | None:
    """The lines of one record below its rule as one %-format of its row, for values of one plain line that fit
    (what _vertical_column makes of them, in one format for a whole record: 7% fewer instructions for a 200k-row
    \\x); None when a header has several lines."""
    if any(len(hl) != 1 for hl in hlines):
        return None
    value = f"%-{lay.dwidth}s" if lay.border == 2 else "%s"  # plain ASCII: its length is its width
    tail = _vertical_tail(lay).replace("%", "%%")
    return "".join(_vertical_head(lay, hl).replace("%", "%%") + value + tail for hl in hlines)


def _vertical_head(lay: _VLayout, hl: Lines) -> str:
    """What comes before the value on every record's line of a column whose header is one line."""
    border, st = lay.border, lay.st
    return ((st.data[1] if border == 2 else "") + _vertical_header(lay, *hl[0], True, True)
            + (st.data[2] if border > 0 else "") + " ")


def _vertical_tail(lay: _VLayout) -> str:
    return " " + lay.st.data[3] + "\n" if lay.border == 2 else "\n"


def _vertical_column(lay: _VLayout, hl: Lines, col: list[str], lines: list[Lines] | None) -> list[str]:
    """The printed lines of one column's header/value pair, for every record."""
    border, dwidth = lay.border, lay.dwidth
    tail = _vertical_tail(lay)
    head = ""
    if len(hl) == 1:
        # A one-line header: everything before the value is the same for every record.
        head = _vertical_head(lay, hl)
        if lines is None and max(map(len, col), default=0) <= dwidth:
            if border == 2:
                return [head + v.ljust(dwidth) + tail for v in col]
            return [head + v + tail for v in col]
    out = []
    for r, v in enumerate(col):
        dl = [(v, len(v))] if lines is None else lines[r]
        if len(hl) == 1 and len(dl) == 1 and dl[0][1] <= dwidth:
            pad = " " * (dwidth - dl[0][1]) if border == 2 else ""
            out.append(head + dl[0][0] + pad + tail)
        else:
            out.append(_vertical_cell(lay, hl, dl))
    return out


# ---------------------------------------------------------------- unaligned and csv

def _separators(opts: PrintOptions) -> tuple[str, str]:
    """(fieldsep, recordsep), the zero-byte variants included."""
    return ("\0" if opts.fieldsep_zero else opts.fieldsep), ("\0" if opts.recordsep_zero else opts.recordsep)


def _print_unaligned_text(out: TextIO, c: _Content) -> None:
    """print_unaligned_text()."""
    opts, t = c.opts, c.table
    fsep, rsep = _separators(opts)
    parts: list[str] = []
    need_rsep = not t.start_table  # continuing a chunked printout
    if t.start_table and not opts.tuples_only:
        if c.title is not None:
            parts.append(c.title + rsep)
        parts.append(fsep.join(c.headers))
        need_rsep = True
    if c.has_cells:
        for lines, _, _ in c.lines(fsep, rsep):
            parts.append((rsep if need_rsep else "") + lines)
            need_rsep = True
            out.write("".join(parts))
            parts = []
    if t.stop_table:
        if not opts.tuples_only:
            for f in _footers(c):
                parts.append((rsep if need_rsep else "") + f)
                need_rsep = True
        if need_rsep:
            # The last record ends with a newline whatever recordsep is, unless it is a zero byte.
            parts.append("\0" if opts.recordsep_zero else "\n")
    out.write("".join(parts))


def _print_unaligned_vertical(out: TextIO, c: _Content) -> None:
    """print_unaligned_vertical(): name|value lines, records separated by a blank record."""
    opts, t = c.opts, c.table
    fsep, rsep = _separators(opts)
    parts: list[str] = []
    need_rsep = not t.start_table
    if t.start_table and not opts.tuples_only and c.title is not None:
        parts.append(c.title)
        need_rsep = True
    if c.has_cells:
        names = [h + fsep for h in c.headers]
        for _, cols in c.batches():
            for row in zip(*cols, strict=True):
                if need_rsep:
                    parts.append(rsep + rsep)
                parts.append(rsep.join(map(str.__add__, names, row)))
                need_rsep = True
            out.write("".join(parts))
            parts = []
    if t.stop_table:
        if not opts.tuples_only and c.footers:
            parts.append(rsep)
            parts.extend(rsep + f for f in c.footers)
        if need_rsep:
            parts.append("\0" if opts.recordsep_zero else "\n")
    out.write("".join(parts))


def _csv_column(col: list[str], quote: Callable[[str], str], sep: str) -> list[str]:
    """Quote a whole column, skipping the per-cell work when nothing in it needs quoting."""
    joined = "".join(col)
    if sep in ("\\", ".") or any(ch in joined for ch in ('"', "\n", "\r", sep)) or "\\." in col:
        return list(map(quote, col))
    return col


def _may_need_quotes(lines: str, nrows: int, ncols: int, sep: str) -> bool:
    """Whether a cell of a batch, printed as `lines` (cells joined by sep, rows by newlines, NULLs as their
    text), could need csv quoting: it holds the separator, a quote, CR or LF, or is the end-of-data marker. A
    separator or newline inside a cell shows as one more than the joins made: counted at memchr speed, with
    no second pass over the cells (csv_fieldsep is never a newline, \\pset refuses it). The marker is looked
    for only where a backslash is: a search for one rare character runs at memchr speed, one for two
    characters took 11 ms of 200,000 rows' 27 ms here (issue 19)."""
    if sep in ("\\", "."):
        return True
    return ('"' in lines or "\r" in lines or ("\\" in lines and "\\." in lines)
            or lines.count("\n") != nrows - 1 or lines.count(sep) != nrows * (ncols - 1))


def _print_csv_text(out: TextIO, c: _Content) -> None:
    """print_csv_text(): header unless tuples_only, never a title or footer."""
    sep = c.opts.csv_fieldsep[:1] or ","
    quote = csv_quoter(sep)
    if c.table.start_table and not c.opts.tuples_only:
        out.write(sep.join(map(quote, c.headers)) + "\n")
    if not c.has_cells:
        return
    for lines, nrows, columns in c.lines(sep, "\n"):
        if _may_need_quotes(lines, nrows, len(c.headers), sep):
            cols = [_csv_column(col, quote, sep) for col in columns()]
            lines = "\n".join(map(sep.join, zip(*cols, strict=True)))
        out.write(lines + "\n")


def _print_csv_vertical(out: TextIO, c: _Content) -> None:
    """print_csv_vertical(): one name,value line per cell."""
    sep = c.opts.csv_fieldsep[:1] or ","
    quote = csv_quoter(sep)
    names = [quote(h) + sep for h in c.headers]
    for _, batch in c.batches() if c.has_cells else ():
        cols = [_csv_column(col, quote, sep) for col in batch]
        out.write("".join("".join(n + v + "\n" for n, v in zip(names, row, strict=True))
                          for row in zip(*cols, strict=True)))


# ---------------------------------------------------------------- html, asciidoc, latex, troff-ms

def _html_cell(s: str, align: str) -> str:
    # A cell of only spaces/tabs prints as "&nbsp; ".
    body = "&nbsp; " if not s.strip(" \t") else html_escape(s)
    return f'    <td align="{"right" if align == "r" else "left"}">{body}</td>\n'


def _html_open(c: _Content) -> list[str]:
    attr = f" {c.opts.tableattr}" if c.opts.tableattr else ""
    parts = [f'<table border="{c.opts.border}"{attr}>\n']
    if not c.opts.tuples_only and c.title is not None:
        parts.append(f"  <caption>{html_escape(c.title)}</caption>\n")
    return parts


def _html_close(c: _Content, footers: list[str] | None) -> str:
    tail = "</table>\n"
    if not c.opts.tuples_only and footers:
        tail += "<p>" + "".join(html_escape(f) + "<br />\n" for f in footers) + "</p>"
    return tail + "\n"


def _print_html_text(out: TextIO, c: _Content) -> None:
    """print_html_text()."""
    parts = []
    if c.table.start_table:
        parts = _html_open(c)
        if not c.opts.tuples_only:
            parts.append("  <tr>\n")
            parts.extend(f'    <th align="center">{html_escape(h)}</th>\n' for h in c.headers)
            parts.append("  </tr>\n")
    for row in c.rows() if c.has_cells else ():
        parts.append('  <tr valign="top">\n')
        parts.extend(map(_html_cell, row, c.aligns))
        parts.append("  </tr>\n")
    if c.table.stop_table:
        parts.append(_html_close(c, _footers(c)))
    out.write("".join(parts))


def _print_html_vertical(out: TextIO, c: _Content) -> None:
    """print_html_vertical()."""
    parts = _html_open(c) if c.table.start_table else []
    record = c.table.prior_records + 1
    for row in c.rows() if c.has_cells else ():
        if not c.opts.tuples_only:
            parts.append(f'\n  <tr><td colspan="2" align="center">Record {record}</td></tr>\n')
            record += 1
        else:
            parts.append('\n  <tr><td colspan="2">&nbsp;</td></tr>\n')
        for h, v, a in zip(c.headers, row, c.aligns, strict=True):
            parts.append(f'  <tr valign="top">\n    <th>{html_escape(h)}</th>\n')
            parts.append(_html_cell(v, a) + "  </tr>\n")
    if c.table.stop_table:
        parts.append(_html_close(c, c.footers))
    out.write("".join(parts))


_ASCIIDOC_FRAME = {0: ',frame="none",grid="none"', 1: ',frame="none"', 2: ',frame="all",grid="all"'}


def _asciidoc_close(c: _Content, footers: list[str] | None) -> str:
    tail = "|====\n"
    if c.table.stop_table and not c.opts.tuples_only and footers:
        tail += "\n....\n" + "".join(f + "\n" for f in footers) + "....\n"
    return tail


def _print_asciidoc_text(out: TextIO, c: _Content) -> None:
    """print_asciidoc_text()."""
    opts = c.opts
    parts = []
    if c.table.start_table:
        parts.append("\n")
        if not opts.tuples_only and c.title is not None:
            parts.append("." + c.title + "\n")
        cols = ",".join(">l" if a == "r" else "<l" for a in c.aligns)
        header = "" if opts.tuples_only else 'options="header",'
        parts.append(f'[{header}cols="{cols}"{_ASCIIDOC_FRAME.get(opts.border, "")}]\n|====\n')
        if not opts.tuples_only:
            parts.append(" ".join("^l|" + asciidoc_escape(h) for h in c.headers) + "\n")
    last = len(c.headers) - 1
    for row in c.rows() if c.has_cells else ():
        cells = []
        for j, v in enumerate(row):
            # a blank cell prints as "| " (or "|" in the last column): no needless spaces
            body = (" " if j < last else "") if not v.strip(" \t") else asciidoc_escape(v)
            cells.append("|" + body)
        parts.append(" ".join(cells) + "\n")
    parts.append(_asciidoc_close(c, _footers(c)))
    out.write("".join(parts))


def _print_asciidoc_vertical(out: TextIO, c: _Content) -> None:
    """print_asciidoc_vertical()."""
    opts = c.opts
    parts = []
    if c.table.start_table:
        parts.append("\n")
        if not opts.tuples_only and c.title is not None:
            parts.append("." + c.title + "\n")
        parts.append(f'[cols="h,l"{_ASCIIDOC_FRAME.get(opts.border, "")}]\n|====\n')
    record = c.table.prior_records + 1
    for row in c.rows() if c.has_cells else ():
        if not opts.tuples_only:
            parts.append(f"2+^|Record {record}\n")
            record += 1
        else:
            parts.append("2+|\n")
        for h, v, a in zip(c.headers, row, c.aligns, strict=True):
            body = " " if not v.strip(" \t") else asciidoc_escape(v)
            parts.append(f"<l|{asciidoc_escape(h)} {'>l' if a == 'r' else '<l'}|{body}\n")
    parts.append(_asciidoc_close(c, c.footers))
    out.write("".join(parts))


def _latex_colspec(specs: list[str], border: int) -> str:
    inner = (" | " if border != 0 else "").join(specs)
    return ("| " + inner + " |") if border >= 2 else inner


def _print_latex_text(out: TextIO, c: _Content) -> None:
    """print_latex_text()."""
    opts = c.opts
    border = min(opts.border, 3)
    parts = []
    if c.table.start_table:
        if not opts.tuples_only and c.title is not None:
            parts.append("\\begin{center}\n" + latex_escape(c.title) + "\n\\end{center}\n\n")
        parts.append("\\begin{tabular}{" + _latex_colspec(c.aligns, border) + "}\n")
        if not opts.tuples_only and border >= 2:
            parts.append("\\hline\n")
        if not opts.tuples_only:
            head = " & ".join("\\textit{" + latex_escape(h) + "}" for h in c.headers)
            parts.append(head + " \\\\\n\\hline\n")
    for row in c.rows() if c.has_cells else ():
        parts.append(" & ".join(map(latex_escape, row)) + " \\\\\n" + ("\\hline\n" if border == 3 else ""))
    if c.table.stop_table:
        if border == 2:
            parts.append("\\hline\n")
        parts.append("\\end{tabular}\n\n\\noindent ")
        if not opts.tuples_only:
            parts.extend(latex_escape(f) + " \\\\\n" for f in _footers(c))
        parts.append("\n")
    out.write("".join(parts))


def _longtable_specs(c: _Content) -> list[str]:
    """latex-longtable column specs: tableattr's widths become p{W\\textwidth} for left-aligned columns."""
    if c.opts.tableattr is None:
        return list(c.aligns)
    widths = iter(c.opts.tableattr.split())
    last = None
    specs = []
    for a in c.aligns:
        if a == "l":
            last = next(widths, last)  # past the list, the last width repeats
            specs.append("l" if last is None else "p{" + last + "\\textwidth}")
        else:
            specs.append(a)
    return specs


def _print_latex_longtable_text(out: TextIO, c: _Content) -> None:
    """print_latex_longtable_text()."""
    opts = c.opts
    border = min(opts.border, 3)
    parts = []
    if c.table.start_table:
        parts.append("\\begin{longtable}{" + _latex_colspec(_longtable_specs(c), border) + "}\n")
        if not opts.tuples_only:
            head = " & ".join("\\small\\textbf{\\textit{" + latex_escape(h) + "}}" for h in c.headers)
            top = "\\toprule\n" if border >= 2 else ""
            parts.append(top + head + " \\\\\n\\midrule\n\\endfirsthead\n")
            parts.append(top + head + " \\\\\n" + ("\\midrule\n" if border != 3 else "") + "\\endhead\n")
            if c.title is not None:
                title = latex_escape(c.title)
                bottom = "\\bottomrule\n" if border == 2 else ""
                parts.append(f"{bottom}\\caption[{title} (Continued)]{{{title}}}\n\\endfoot\n")
                parts.append(f"{bottom}\\caption[{title}]{{{title}}}\n\\endlastfoot\n")
            elif border >= 2:
                parts.append("\\bottomrule\n\\endfoot\n\\bottomrule\n\\endlastfoot\n")
    for row in c.rows() if c.has_cells else ():
        cells = "\n&\n".join("\\raggedright{" + latex_escape(v) + "}" for v in row)
        parts.append(cells + " \\tabularnewline\n" + (" \\hline\n" if border == 3 else ""))
    if c.table.stop_table:
        parts.append("\\end{longtable}\n")
    out.write("".join(parts))


def _print_latex_vertical(out: TextIO, c: _Content) -> None:
    """print_latex_vertical(), also used for latex-longtable."""
    opts = c.opts
    border = min(opts.border, 2)
    parts = []
    if c.table.start_table:
        if not opts.tuples_only and c.title is not None:
            parts.append("\\begin{center}\n" + latex_escape(c.title) + "\n\\end{center}\n\n")
        parts.append("\\begin{tabular}{" + ("cl", "c|l", "|c|l|")[border] + "}\n")
    record = c.table.prior_records + 1
    for row in c.rows() if c.has_cells else ():
        if not opts.tuples_only:
            if border == 2:
                parts.append(f"\\hline\n\\multicolumn{{2}}{{|c|}}{{\\textit{{Record {record}}}}} \\\\\n")
            else:
                parts.append(f"\\multicolumn{{2}}{{c}}{{\\textit{{Record {record}}}}} \\\\\n")
            record += 1
        if border >= 1:
            parts.append("\\hline\n")
        for h, v in zip(c.headers, row, strict=True):
            parts.append(latex_escape(h) + " & " + latex_escape(v) + " \\\\\n")
    if c.table.stop_table:
        if border == 2:
            parts.append("\\hline\n")
        parts.append("\\end{tabular}\n\n\\noindent ")
        if not opts.tuples_only and c.footers:
            parts.extend(latex_escape(f) + " \\\\\n" for f in c.footers)
        parts.append("\n")
    out.write("".join(parts))


def _troff_open(c: _Content, border: int) -> list[str]:
    parts = []
    if not c.opts.tuples_only and c.title is not None:
        parts.append(".LP\n.DS C\n" + troff_escape(c.title) + "\n.DE\n")
    parts.append(".LP\n.TS\n" + ("center box;\n" if border == 2 else "center;\n"))
    return parts


def _troff_close(c: _Content, footers: list[str] | None) -> str:
    body = "".join(troff_escape(f) + "\n" for f in footers or ()) if not c.opts.tuples_only else ""
    return ".TE\n.DS L\n" + body + ".DE\n"


def _print_troff_ms_text(out: TextIO, c: _Content) -> None:
    """print_troff_ms_text()."""
    border = min(c.opts.border, 2)
    parts = []
    if c.table.start_table:
        parts = _troff_open(c, border)
        parts.append((" | " if border > 0 else "").join(c.aligns) + ".\n")
        if not c.opts.tuples_only:
            parts.append("\t".join("\\fI" + troff_escape(h) + "\\fP" for h in c.headers) + "\n_\n")
    for row in c.rows() if c.has_cells else ():
        parts.append("\t".join(map(troff_escape, row)) + "\n")
    if c.table.stop_table:
        parts.append(_troff_close(c, _footers(c)))
    out.write("".join(parts))


def _print_troff_ms_vertical(out: TextIO, c: _Content) -> None:
    """print_troff_ms_vertical()."""
    opts = c.opts
    border = min(opts.border, 2)
    parts = []
    current = 2  # 0 none, 1 record header, 2 body; a continued printout is already in the body
    if c.table.start_table:
        parts = _troff_open(c, border)
        current = 0
        if opts.tuples_only:
            parts.append("c l;\n")
    record = c.table.prior_records + 1
    for row in c.rows() if c.has_cells else ():
        if not opts.tuples_only:
            if current != 1:
                if border == 2 and record > 1:
                    parts.append("_\n")
                if current != 0:
                    parts.append(".T&\n")
                parts.append("c s.\n")
                current = 1
            parts.append(f"\\fIRecord {record}\\fP\n")
            record += 1
        if border >= 1:
            parts.append("_\n")
        for h, v in zip(c.headers, row, strict=True):
            if not opts.tuples_only and current != 2:
                if current != 0:
                    parts.append(".T&\n")
                parts.append("c | l.\n" if border == 1 else "c l.\n")
                current = 2
            parts.append(troff_escape(h) + "\t" + troff_escape(v) + "\n")
    if c.table.stop_table:
        parts.append(_troff_close(c, c.footers))
    out.write("".join(parts))


# ---------------------------------------------------------------- tabulate's formats

def _print_tabulate(out: TextIO, c: _Content, tablefmt: str) -> None:
    """Formats psql lacks (markdown, rst, grid, ...) through tabulate; footer and blank line as aligned."""
    import tabulate  # heavy-ish, and only needed for these formats

    if tablefmt not in tabulate.tabulate_formats:
        raise ValueError(f"unknown output format: {c.opts.format}")
    aligns = ["right" if a == "r" else "left" for a in c.aligns]
    rows = list(c.rows()) if c.has_cells else []
    headers = () if c.opts.tuples_only else c.headers
    text = tabulate.tabulate(rows, headers, tablefmt=tablefmt, disable_numparse=True,
                             colalign=aligns or None, missingval=c.opts.null)
    parts = [text + "\n"] if text else []
    if c.table.stop_table:
        if not c.opts.tuples_only:
            parts.extend(f + "\n" for f in _footers(c))
        parts.append("\n")
    out.write("".join(parts))


_PRINTERS: dict[str, tuple[Callable[[TextIO, _Content], None], Callable[[TextIO, _Content], None]]] = {
    "unaligned": (_print_unaligned_text, _print_unaligned_vertical),
    "csv": (_print_csv_text, _print_csv_vertical),
    "html": (_print_html_text, _print_html_vertical),
    "asciidoc": (_print_asciidoc_text, _print_asciidoc_vertical),
    "latex": (_print_latex_text, _print_latex_vertical),
    "latex-longtable": (_print_latex_longtable_text, _print_latex_vertical),
    "troff-ms": (_print_troff_ms_text, _print_troff_ms_vertical),
}
