"""The input lexer against psql 18: each expected text is what `psql -e` / `psql -L` showed."""

from __future__ import annotations

import pytest

from dsqlsh.scanner import Scanner, is_complete, scan, split
from dsqlsh.statements import Command, Statement, quote_ident, quote_literal


def texts(script: str, **variables: str) -> list[str]:
    """The statement texts psql sends for a script without backslash commands."""
    return [s.text for s in scan(script, variables.get) if isinstance(s, Statement)]


def run(script: str, variables: dict[str, str] | None = None) -> list[Statement | Command]:
    """Feed a script as the engine does, running \\set so later text sees the variable."""
    values = {} if variables is None else variables
    scanner = Scanner(values.get)
    items: list[Statement | Command] = []
    for lineno, line in enumerate(script.split("\n"), 1):
        for item in scanner.feed(line, lineno):
            items.append(item)
            if isinstance(item, Command) and item.name == "set":
                name, _, value = item.args.partition(" ")
                values[name] = value.strip()
    tail = scanner.finish()
    if tail is not None:
        items.append(tail)
    return items


# -- statement boundaries and buffer text -------------------------------------------------------


def test_one_statement() -> None:
    assert scan("select 1;") == [Statement("select 1;", 1)]


def test_several_statements_on_one_line_drop_leading_whitespace() -> None:
    assert scan("select 1;select 2;   select 3;") == [
        Statement("select 1;", 1),
        Statement("select 2;", 1),
        Statement("select 3;", 1),
    ]


def test_statement_spanning_lines_keeps_their_whitespace_and_ends_on_last_line() -> None:
    assert scan("select 1\n  ;") == [Statement("select 1\n  ;", 2)]
    assert scan("\n\nselect\n  a,\n  b\nfrom t;\n") == [Statement("select\n  a,\n  b\nfrom t;", 6)]


def test_empty_lines_are_dropped_but_blank_lines_kept() -> None:
    # psql -e printed "select 1\n   \n;": the empty line vanished, the spaces line did not
    assert texts("select 1\n\n   \n;") == ["select 1\n   \n;"]


def test_leading_dash_comments_are_dropped_later_ones_kept() -> None:
    assert texts("-- lead\n   select /* x */ 2\n;") == ["select /* x */ 2\n;"]
    assert texts("select 1 -- c1\n  ;") == ["select 1 -- c1\n  ;"]
    assert texts("select 4 -- a\n-- b\n;") == ["select 4 -- a\n-- b\n;"]


def test_comment_after_semicolon_is_not_part_of_either_statement() -> None:
    assert texts("select 3; -- trailing\nselect 4;") == ["select 3;", "select 4;"]


def test_block_comment_before_statement_is_kept() -> None:
    assert texts("/* only */\nselect 3;") == ["/* only */\nselect 3;"]


def test_lone_semicolon_is_sent() -> None:
    assert texts(";") == [";"]


def test_unterminated_statement_is_sent_at_eof_with_last_line() -> None:
    assert scan("select 1;\nselect\n2") == [Statement("select 1;", 1), Statement("select\n2", 3)]


def test_whitespace_only_input_sends_nothing() -> None:
    assert scan("  \n\t\n-- only a comment\n") == []


@pytest.mark.parametrize(
    "script",
    [
        "select ';' as a;",
        "select 'it''s;' as a;",
        'select 1 as ";";',
        'select 1 as "a"";";',
        "select $$;$$;",
        "select $a$ ; $b$ $a$;",
        "select $é$ ; $é$;",
        "select /* ; */ 1;",
        "select /* /* ; */ ; */ 1;",
        "select 1 -- ;\n;",
        "select (1;\n2);",
        "select E'\\';' ;",
        "select U&'\\0041;' ;",
        'select U&"a;" ;',
        "select X'1;' ;",
    ],
)
def test_semicolon_inside_literals_comments_and_parens_does_not_end(script: str) -> None:
    assert texts(script) == [script]


def test_e_string_backslash_quote_does_not_end_literal() -> None:
    # E'\'' is one literal holding a quote; the ; then ends the statement
    assert texts("select E'\\'';' ;") == ["select E'\\'';", "' ;"]


def test_standard_strings_off_makes_plain_strings_take_backslash_escapes() -> None:
    script = "select 'a\\';' ;"
    assert list(Scanner().feed(script, 1)) == [Statement("select 'a\\';", 1)]
    assert list(Scanner(standard_strings=False).feed(script, 1)) == [Statement(script, 1)]
    # psql after SET standard_conforming_strings = off: B'' never takes escapes, N'' does
    assert list(Scanner(standard_strings=False).feed("select B'1\\';", 1)) == [Statement("select B'1\\';", 1)]
    assert list(Scanner(standard_strings=False).feed("select N'\\';", 1)) == []


def test_identifier_ending_in_e_before_quote_is_not_an_e_string() -> None:
    # "type" is an identifier, so '\' is a standard string closed by the second quote
    assert texts("select type'\\'; ;") == ["select type'\\';", ";"]


def test_dollar_quote_rules() -> None:
    assert texts("select $1;") == ["select $1;"]  # a parameter, not a quote
    assert texts("select x$a$ ; $a$;") == ["select x$a$ ;", "$a$;"]  # $ inside identifier
    assert texts("select $a$ $b$ ; $ab$ $a$;") == ["select $a$ $b$ ; $ab$ $a$;"]
    assert texts("select $1a$ ;") == ["select $1a$ ;"]  # not a tag: starts with a digit
    assert texts("do $body$\nbegin;\nend\n$body$;") == ["do $body$\nbegin;\nend\n$body$;"]


def test_backslash_semicolon_and_colon_go_into_the_buffer() -> None:
    assert texts("select 1 \\; select 2;") == ["select 1 ; select 2;"]
    assert texts("select a\\:b;", b="x") == ["select a:b;"]


def test_unterminated_literals_at_eof_are_sent() -> None:
    assert texts("select 'abc;\n") == ["select 'abc;"]
    assert texts("select $$ ;\n") == ["select $$ ;"]
    assert texts("select /* ;\n") == ["select /* ;"]
    assert texts('select "x;\n') == ['select "x;']


def test_empty_line_inside_a_literal_is_kept() -> None:
    assert texts("select 'a\n\nb';") == ["select 'a\n\nb';"]
    assert texts("select 1 /*\n\n*/;") == ["select 1 /*\n\n*/;"]
    assert texts("select (1\n\n);") == ["select (1\n);"]  # parens are not a literal


def test_backslash_ending_a_line_in_e_string_does_not_escape_the_newline() -> None:
    # psql lexes line by line, so the quote on the next line closes the literal
    assert texts("select E'a\\\n';\nselect 2;") == ["select E'a\\\n';", "select 2;"]


def test_parens_inside_strings_are_not_counted() -> None:
    assert texts("select '(' ;") == ["select '(' ;"]
    assert texts("select ')', (1;\n2);") == ["select ')', (1;\n2);"]
    assert texts("select 'a''(', 'b)' ; select 2;") == ["select 'a''(', 'b)' ;", "select 2;"]
    script = "create or replace function f() returns text begin atomic select 'a(' ; end; select 2;"
    assert texts(script) == ["create or replace function f() returns text begin atomic select 'a(' ; end;",
                             "select 2;"]


def test_parens_never_go_below_zero() -> None:
    assert texts("select 1);") == ["select 1);"]
    assert texts(") ; (;\n);") == [") ;", "(;\n);"]


# -- CREATE FUNCTION ... BEGIN ATOMIC (psql 14+) -------------------------------------------------


def test_begin_atomic_body_semicolons_do_not_end_the_statement() -> None:
    script = (
        "create or replace function f(x int) returns int language sql\n"
        "begin atomic\n"
        "  select case when x > 0 then 1 else 0 end;\n"
        "  select 2;\n"
        "end;\n"
        "select f(1);"
    )
    assert scan(script) == [
        Statement(script.rsplit("\n", 1)[0], 5),
        Statement("select f(1);", 6),
    ]


def test_begin_atomic_procedure_on_one_line() -> None:
    script = "create procedure p() begin atomic select 1; end; select 'after';"
    assert texts(script) == ["create procedure p() begin atomic select 1; end;", "select 'after';"]


def test_begin_outside_create_function_is_a_transaction() -> None:
    assert texts("begin; select 1; end;") == ["begin;", "select 1;", "end;"]
    assert texts("create table begin_t (a int); select 1;") == [
        "create table begin_t (a int);",
        "select 1;",
    ]


def test_begin_inside_parens_is_not_counted() -> None:
    script = "create function f(begin int) returns int as $$ select 1 $$ language sql; select 2;"
    assert texts(script) == [
        "create function f(begin int) returns int as $$ select 1 $$ language sql;",
        "select 2;",
    ]


def test_function_head_tracking_resets_after_each_statement() -> None:
    script = "select 1; create function f() returns int begin atomic select 1; end; select 2;"
    assert texts(script) == [
        "select 1;",
        "create function f() returns int begin atomic select 1; end;",
        "select 2;",
    ]


def test_statement_after_other_sql_is_not_a_function_head() -> None:
    # the buffer already started with select: "create function ... begin" no longer counts
    assert texts("select 1\ncreate function f() begin atomic select 1;") == [
        "select 1\ncreate function f() begin atomic select 1;"
    ]


# -- variables ------------------------------------------------------------------------------------


def test_variable_is_replaced_and_rescanned() -> None:
    assert texts("select :v;", v="42") == ["select 42;"]
    # the value is input: its ; ends the statement
    assert texts("select :s;", s="5; select 6") == ["select 5;", "select 6;"]


def test_variable_value_comment_ends_with_the_value() -> None:
    assert texts("select :c, 8;", c="7 -- comment") == ["select 7 -- comment, 8;"]


def test_variable_value_can_start_a_backslash_command() -> None:
    assert scan("select :s", {"s": "\\echo S"}.get) == [
        Command("echo", "S", 1),
        Statement("select ", 1),
    ]


def test_unknown_variable_stays() -> None:
    assert texts("select :nope, :'nope', :\"nope\";") == ["select :nope, :'nope', :\"nope\";"]


def test_typecast_is_never_a_variable() -> None:
    assert texts("select x::int, y:::v;", int="BAD", v="1") == ["select x::int, y::1;"]


def test_quoted_variables() -> None:
    assert texts("select :'w', :\"w\";", w="it's") == ["select 'it''s', \"it's\";"]
    # a backslash makes PQescapeLiteral emit " E'...'" with a leading space
    assert texts("select :'v' as x;", v="a\\b") == ["select  E'a\\\\b' as x;"]


def test_quoted_variable_is_not_rescanned() -> None:
    assert texts("select :'s';", s="1; select 2") == ["select '1; select 2';"]


def test_variable_defined_test() -> None:
    assert texts("select :{?w}, :{?zz};", w="") == ["select TRUE, FALSE;"]


def test_no_interpolation_inside_literals_and_comments() -> None:
    script = "select ':v', \":v\", $$:v$$ /* :v */ -- :v\n;"
    assert texts(script, v="X") == [script]


def test_recursive_expansion_is_skipped_with_psql_warning() -> None:
    scanner = Scanner({"r": "x :r"}.get)
    assert list(scanner.feed("select :r;", 1)) == [Statement("select x :r;", 1)]
    assert scanner.warnings == ['skipping recursive expansion of variable "r"']


def test_variable_may_expand_again_after_its_value_ends() -> None:
    assert texts("select :a, :a;", a="1") == ["select 1, 1;"]
    assert texts("select :a;", a=":b", b="2") == ["select 2;"]


def test_array_slice_is_a_variable_only_if_defined() -> None:
    assert texts("select a[1:2];") == ["select a[1:2];"]


# -- backslash commands ---------------------------------------------------------------------------


def test_command_alone() -> None:
    assert scan("\\echo hi there") == [Command("echo", "hi there", 1)]


def test_command_then_separator_then_sql() -> None:
    assert scan("\\echo a \\\\ select 1;") == [Command("echo", "a ", 1), Statement("select 1;", 1)]


def test_command_directly_followed_by_another() -> None:
    assert scan("\\x\\x") == [Command("x", "", 1), Command("x", "", 1)]
    assert scan("\\echo b\\echo c") == [Command("echo", "b", 1), Command("echo", "c", 1)]


def test_quoted_backslash_does_not_end_arguments() -> None:
    line = "\\echo 'it\\'s' \"a\\b\" `echo \\x` d"
    assert scan(line) == [Command("echo", line[6:], 1)]


def test_unterminated_quote_runs_to_end_of_line() -> None:
    assert scan("\\echo 'abc \\echo x") == [Command("echo", "'abc \\echo x", 1)]


def test_whole_line_commands_keep_backslashes() -> None:
    assert scan("\\! echo a \\echo b") == [Command("!", "echo a \\echo b", 1)]
    assert scan("\\COPY t from stdin \\\\ x") == [Command("COPY", "t from stdin \\\\ x", 1)]
    assert scan("\\h select \\echo") == [Command("h", "select \\echo", 1)]


def test_filepipe_argument_starting_with_pipe_takes_the_line() -> None:
    assert scan("\\o |cat \\echo x") == [Command("o", "|cat \\echo x", 1)]
    assert scan("\\o out.txt \\echo x") == [Command("o", "out.txt ", 1), Command("echo", "x", 1)]
    assert scan("\\g (format=csv tuples_only) |cat \\x") == [
        Command("g", "(format=csv tuples_only) |cat \\x", 1)
    ]
    assert scan("\\echo |x \\x") == [Command("echo", "|x ", 1), Command("x", "", 1)]


def test_pipeline_line_parameters_and_commands() -> None:
    # $1 and $2 are parameters (no dollar quote), the parens around them counted; each command's arguments end
    # at the next unquoted backslash (issue 19's fast paths for this line shape).
    scanner = Scanner()
    line = "insert into t values ($1, ($2)) \\bind 1 'a \\' b' \"c d\" `e` x\"y\"\\sendpipeline  \\\\ select"
    assert list(scanner.feed(line, 1)) == [
        Command("bind", "1 'a \\' b' \"c d\" `e` x\"y\"", 1), Command("sendpipeline", "", 1)
    ]
    assert (scanner.buffer, scanner.paren_depth) == ("insert into t values ($1, ($2))  select", 0)
    assert texts("select $1x$ ; $2$$ ;") == ["select $1x$ ;", "$2$$ ;"]  # {param_junk}; then $$ opens a quote


def test_lone_backslash_is_a_command_with_empty_name() -> None:
    assert scan("\\echo e\\") == [Command("echo", "e", 1), Command("", "", 1)]


def test_double_backslash_in_sql_is_an_invalid_command() -> None:
    # psql: "invalid command \", and the rest of the line is thrown away
    scanner = Scanner()
    items = []
    for item in scanner.feed("select 5 \\\\ select 6;", 1):
        items.append(item)
        scanner.skip_rest_of_line()
    assert items == [Command("", "", 1)]
    assert scanner.finish() == Statement("select 5 ", 1)


def test_failed_command_discards_the_rest_of_the_line() -> None:
    scanner = Scanner()
    items = []
    for item in scanner.feed("\\nosuch x \\echo should-not-show \\\\ select 1;", 1):
        items.append(item)
        scanner.skip_rest_of_line()
    items += scanner.feed("select 2;", 2)
    assert items == [Command("nosuch", "x ", 1), Statement("select 2;", 2)]


def test_command_line_leaves_buffer_unchanged() -> None:
    # psql -e showed "select 1\n;": the newline added for the \echo line was taken back
    items = scan("select 1\n\\echo y\n;")
    assert items == [Command("echo", "y", 2), Statement("select 1\n;", 3)]


def test_command_after_spaces_keeps_them() -> None:
    # psql -e showed "select 1\n  \n;": the spaces were collected before the backslash
    assert texts("select 1\n  \\echo x\n;") == ["select 1\n  \n;"]


def test_command_in_middle_of_sql() -> None:
    assert scan("select 2 \\echo mid\n;") == [Command("echo", "mid", 1), Statement("select 2 \n;", 2)]


def test_command_lines_are_numbered() -> None:
    items = scan("select 1;\n\n\\echo a\nselect\n2;\n\\q")
    assert [(type(i).__name__, i.line) for i in items] == [
        ("Statement", 1),
        ("Command", 3),
        ("Statement", 5),
        ("Command", 6),
    ]


def test_command_runs_before_the_rest_of_its_line_is_scanned() -> None:
    items = run("\\set x 5 \\\\ select :x;")
    assert items == [Command("set", "x 5 ", 1), Statement("select 5;", 1)]


def test_separator_inside_quoted_argument_is_not_a_separator() -> None:
    assert scan("\\echo '\\\\' x") == [Command("echo", "'\\\\' x", 1)]


# -- buffer, state, engine hooks ----------------------------------------------------------------


def test_buffer_and_take_buffer_reset_state() -> None:
    scanner = Scanner()
    assert list(scanner.feed("select (1", 1)) == []
    assert scanner.buffer == "select (1"
    assert scanner.state == "("
    assert scanner.take_buffer() == "select (1"
    assert scanner.buffer == ""
    assert scanner.state == "="
    assert list(scanner.feed("select 1;", 2)) == [Statement("select 1;", 2)]


def test_g_style_send_mid_line() -> None:
    scanner = Scanner()
    sent = []
    for item in scanner.feed("select 4\\gx \\echo after", 1):
        if isinstance(item, Command) and item.name == "gx":
            sent.append(scanner.take_buffer())
    assert sent == ["select 4"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], "="),
        (["select 1"], "-"),
        (["select (1"], "("),
        (["select (1", ""], "("),
        (["select 'abc"], "'"),
        (["select E'\\'"], "'"),
        (['select "abc'], '"'),
        (["select $$"], "$"),
        (["select 1 /* x"], "*"),
        (["select 1 /* /* */"], "*"),
        (["select 1;"], "="),
        (["create function f() returns int", "begin atomic", "select 1;"], "-"),
        (["create function f( x int default (", "1)) begin"], "-"),
    ],
)
def test_prompt_state_matches_psql_percent_r(lines: list[str], expected: str) -> None:
    scanner = Scanner()
    for lineno, line in enumerate(lines, 1):
        list(scanner.feed(line, lineno))
    assert scanner.state == expected


def test_mark_and_discard_for_inactive_if_branch() -> None:
    scanner = Scanner()
    list(scanner.feed("select 1", 1))
    mark = scanner.mark()
    list(scanner.feed("+ (2", 2))
    assert scanner.state == "("
    scanner.discard_to(mark)
    assert scanner.buffer == "select 1"
    assert scanner.state == "-"
    assert list(scanner.feed(";", 3)) == [Statement("select 1\n;", 3)]


def test_finish_clears() -> None:
    scanner = Scanner()
    list(scanner.feed("select 1", 7))
    assert scanner.finish() == Statement("select 1", 7)
    assert scanner.finish() is None


def test_feed_is_lazy() -> None:
    values: dict[str, str] = {}
    scanner = Scanner(values.get)
    items = scanner.feed("\\set v 1 \\\\ select :v;", 1)
    assert next(items) == Command("set", "v 1 ", 1)
    values["v"] = "1"
    assert list(items) == [Statement("select 1;", 1)]


# -- helpers ----------------------------------------------------------------------------------------


def test_quote_helpers_match_libpq() -> None:
    assert quote_literal("it's") == "'it''s'"
    assert quote_literal("a\\b'") == " E'a\\\\b'''"
    assert quote_ident('say "hi"') == '"say ""hi"""'


def test_split_sends_on_g_and_clears_on_r() -> None:
    script = "select 1 \\g\nselect 2\n\\r\nselect 3 \\gx\n\\echo x\nselect 4"
    assert split(script) == [
        Statement("select 1 ", 1),
        Statement("select 3 ", 4),
        Statement("select 4", 6),
    ]


@pytest.mark.parametrize(
    ("text", "complete"),
    [
        ("", True),
        ("   ", True),
        ("select 1;", True),
        ("select 1", False),
        ("select 1; select", False),
        ("select ';", False),
        ("select $$\n;", False),
        ("\\dt", True),
        ("select 1 \\g", True),
        ("select 1\n\\echo x", True),
        ("\\echo x\nselect 1", False),
        ("create function f() returns int begin atomic select 1;", False),
        ("create function f() returns int begin atomic select 1; end;", True),
    ],
)
def test_is_complete(text: str, complete: bool) -> None:
    assert is_complete(text) is complete


def test_large_script_scans() -> None:
    script = "".join(f"insert into t values ({i}, 'row; {i}', $${i}$$); -- c\n" for i in range(2000))
    statements = split(script)
    assert len(statements) == 2000
    assert statements[-1] == Statement("insert into t values (1999, 'row; 1999', $$1999$$);", 2000)


class _LoopOnly(Scanner):
    """The scanner without its whole-line fast path: every line goes through the lexing loop."""

    def take_statement_line(self, line: str, lineno: int) -> str | None:
        return None


FAST_PATH_LINES = [
    "insert into t values (1, 'a', 'it''s', -2, 3.5e-1, x'ff');",
    "select E'x';", "select e'\\';';", "select xe'x', 1e'y';", "e'x';", "select N'x';", "select U&'x';",
    "select U&x;", "select 1::int, a:=1;", "select :x;", "select :'x';", "select a--b;", "select 1 -- c;",
    "select 1 -2 / 3 /* c */;", "select 'a(', (1;", "select 1);", ") ;", "select ((1));", "  select 1;  ",
    "select 1; select 2;", "select x$a$ ; $a$;", "select $1;", "create table t (a int);",
    "CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END;", "select 'é', é1, 1é;", "\tselect 1;\f",
    "select \"a;b\";", "select 1 \\; select 2;", "select 1; \\echo x", ";", "select 'a' 'b';",
]


@pytest.mark.parametrize("variables", [{}, {"x": "1; select 2"}])
def test_whole_line_fast_path_agrees_with_the_loop(variables: dict[str, str]) -> None:
    from tests.compat.corpus import CORPUS

    lines = FAST_PATH_LINES + CORPUS.read_text(encoding="utf-8").splitlines()
    fast, loop = Scanner(variables.get), _LoopOnly(variables.get)
    for lineno, line in enumerate(lines, 1):
        assert list(fast.feed(line, lineno)) == list(loop.feed(line, lineno)), line
        assert (fast.buffer, fast.state, fast.paren_depth) == (loop.buffer, loop.state, loop.paren_depth), line


def _bound_the_long_way(line: str) -> tuple[str, tuple[str, ...]] | None:
    """What feed() and ArgReader make of a `SQL \\bind ARGS \\sendpipeline` line: the query buffer when
    \\sendpipeline comes and \\bind's arguments; None when the line is not exactly those two commands."""
    from dsqlsh.meta.args import ArgReader

    scanner = Scanner()
    params: tuple[str, ...] | None = None
    names = []
    for item in scanner.feed(line, 1):
        if not isinstance(item, Command):
            return None
        names.append(item.name)
        if item.name == "bind":
            params = tuple(ArgReader(item.args, lambda name: None).all())
        elif item.name == "sendpipeline" and not item.args:
            buffer = scanner.take_buffer()
            if names == ["bind", "sendpipeline"] and params is not None and buffer.strip():
                return buffer, params
    return None


@pytest.mark.parametrize("line", [
    "insert into t values ($1, $2) \\bind 1 'value 1' \\sendpipeline",
    "  \tinsert into t values ($1, $2)   \\bind 3 ''   \\sendpipeline  ",
    "select $1::int - 1 / 2, $2abc \\bind\\sendpipeline",
    "select $1 \\bind 'a b' x'y \\sendpipeline",
    "select $1 \\bind 'it''s' \\sendpipeline",
    "select $1 \\bind 'tab\\t' \\sendpipeline",
    "select $1 \\bind a:b \\sendpipeline",
    "select $1 \\bind \"dq\" \\sendpipeline",
    "select $1 \\bind `echo x` \\sendpipeline",
    "select 'x', $1 \\bind 1 \\sendpipeline",
    "select :x, $1 \\bind 1 \\sendpipeline",
    "select $1 -- c \\bind 1 \\sendpipeline",
    "select $1 /* c */ \\bind 1 \\sendpipeline",
    "select $$x$$, $1 \\bind 1 \\sendpipeline",
    "select $a$ \\bind 1 \\sendpipeline",
    "select 1; \\bind 1 \\sendpipeline",
    "\\bind 1 \\sendpipeline",
    "select $1 \\bindx 1 \\sendpipeline",
    "select $1 \\bind 1 \\sendpipelinex",
    "select $1 \\bind 1 \\sendpipeline extra",
    "select $1 \\bind 1 \\sendpipeline \\echo x",
    "select $1 \\bind 1 \\\\ \\sendpipeline",
    "select \"id\", $1 \\bind 1 \\sendpipeline",
    "select é, $1 \\bind ü \\sendpipeline",
])
def test_bound_line_fast_path_agrees_with_the_loop(line: str) -> None:
    """Scanner.take_bound_line (issue 19's pipeline line) takes a line only where feed() and \\bind's ArgReader
    would give the same buffer and parameters; other lines are left to them."""
    scanner = Scanner()
    bound = scanner.take_bound_line(line, 1)
    assert scanner.buffer == ""
    if bound is None:
        return
    assert _bound_the_long_way(line) == bound
    assert scanner.state == "="


def test_bound_line_fast_path_takes_the_usual_lines() -> None:
    scanner = Scanner()
    assert scanner.take_bound_line("insert into t values ($1, $2) \\bind 7 'value 7' \\sendpipeline", 1) == (
        "insert into t values ($1, $2) ", ("7", "value 7"))
    assert scanner.buffer == ""
    scanner = Scanner()
    list(scanner.feed("insert into t", 1))
    assert scanner.take_bound_line("values ($1) \\bind 1 \\sendpipeline", 2) is None  # a statement goes on


def test_bound_line_leaves_the_lexer_as_sendpipeline_does() -> None:
    """After a bound line the lexer is where \\sendpipeline's reset leaves it: the lines after it scan as they
    do after the long way (feed, then take_buffer)."""
    before = "create function f() returns int language sql begin atomic select 1; end;"
    bound = "select $1 \\bind 1 \\sendpipeline"
    after = ["create procedure p() begin atomic", "select 1;", "end;", "select 2;"]
    fast, slow = Scanner(), Scanner()
    for scanner in (fast, slow):
        list(scanner.feed(before, 1))
    assert fast.take_bound_line(bound, 2) is not None
    list(slow.feed(bound, 2))
    slow.take_buffer()
    assert [[str(item) for item in fast.feed(line, 3)] for line in after] == [
        [str(item) for item in slow.feed(line, 3)] for line in after]
