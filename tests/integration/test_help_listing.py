"""\\? lists psql 18's commands in psql's groups and order, with psql's lines: every line psql prints for a
command dsqlsh has is printed the same, in the same order; dsqlsh's own commands come after psql's."""

from __future__ import annotations

import re

import pytest


def _groups(text: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line and not line.startswith(" "):
            current = groups.setdefault(line, [])
        elif line:
            current.append(line)
    return groups


@pytest.mark.parametrize("args", [("-X", "-c", "\\?"), ("--help=commands",)])
def test_backslash_question_mark_follows_psql(psql, dsqlsh, args):
    """Every line psql 18 prints is there, in psql's order (the program's name aside); dsqlsh's own commands
    come after psql's in a group, or in the DSQL group."""
    theirs = _groups(psql(*args).stdout.replace("psql", "dsqlsh"))
    mine = _groups(dsqlsh(*args).stdout)
    assert list(mine)[:len(theirs)] == list(theirs)
    for group, lines in theirs.items():
        assert [line for line in mine[group] if line in lines] == lines, group


def test_help_options_prints_the_usage_as_help_flag_does(dsqlsh):
    usage = dsqlsh("--help").stdout
    assert usage.startswith("dsqlsh is the terminal SQL shell")
    assert dsqlsh("-X", "-c", "\\? options").stdout == usage
    assert dsqlsh("-X", "-c", "\\? o").stdout == usage


def _entries(text: str) -> set[str]:
    """The names a variables list describes (lines "  NAME" or "  NAME, OTHER")."""
    return {name for line in text.splitlines() if re.fullmatch(r"  [A-Za-z][A-Za-z_0-9, ]*", line)
            for name in line.strip().split(", ")}


def test_help_variables_lists_every_special_variable(psql, dsqlsh):
    """\\? variables and --help=variables: psql's layout, every name psql describes but PSQL_WATCH_PAGER (no
    \\watch pager here yet) and PSQL_HISTORY (the history file is HISTFILE), every variable dsqlsh gives a
    default, and dsqlsh's own."""
    from dsqlsh.variables import DEFAULTS

    text = dsqlsh("--help=variables").stdout
    assert text.startswith("List of specially treated variables\n")
    assert dsqlsh("-X", "-c", "\\? variables").stdout == text
    mine = _entries(text)
    theirs = _entries(psql("-X", "--help=variables").stdout)
    assert theirs - mine == {"PSQL_WATCH_PAGER", "PSQL_HISTORY"}
    assert set(DEFAULTS) <= mine
    assert {"DSQL_CHECK", "COPY_JOBS", "OCC_RETRY", "BATCH_RESUME_KEY"} <= mine
