"""--vi and --style as a user sees them: the keys edit the line, the typed SQL changes colour.

Each test starts `dsqlsh -X` under pexpect with test_repl's Terminal and env (xterm, colour on,
24x100, a temp HOME, PAGER=cat), so the terminal gets what a real one would.
"""

from __future__ import annotations

import re

from tests.terminal import test_repl
from tests.terminal.test_repl import COLOUR, PROMPT, WAIT, Terminal, start

env, term = test_repl.env, test_repl.term  # its fixtures, to use here by name

# Escape, then vi's S (substitute the line, as cc). emacs mode binds no Escape-S, so there Escape is
# ignored and S is typed, whatever the timing between the two keys.
VI_CHANGE_LINE = "\x1bS"
KEYWORD_SGR = re.compile(r"(\x1b\[[0-9;]*m)select")  # the attributes a typed `select` is drawn with
UNKNOWN_STYLE = 'dsqlsh: warning: unknown style "nosuch"; using the default (see https://pygments.org/styles/)\n'


def _run(t: Terminal, line: str) -> str:
    """Enter a line that ends the prompt; what it printed before the next prompt."""
    t.enter(line)
    return t.next_prompt(timeout=WAIT)


def test_vi_flag_edits_the_line_with_vi_commands(env):
    t = start(env, "--vi")
    try:
        t.type("select 'typo' as v")
        t.expect("select 'typo' as v", timeout=WAIT)
        t.type(VI_CHANGE_LINE)
        assert _run(t, "select 'fixed' as v;") == "   v   \n-------\n fixed\n(1 row)\n\n"
    finally:
        t.close()


def test_without_vi_the_same_keys_insert_text(term):
    term.type("select 'typo' as v")
    term.expect("select 'typo' as v", timeout=WAIT)
    term.type(VI_CHANGE_LINE)
    assert _run(term, "select 'fixed' as v;") == (
        "ERROR:  syntax error at or near \"'fixed'\"\n"
        "LINE 1: select 'typo' as vSselect 'fixed' as v;\n"
        "                                  ^\n"
    )


def _keyword_sgr(env: dict[str, str], *args: str) -> set[str]:
    """The escape sequences the terminal gets before a typed `select`, in a dsqlsh started with args."""
    t = start(env, *args)
    try:
        t.type("select 1 as n")
        t.expect("select 1 as n", timeout=WAIT)
        return set(KEYWORD_SGR.findall(t.raw))
    finally:
        t.close()


def test_style_flag_changes_the_colours_of_typed_sql(env):
    default = _keyword_sgr(env)
    monokai = _keyword_sgr(env, "--style", "monokai")
    assert default == {"\x1b[0;1m"}  # our default: keywords bold, in the terminal's own colour
    assert len(monokai) == 1 and COLOUR.fullmatch(next(iter(monokai)))  # monokai gives keywords a colour
    assert monokai != default


def test_unknown_style_warns_once_and_keeps_the_default(env):
    t = start(env, "--style", "nosuch")
    try:
        t.expect(PROMPT, timeout=WAIT)
        assert t.text[: t.seen].endswith('Type "\\?" for help.\n\n' + UNKNOWN_STYLE + PROMPT)  # before the prompt
        t.type("select 1 as n")
        t.expect("select 1 as n", timeout=WAIT)
        assert set(KEYWORD_SGR.findall(t.raw)) == {"\x1b[0;1m"}
        assert _run(t, ";") == " n \n---\n 1\n(1 row)\n\n"  # and no second warning before the next prompt
    finally:
        t.close()
