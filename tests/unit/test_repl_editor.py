"""Highlighting, colour and editing-mode choices, without a terminal."""

from pygments.token import Keyword, Name

from dsqlsh.repl.highlight import colour_wanted, make_style
from dsqlsh.repl.loop import _editing_mode, _inputrc_says_vi
from dsqlsh.repl.sql_lexer import DsqlLexer


def _tokens(text):
    return [(t, v) for t, v in DsqlLexer().get_tokens(text) if v.strip()]


def test_dsql_words_and_backslash_commands_are_highlighted():
    tokens = _tokens("create index async i on t (a); \\dt+ public.*")
    assert (Keyword, "async") in tokens and (Keyword, "create") in tokens
    assert (Name.Builtin.Pseudo, "\\dt+") in tokens


def test_no_color_and_dumb_terminals_get_no_colour():
    assert colour_wanted({"TERM": "xterm-256color"})
    assert not colour_wanted({"TERM": "xterm", "NO_COLOR": "1"})
    assert colour_wanted({"TERM": "xterm", "NO_COLOR": ""})  # no-color.org: set and not empty
    assert not colour_wanted({"TERM": "dumb"})
    plain = make_style(None, colour=False)
    assert all("ansi" not in style for _, style in plain.style_rules)


def test_unknown_style_name_falls_back_to_the_default():
    assert make_style("no-such-style", colour=True).style_rules == make_style(None, colour=True).style_rules
    assert len(make_style("monokai", colour=True).style_rules) > len(make_style(None, colour=True).style_rules)


def test_vi_mode_from_variable_or_inputrc(tmp_path, monkeypatch):
    inputrc = tmp_path / "inputrc"
    inputrc.write_text("set bell-style none\nset editing-mode vi\n")
    monkeypatch.setenv("INPUTRC", str(inputrc))
    assert _inputrc_says_vi()
    assert _editing_mode(None, True).value == "VI"
    assert _editing_mode("emacs", True).value == "EMACS"
    assert _editing_mode("vi", False).value == "VI"
    inputrc.write_text("set editing-mode emacs\n")
    assert not _inputrc_says_vi()
