"""Backslash-command arguments against psql 18 (\\echo / \\x / \\set behaviour observed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dsqlsh.meta.args import ArgReader, quote_shell_arg

VARS = {"v": "a b", "q": "it's", "bs": "x\\y", "empty": "", "dq": 'say "hi"', "nl": "l1\nl2"}


def reader(args: str, run_backtick: Callable[[str], str] | None = None) -> ArgReader:
    return ArgReader(args, VARS.get, run_backtick)


def all_args(args: str, mode: str = "normal") -> list[str]:
    r = reader(args)
    out = []
    while (arg := r.next(mode)) is not None:
        out.append(arg)
    return out


def test_whitespace_separates_and_none_ends() -> None:
    r = reader("  a\tb  c ")
    assert [r.next(), r.next(), r.next(), r.next()] == ["a", "b", "c", None]
    assert r.next() is None


def test_a_plain_word_ends_at_whitespace_or_a_quote_glued_to_it_continues_it() -> None:
    r = reader("on;; ab'c d'e f:v FOO ")
    assert r.next(semicolon=True) == "on"
    assert [r.next(), r.next(), r.next("sqlid"), r.next()] == ["abc de", "fa b", "foo", None]
    assert reader("  \t").rest() == []


def test_empty_args() -> None:
    assert reader("").next() is None
    assert reader("   ").next("whole_line") is None


def test_single_quotes_are_removed_and_doubling_unescapes() -> None:
    assert all_args("'x y' 'it''s' 'a'b'c' ''") == ["x y", "it's", "abc", ""]


@pytest.mark.parametrize(
    ("arg", "value"),
    [
        ("'\\n'", "\n"),
        ("'\\t\\b\\r\\f'", "\t\b\r\f"),
        ("'\\x41'", "A"),
        ("'\\x4g'", "\x04g"),
        ("'\\xg'", "xg"),
        ("'\\101'", "A"),
        ("'\\q'", "q"),
        ("'\\''", "'"),
        ("'\\\\'", "\\"),
        ("'a\\0z'", "a"),  # psql builds a C string: \0 ends it
    ],
)
def test_single_quote_backslash_escapes(arg: str, value: str) -> None:
    assert reader(arg).next() == value


def test_double_quotes_are_kept_in_normal_mode() -> None:
    assert all_args('"d q" "a""b" x"y z"w') == ['"d q"', '"a""b"', 'x"y z"w']


def test_sqlid_dequotes_and_downcases() -> None:
    assert reader('Foo"Bar"Baz').next("sqlid") == "fooBarbaz"
    assert reader('"a""B"').next("sqlid") == 'a"B'
    assert reader("'MiXed'").next("sqlid") == "mixed"  # single-quoted text is not protected
    assert reader('FOO"Bar"').next("sqlidhack") == "FOOBar"


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError):
        reader("x").next("bogus")


def test_variables_are_interpolated_without_rescanning() -> None:
    assert all_args(":v x:v :'v' :\"v\" :'q' :'bs' :\"dq\"") == [
        "a b",
        "xa b",
        "'a b'",
        '"a b"',
        "'it''s'",
        " E'x\\\\y'",
        '"say ""hi"""',
    ]


def test_unknown_variable_forms_stay_as_typed() -> None:
    assert all_args(":{?v}:{?no} :no :'no' :\"no\" :") == ["TRUEFALSE", ":no", ":'no'", ':"no"', ":"]


def test_partial_variable_syntax_falls_back_to_quotes() -> None:
    # ":'" not followed by name and quote: the colon is text, the quote opens a string
    assert all_args(":'x y'") == [":x y"]
    assert all_args(':"x y"') == [':"x y"']


def test_no_interpolation_inside_quotes() -> None:
    assert all_args("':v' \":v\"") == [":v", '":v"']


def test_empty_variable_is_an_empty_argument_not_none() -> None:
    r = reader(":empty x")
    assert r.next() == ""
    assert r.quote == ":"
    assert r.next() == "x"


def test_quote_reports_how_the_argument_was_quoted() -> None:
    # \echo -n only counts when unquoted: psql printed "a-n b" for \echo -n a / \echo '-n' b
    r = reader("-n '-n' \"x\" :v")
    assert (r.next(), r.quote) == ("-n", "")
    assert (r.next(), r.quote) == ("-n", "'")
    assert (r.next(), r.quote) == ('"x"', '"')
    assert (r.next(), r.quote) == ("a b", ":")


def test_semicolon_stripping_only_touches_unquoted_trailing_semicolons() -> None:
    # psql: \x on;; -> on, \x 'off;' -> error on "off;", \x of'f'; -> off, \x :v; -> ":v"
    assert reader("on;;").next(semicolon=True) == "on"
    assert reader("'off;'").next(semicolon=True) == "off;"
    assert reader("of'f';").next(semicolon=True) == "off"
    assert reader(":nope;").next(semicolon=True) == ":nope"
    assert reader("on;").next() == "on;"
    assert reader(";").next(semicolon=True) is None


def test_unterminated_quote_is_an_error() -> None:
    for args in ("'abc", '"abc', "`abc", "ok 'abc"):
        r = reader(args)
        values = []
        while (arg := r.next()) is not None:
            values.append(arg)
        assert r.errors == ["unterminated quoted string"]
        assert values == (["ok"] if args.startswith("ok") else [])


def test_backslash_ends_an_argument() -> None:
    r = reader("foo\\bar")
    assert r.next() == "foo"
    assert r.next() is None
    assert r.remaining == "\\bar"


def test_backticks_run_with_variables_and_lose_one_newline() -> None:
    calls: list[str] = []

    def shell(command: str) -> str:
        calls.append(command)
        return "out\n\n"

    assert reader("x`echo :v :'v' :'q'`y", run_backtick=shell).next() == "xout\ny"
    assert calls == ["echo a b 'a b' 'it'\"'\"'s'"]


def test_backtick_shell_quoting_refuses_newlines() -> None:
    calls: list[str] = []

    def shell(command: str) -> str:
        calls.append(command)
        return ""

    r = reader("`echo :'nl'`", run_backtick=shell)
    assert r.next() == ""
    assert calls == ["echo :'nl'"]
    assert r.errors == ['shell command argument contains a newline or carriage return: "l1\nl2"']


def test_backticks_without_runner_are_left_unevaluated() -> None:
    assert reader("`echo hi`").next() == "echo hi"


def test_quote_shell_arg() -> None:
    assert quote_shell_arg("abc-_./:9") == "abc-_./:9"
    assert quote_shell_arg("") == "''"
    assert quote_shell_arg("it's") == "'it'\"'\"'s'"
    assert quote_shell_arg("a\rb") is None


def test_whole_line_is_raw() -> None:
    r = reader("  echo :v 'a b' \\\\ x  ")
    assert r.next("whole_line") == "echo :v 'a b' \\\\ x  "
    assert r.next() is None


def test_filepipe() -> None:
    assert reader("  |cat :v ").next("filepipe") == "|cat :v "
    r = reader("out.txt extra")
    assert r.next("filepipe") == "out.txt"
    assert r.next() == "extra"
    assert reader("'|x'").next("filepipe") == "|x"  # a quoted pipe is a file name


def test_rest_reads_extra_arguments_without_evaluating() -> None:
    calls: list[str] = []

    def shell(command: str) -> str:
        calls.append(command)
        return ""

    r = reader("on :v `rm -rf x` 'q q'", run_backtick=shell)
    assert r.next() == "on"
    assert r.rest() == [":v", "rm -rf x", "q q"]
    assert calls == []
