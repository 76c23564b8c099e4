"""The command line read as psql reads it (getopt_long), checked against the embedded psql 18.

Every case here fails or ends before a connection is made, so no server is needed: the two programs must print
the same words (program name aside) and end with the same status. Abbreviations here are ones no dsqlsh option
shares: where one does, dsqlsh's list of possibilities is longer than psql's, which is right.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dsqlsh.cli import parse_args
from dsqlsh.config import Action, Settings
from tests.pgserver import bin_dir

ROOT = Path(__file__).resolve().parents[2]

REFUSED = [
    ["-k"], ["-Xk"], ["--foo"], ["--foo=bar"], ["-c"], ["-X", "-f"], ["--command"], ["--file"], ["-v"],
    ["--echo-"], ["--e"], ["--no-"], ["--h"], ["--no-psqlrc=1"], ["-q", "--quiet=x"], ["--csv=1"], ["--se"],
    ["--help=foo"], ["--help=foo", "-k"], ["-X?"], ["-?X"], ["-k", "--help"], ["db", "user", "-k"],
]


def _run(program: str, path: str, args: list[str]) -> tuple[str, str, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([program, *args], executable=path, capture_output=True, text=True, env=env, timeout=60,
                          stdin=subprocess.DEVNULL)
    said = done.stderr.replace(f"{program}:", "PROGRAM:").replace(f'"{program} --help"', '"PROGRAM --help"')
    return done.stdout, said, done.returncode


def _both(args: list[str]) -> tuple[tuple[str, str, int], tuple[str, str, int]]:
    """(psql's stdout, stderr, status), then dsqlsh's."""
    return _run("psql", str(bin_dir() / "psql"), args), _run("dsqlsh", sys.executable, ["-m", "dsqlsh", *args])


@pytest.mark.parametrize("args", REFUSED, ids=" ".join)
def test_refused_as_psql_refuses(args: list[str]) -> None:
    psql, ours = _both(args)
    assert ours == psql


@pytest.mark.parametrize("args", [["-V", "-k"], ["-X", "--version", "--foo"], ["-?", "-k"], ["--help", "--nope"]],
                         ids=" ".join)
def test_help_and_version_end_the_reading(args: list[str]) -> None:
    psql, ours = _both(args)
    assert (ours[1], ours[2]) == (psql[1], psql[2]) == ("", 0)
    assert ours[0].startswith("dsqlsh") and psql[0].startswith("psql")


def _settings(*args: str) -> Settings:
    settings = parse_args(list(args))
    assert isinstance(settings, Settings)
    return settings


def test_an_argument_is_the_next_word_whatever_it_looks_like() -> None:
    assert _settings("-c", "-1").actions == (Action("command", "-1"),)
    assert _settings("--command", "--list").actions == (Action("command", "--list"),)
    assert _settings("-cselect 1", "--file=x.sql", "-f-").actions == (
        Action("command", "select 1"), Action("file", "x.sql"), Action("file", "-"))


def test_flags_cluster_and_keep_their_order() -> None:
    settings = _settings("-XAtx", "-P", "border=2", "--csv", "-F;")
    assert settings.no_psqlrc
    assert settings.psets == (("format", "unaligned"), ("tuples_only", "on"), ("expanded", "on"), ("border", "2"),
                              ("format", "csv"), ("fieldsep", ";"))


def test_options_may_follow_the_database_and_user() -> None:
    settings = _settings("mydb", "-X", "me", "-v", "A=1", "--set=B", "--variable", "C=3")
    assert (settings.dbname, settings.user, settings.no_psqlrc) == ("mydb", "me", True)
    assert settings.variables == (("A", "1"), ("B", None), ("C", "3"))


def test_double_dash_ends_the_options() -> None:
    settings = _settings("-X", "--", "-d", "-")
    assert (settings.dbname, settings.user) == ("-d", "-")
