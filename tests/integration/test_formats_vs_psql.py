"""dsqlsh.output.formats against psql 18 itself: same query, same \\pset options, same bytes.

For each case psql runs ``-X -c QUERY -P name=value ...``; the same query runs through psycopg's
libpq layer (raw text, no type conversion) and print_table() renders it with the same options.
Nothing here goes through dsqlsh's engine: only the printer is under test.
"""

from __future__ import annotations

import io
import itertools
import subprocess

import psycopg
import pytest

from dsqlsh.output.formats import print_table
from dsqlsh.output.options import PrintOptions, Table
from tests.pgserver import bin_dir
from tests.support import clean_env

# psql's column_type_alignment(): int2/4/8, float4/8, numeric, oid, xid, xid8, cid, money.
RIGHT_ALIGNED_OIDS = {21, 23, 20, 700, 701, 1700, 26, 28, 5069, 29, 790}

# Make psql's client encoding UTF-8 whatever the host locale is, so widths are computed the same way.
PSQL_ENV = {"PGCLIENTENCODING": "UTF8", "LC_ALL": "C.UTF-8"}

Q = {
    "basic": "select 1 as a, 'two' as b, 3.5::numeric as c, null::text as d",
    "rows": "select * from (values (1, 'a'), (22, 'bb'), (333, null)) v(num, txt)",
    "newlines": "select E'line1\\nline2\\nline3' as multi, 42 as n, 'x' as short "
                "union all select E'one', 7, E'a\\nb'",
    "nl_header": "select 1 as \"multi\nline\", 'v' as b, E'x\\ny' as c",
    "empty_null": "select '' as empty, null as nul, ' ' as space, 'z' as last",
    "cjk": "select '日本語' as jp, 'abc' as en, '한국어テキスト' as mixed "
           "union all select 'x', '全角ＡＢ', ''",
    "combining": "select U&'e\\0301te' as word, U&'\\200Bzw' as zw, 'x' as y",
    "tabs": "select E'a\\tb\\tc' as t, E'\\tlead' as l, E'12345678\\tx' as e",
    "control": "select E'bell\\x07 cr\\r end' as c, E'del\\x7f' as d, U&'c1\\0085x' as u",
    "zero_rows": "select 1 as a, 'x' as b where false",
    "zero_cols": "select",
    "numbers": "select 12345678901234567890::numeric as big, -1.5e300::float8 as f, 0::int as z, "
               "'1'::oid as o, 1234567.891::numeric as n",
    "long_value": "select repeat('abcdefghij', 30) as long, 1 as n, 'end' as e",
    "many_rows": "select g as id, md5(g::text) as hash, g * 1.5 as f, "
                 "case when g % 3 = 0 then null else 'v' || g end as t from generate_series(1, 25) g",
    "wide_header": "select 1 as very_long_column_header_name, 'a' as b",
    "unicode_header": "select 1 as \"日本\", 2 as \"é\", 'x' as \"a|b\"",
    "one_col": "select 'only' as col union all select 'two'",
    # One column: a newline or separator inside a cell is seen only by counting (formats._may_need_quotes).
    "one_col_nl": "select 'a' as col union all select E'b\\nc' union all select 'd,e' union all select null",
    # Nothing else special: the end-of-data marker alone must still be quoted, a backslash alone not.
    "csv_marker_only": "select '\\.' as m, 'a\\b' as b union all select 'x', '\\'",
    "csv_special": "select 'a,b' as c1, 'say \"hi\"' as c2, E'x\\ny' as c3, '\\.' as c4, 'plain' as c5",
    "markup": "select '<b>&amp;</b>' as html, '  lead' as sp, '#$%&_{}~^\\|' as latex, 'a|b' as pipe",
    "cjk_wrap": "select repeat('日本語テキスト', 4) as jp, 'x' as y, 12345 as n "
                "union all select U&'a\0301b' || repeat('中', 9), E'\tt', 1",
    "emoji": "select '😀👍' as e, 'é' as acc, 'Ω' as omega",
    "tab_header": "select 1 as \"a\tb\", 2 as c",
    "mixed_wrap": "select repeat('word ', 12) as text, E'short\\nlines' as nl, 'x' as x "
                  "union all select 'tiny', 'v', repeat('y', 30)",
    # Expanded output formats a plain record with one %-format: headers and values holding % must come out as is.
    "percent": "select '50%' as \"a%s\", 'x%%y' as \"%\", 3 as \"b%(d)s\" union all select '%s', '%', 4",
}

ALIGNED_STYLES = [
    {"border": b, "linestyle": ls} for b in (0, 1, 2) for ls in ("ascii", "old-ascii", "unicode")
]
DOUBLE_LINES = [
    {"linestyle": "unicode", "border": 2, "unicode_border_linestyle": "double"},
    {"linestyle": "unicode", "border": 2, "unicode_column_linestyle": "double"},
    {"linestyle": "unicode", "border": 2, "unicode_header_linestyle": "double"},
    {"linestyle": "unicode", "border": 1, "unicode_border_linestyle": "double",
     "unicode_column_linestyle": "double", "unicode_header_linestyle": "double"},
]
EXTRAS = [
    {"tuples_only": "on"},
    {"null": "(null)"},
    {"title": "My Title"},
    {"title": "a much longer title than the table is wide"},
    {"footer": "off"},
    {"tuples_only": "on", "border": 2},
    {"numericlocale": "on"},
]
XHEADER = [
    {"expanded": "on", "xheader_width": "column"},
    {"expanded": "on", "xheader_width": "page", "columns": "30"},
    {"expanded": "on", "xheader_width": "12"},
    {"expanded": "on", "xheader_width": "12", "border": 2},
    {"expanded": "on", "xheader_width": "page", "columns": "15", "border": 0},
]
UNALIGNED = [
    {"format": "unaligned"},
    {"format": "unaligned", "fieldsep": ","},
    {"format": "unaligned", "recordsep": "#"},
    {"format": "unaligned", "tuples_only": "on"},
    {"format": "unaligned", "expanded": "on"},
    {"format": "unaligned", "expanded": "on", "tuples_only": "on"},
    {"format": "unaligned", "title": "T"},
    {"format": "unaligned", "footer": "off", "null": "NULL"},
    {"format": "unaligned", "fieldsep_zero": None},
    {"format": "unaligned", "recordsep_zero": None},
    {"format": "unaligned", "recordsep_zero": None, "expanded": "on"},
]
CSV = [
    {"format": "csv"},
    {"format": "csv", "csv_fieldsep": ";"},
    {"format": "csv", "csv_fieldsep": "|"},
    {"format": "csv", "csv_fieldsep": "."},
    {"format": "csv", "tuples_only": "on"},
    {"format": "csv", "expanded": "on"},
    {"format": "csv", "title": "ignored", "null": "N"},
    {"format": "csv", "null": "x,y"},
]
WRAPPED = [
    {"format": "wrapped", "columns": "40"},
    {"format": "wrapped", "columns": "25", "border": 2},
    {"format": "wrapped", "columns": "30", "border": 0},
    {"format": "wrapped", "columns": "30", "linestyle": "unicode"},
    {"format": "wrapped", "columns": "30", "linestyle": "old-ascii"},
    {"format": "wrapped", "columns": "12"},
    {"format": "wrapped"},  # no width known: plain aligned
    {"format": "wrapped", "columns": "30", "expanded": "on"},
    {"format": "wrapped", "columns": "20", "expanded": "on", "border": 2},
    {"format": "wrapped", "columns": "20", "expanded": "on", "border": 0},
    {"format": "wrapped", "columns": "25", "expanded": "on", "linestyle": "old-ascii"},
    {"format": "wrapped", "columns": "25", "expanded": "on", "linestyle": "unicode", "tuples_only": "on"},
]
TITLES = [
    {"title": "日本語のタイトル"},
    {"title": "two\nlines"},
    {"title": "T", "border": 2, "linestyle": "unicode"},
    {"title": "T", "tuples_only": "on"},
]
AUTO = [
    {"expanded": "auto", "columns": "20"},
    {"expanded": "auto", "columns": "200"},
    {"expanded": "auto"},
    {"expanded": "auto", "columns": "20", "format": "wrapped"},
]
MARKUP = [
    {"format": f, **extra}
    for f in ("html", "asciidoc", "latex", "latex-longtable", "troff-ms")
    for extra in ({}, {"border": 0}, {"border": 2}, {"expanded": "on"}, {"tuples_only": "on"},
                  {"title": "T_1 <x>"}, {"border": 3}, {"expanded": "on", "tuples_only": "on", "border": 2})
]
MARKUP_EXTRA = [
    {"format": "html", "tableattr": "class=\"x\""},
    {"format": "latex-longtable", "tableattr": "0.2 0.3"},
    {"format": "latex-longtable", "tableattr": "0.2", "title": "Cap"},
]


def _cases() -> list[tuple[str, str, dict]]:
    """(id, query, psets): every query in every aligned style, the rest on a representative subset."""
    cases = []

    def add(names: list[str], psets_list: list[dict], expanded: tuple[str, ...] = ("off",)) -> None:
        for name, psets, x in itertools.product(names, psets_list, expanded):
            p = dict(psets)
            if x != "off":
                p["expanded"] = x
            pid = ",".join(f"{k}={v}" if v is not None else k for k, v in p.items()) or "default"
            cases.append((f"{name}[{pid}]", Q[name], p))

    add(list(Q), [{}], ("off", "on"))
    add(list(Q), ALIGNED_STYLES, ("off", "on"))
    add(["basic", "rows", "newlines", "cjk", "nl_header"], DOUBLE_LINES, ("off", "on"))
    add(["basic", "rows", "newlines", "zero_rows", "zero_cols", "nl_header"], EXTRAS, ("off", "on"))
    add(["rows", "newlines", "long_value", "nl_header", "cjk"], XHEADER)
    add(["rows", "newlines", "empty_null", "zero_rows", "zero_cols", "control", "cjk"], UNALIGNED)
    add(["rows", "csv_special", "csv_marker_only", "newlines", "zero_rows", "zero_cols", "empty_null", "one_col_nl",
         "many_rows"], CSV)
    add(["long_value", "mixed_wrap", "many_rows", "cjk", "newlines", "nl_header", "wide_header"], WRAPPED)
    add(["rows", "long_value", "wide_header", "one_col", "zero_rows"], AUTO)
    add(["cjk_wrap", "emoji", "tab_header"], [{}, *WRAPPED, *ALIGNED_STYLES], ("off", "on"))
    add(["rows", "cjk", "newlines"], TITLES, ("off", "on"))
    add(["long_value", "newlines"], [{**x, "format": "wrapped", "columns": "30"} for x in XHEADER])
    add(["rows", "markup", "newlines", "zero_rows", "empty_null"], MARKUP)
    add(["rows", "markup"], MARKUP_EXTRA)
    return cases


CASES = _cases()


def _options(psets: dict) -> PrintOptions:
    """The PrintOptions psql's -P name=value flags set."""
    o = PrintOptions()
    for k, v in psets.items():
        if k in ("border", "columns"):
            setattr(o, k, int(v))
        elif k in ("tuples_only", "footer", "numericlocale"):
            setattr(o, k, v == "on")
        elif k in ("fieldsep_zero", "recordsep_zero"):
            setattr(o, k, True)
        else:
            setattr(o, k, v)
    return o


@pytest.fixture
def oracle(pg, home, tmp_path):
    """psql's stdout, byte for byte: like the psql fixture, but without newline translation (\r stays)."""

    def run(*args: str) -> str:
        env = {**clean_env(pg, home), **PSQL_ENV}
        p = subprocess.run([str(bin_dir() / "psql"), *args], capture_output=True, env=env, cwd=tmp_path,
                           timeout=60)
        assert p.returncode == 0, p.stderr.decode()
        return p.stdout.decode()

    return run


@pytest.fixture(scope="module")
def conn(pg):
    with psycopg.connect(host=pg.host, port=pg.port, user=pg.superuser, dbname="postgres") as c:
        yield c


def _table(conn: psycopg.Connection, query: str) -> Table:
    """The raw text result as psql's printQuery() sees it."""
    res = conn.pgconn.exec_(query.encode())
    assert res.status == psycopg.pq.ExecStatus.TUPLES_OK, res.error_message
    headers = [res.fname(i).decode() for i in range(res.nfields)]
    aligns = ["r" if res.ftype(i) in RIGHT_ALIGNED_OIDS else "l" for i in range(res.nfields)]
    rows = []
    for r in range(res.ntuples):
        row = []
        for c in range(res.nfields):
            v = res.get_value(r, c)
            row.append(None if v is None else v.decode())
        rows.append(row)
    return Table(headers=headers, aligns=aligns, rows=rows)


def _psql_args(query: str, psets: dict) -> list[str]:
    args = ["-X", "-P", "pager=off"]
    for k, v in psets.items():
        args += ["-P", k if v is None else f"{k}={v}"]
    return [*args, "-c", query]


@pytest.mark.parametrize("query,psets", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_same_bytes_as_psql(oracle, conn, query: str, psets: dict) -> None:
    expected = oracle(*_psql_args(query, psets))
    out = io.StringIO()
    print_table(out, _table(conn, query), _options(psets))
    assert out.getvalue() == expected


def test_enough_cases() -> None:
    assert len(CASES) >= 60


def test_chunked_output_matches_fetch_count(oracle, conn) -> None:
    """FETCH_COUNT: start_table / stop_table / prior_records across chunks print as one table."""
    query = "select g as id, 'row ' || g as label from generate_series(1, 7) g"
    full = _table(conn, query)
    for psets, fetch in itertools.product(
        ({}, {"expanded": "on"}, {"format": "unaligned"}, {"format": "unaligned", "expanded": "on"},
         {"format": "csv"}, {"border": 2, "expanded": "on"}, {"format": "html"}),
        (3, 7),
    ):
        expected = oracle("-v", f"FETCH_COUNT={fetch}", *_psql_args(query, psets))
        out = io.StringIO()
        opts = _options(psets)
        # psql 18 prints each PGRES_TUPLES_CHUNK, then the final empty PGRES_TUPLES_OK closes the table.
        chunks = [full.rows[i:i + fetch] for i in range(0, len(full.rows), fetch)] + [[]]
        done = 0
        for n, rows in enumerate(chunks):
            last = n == len(chunks) - 1
            part = Table(full.headers, full.aligns, rows, start_table=n == 0, stop_table=last,
                         prior_records=done)
            print_table(out, part, opts)
            done += len(rows)
        assert out.getvalue() == expected, (psets, fetch)
