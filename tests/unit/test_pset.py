"""\\pset rules and messages, taken from psql 18's behaviour."""

import pytest

from dsqlsh.output.options import PrintOptions
from dsqlsh.output.pset import PsetError, describe, list_options, set_option


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("border", "2", "Border style is 2."),
        ("border", "x", "Border style is 0."),
        ("format", "csv", "Output format is csv."),
        ("format", "u", "Output format is unaligned."),
        ("null", "(null)", 'Null display is "(null)".'),
        ("fieldsep", ",", 'Field separator is ",".'),
        ("fieldsep_zero", None, "Field separator is zero byte."),
        ("recordsep", "\n", "Record separator is <newline>."),
        ("title", "hello", 'Title is "hello".'),
        ("title", None, "Title is unset."),
        ("linestyle", "u", "Line style is unicode."),
        ("unicode_column_linestyle", "d", 'Unicode column line style is "double".'),
        ("pager", "always", "Pager is always used."),
        ("pager_min_lines", "1", "Pager won't be used for less than 1 line."),
        ("expanded", "auto", "Expanded display is used automatically."),
        ("csv_fieldsep", ";", 'Field separator for CSV is ";".'),
        ("columns", "80", "Target width is 80."),
        ("tableattr", None, "Table attributes unset."),
        ("xheader_width", "column", 'Expanded header width is "column".'),
    ],
)
def test_set_and_describe(name, value, message):
    popt = PrintOptions()
    assert set_option(popt, name, value)
    assert describe(popt, name) == message


def test_booleans_with_a_value_are_silent_but_toggles_speak():
    popt = PrintOptions()
    assert set_option(popt, "footer", "off") is False
    assert popt.footer is False
    assert set_option(popt, "footer", None) is True
    assert describe(popt, "footer") == "Default footer is on."


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("format", "xx", "\\pset: allowed formats are aligned, asciidoc, csv, html, latex, "
                         "latex-longtable, troff-ms, unaligned, wrapped"),
        ("format", "a", '\\pset: ambiguous abbreviation "a" matches both "aligned" and "asciidoc"'),
        ("foo", None, "\\pset: unknown option: foo"),
        ("csv_fieldsep", '"', "\\pset: csv_fieldsep cannot be a double quote, a newline, or a carriage return"),
        ("expanded", "foo", 'unrecognized value "foo" for "expanded"\nAvailable values are: on, off, auto.'),
    ],
)
def test_refusals_carry_psql_messages(name, value, error):
    with pytest.raises(PsetError) as info:
        set_option(PrintOptions(), name, value)
    assert str(info.value) == error


def test_listing_matches_psql_defaults():
    listing = list_options(PrintOptions())
    assert listing.splitlines()[0] == "border                   1"
    assert "recordsep                '\\n'" in listing
    assert "tableattr                \n" in listing
    assert listing.endswith("xheader_width            full\n")
