"""print_table() on fixed inputs; every expected string was captured from psql 18.6 (`psql -X -c ...`)."""

from __future__ import annotations

import io

import pytest

from dsqlsh.output.formats import print_table
from dsqlsh.output.options import PrintOptions, Table
from dsqlsh.output.textwidth import char_width, format_lines


def render(table: Table, **opts) -> str:
    out = io.StringIO()
    print_table(out, table, PrintOptions(**opts))
    return out.getvalue()


ID_NAME = Table(["id", "name"], ["r", "l"], [["1", "abc"]])


@pytest.mark.parametrize("table,opts,expected", [
    # select 1 as id, 'abc' as name, null as note union all select 22, 'de', 'x'  (-P null=NULL)
    (Table(["id", "name", "note"], ["r", "l", "l"], [["1", "abc", None], ["22", "de", "x"]]),
     {"null": "NULL"},
     " id | name | note \n----+------+------\n  1 | abc  | NULL\n 22 | de   | x\n(2 rows)\n\n"),
    # select E'one\ntwo' as multi, 7 as n
    (Table(["multi", "n"], ["l", "r"], [["one\ntwo", "7"]]), {},
     " multi | n \n-------+---\n one  +| 7\n two   | \n(1 row)\n\n"),
    # -P border=2 -P linestyle=unicode: select 1 as a, 'xyz' as b
    (Table(["a", "b"], ["r", "l"], [["1", "xyz"]]), {"border": 2, "linestyle": "unicode"},
     "┌───┬─────┐\n│ a │  b  │\n├───┼─────┤\n│ 1 │ xyz │\n└───┴─────┘\n(1 row)\n\n"),
    # -x: select 1 as id, 'abc' as name
    (ID_NAME, {"expanded": "on"}, "-[ RECORD 1 ]\nid   | 1\nname | abc\n\n"),
    # -A
    (ID_NAME, {"format": "unaligned"}, "id|name\n1|abc\n(1 row)\n"),
    # --csv: select 'a,b' as x, 'say "hi"' as y, null as z
    (Table(["x", "y", "z"], ["l", "l", "l"], [["a,b", 'say "hi"', None]]), {"format": "csv"},
     'x,y,z\n"a,b","say ""hi""",\n'),
    # -P format=wrapped -P columns=20
    (Table(["words", "n"], ["l", "r"], [["the quick brown fox jumps", "1"]]),
     {"format": "wrapped", "columns": 20},
     "     words      | n \n----------------+---\n the quick brow.| 1\n.n fox jumps    | \n(1 row)\n\n"),
    # -P format=wrapped -P columns=20 -x
    (Table(["words", "n"], ["l", "r"], [["the quick brown fox jumps over", "1"]]),
     {"format": "wrapped", "columns": 20, "expanded": "on"},
     "-[ RECORD 1 ]------\nwords | the quick b.\n      |.rown fox ju.\n      |.mps over\nn     | 1\n\n"),
    # CJK characters are two columns wide
    (Table(["jp", "en"], ["l", "l"], [["日本語", "x"]]), {},
     "   jp   | en \n--------+----\n 日本語 | x\n(1 row)\n\n"),
    # select E'a\rb' as cr, E'\tt' as tab, E'bell\x07' as ctl
    (Table(["cr", "tab", "ctl"], ["l", "l", "l"], [["a\rb", "\tt", "bell\x07"]]), {},
     "  cr  |    tab    |   ctl    \n------+-----------+----------\n"
     " a\\rb |         t | bell\\x07\n(1 row)\n\n"),
    # -x: select 1 where false
    (Table(["?column?"], ["r"], []), {"expanded": "on"}, "(0 rows)\n\n"),
    # select  (no columns, one row)
    (Table([], [], [[]]), {}, "--\n(1 row)\n\n"),
])
def test_matches_psql(table: Table, opts: dict, expected: str) -> None:
    assert render(table, **opts) == expected


def test_tuples_only_and_footer_off() -> None:
    assert render(ID_NAME, tuples_only=True) == "  1 | abc\n\n"
    assert render(ID_NAME, footer=False) == " id | name \n----+------\n  1 | abc\n\n"


def test_custom_footers_and_row_count() -> None:
    t = Table(["a"], ["l"], [["x"]], footers=["Indexes:", '    "p" PRIMARY KEY'])
    assert render(t, format="unaligned") == 'a\nx\nIndexes:\n    "p" PRIMARY KEY\n'
    assert render(Table(["a"], ["l"], [["x"]], row_count=5), format="unaligned") == "a\nx\n(5 rows)\n"


def test_widths_follow_ucs_wcwidth() -> None:
    assert [char_width(c) for c in "a日\u0301\x07\u200b"] == [1, 2, 0, -1, 0]
    assert format_lines("a\tb\r\x01\u0085\nz") == [("a       b\\r\\x01\\u0085", 21), ("z", 1)]


def test_markdown_through_tabulate() -> None:
    text = render(ID_NAME, format="markdown")
    assert text.splitlines()[:3] == ["|   id | name   |", "|-----:|:-------|", "|    1 | abc    |"]
    assert text.endswith("(1 row)\n\n")


def test_expanded_auto_uses_term_width() -> None:
    """\\x auto goes vertical only when a width is known and the table is wider (psql: columns or tty)."""
    wide = Table(["id", "name"], ["r", "l"], [["1", "x" * 30]])
    out = io.StringIO()
    print_table(out, wide, PrintOptions(expanded="auto"), term_width=20)
    assert out.getvalue().startswith("-[ RECORD 1 ]")
    assert render(wide, expanded="auto").startswith(" id |")
    assert render(wide, expanded="auto", columns=200).startswith(" id |")


def test_chunks_continue_record_numbers_and_footer() -> None:
    """FETCH_COUNT chunks: header once, records numbered on, footer counts every row."""
    out = io.StringIO()
    opts = PrintOptions(format="unaligned", expanded="on")
    print_table(out, Table(["a"], ["l"], [["x"], ["y"]], stop_table=False), opts)
    print_table(out, Table(["a"], ["l"], [["z"]], start_table=False, prior_records=2), opts)
    assert out.getvalue() == "a|x\n\na|y\n\na|z\n"
    out = io.StringIO()
    print_table(out, Table(["a"], ["l"], [["x"]], stop_table=False), PrintOptions())
    print_table(out, Table(["a"], ["l"], [], start_table=False, prior_records=1), PrintOptions())
    assert out.getvalue() == " a \n---\n x\n(1 row)\n\n"
