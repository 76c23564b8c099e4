"""History: where it lives, what it refuses to keep, and the file's mode."""

import stat

import pytest

from dsqlsh.repl.history import ShellHistory, holds_secret, should_keep
from dsqlsh.repl.history_file import history_path, is_foreign


@pytest.mark.parametrize("text", [
    "\\password",
    "\\password app",
    "ALTER ROLE app PASSWORD 'hunter2'",
    "create user bob with\n  encrypted password 'x';",
    "\\c host=db user=bob password=hunter2",
    "\\c postgresql://bob:hunter2@db/shop",
    "select 'abc.dsql.us-east-1.on.aws/?Action=DbConnectAdmin&X-Amz-Signature=deadbeef'",
    "\\set db_password hunter2",
    "\\setenv PGPASSWORD hunter2",
    "\\setenv AWS_SECRET_ACCESS_KEY abc",
    "\\set token abc",
    "-- AKIAIOSFODNN7EXAMPLE",
])
def test_secrets_are_recognised(text):
    assert holds_secret(text)


@pytest.mark.parametrize("text", [
    "select * from users where password_changed > now()",
    "\\set ON_ERROR_STOP on",
    "create table roles (id int)",
    "\\c postgresql://bob@db/shop",
])
def test_ordinary_lines_are_not_secrets(text):
    assert not holds_secret(text)


def test_histcontrol():
    assert should_keep("select 1", "none", None)
    assert not should_keep(" select 1", "ignorespace", None)
    assert should_keep(" select 1", "none", None)
    assert not should_keep("select 1", "ignoredups", "select 1")
    assert not should_keep(" x", "ignoreboth", None) and not should_keep("x", "ignoreboth", "x")
    assert not should_keep("   ", "none", None)


def test_history_path(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert history_path(None, {}) == tmp_path / ".local/state/dsqlsh/history"
    assert history_path(None, {"XDG_STATE_HOME": "/var/state"}).as_posix() == "/var/state/dsqlsh/history"
    assert history_path(None, {"XDG_STATE_HOME": "relative"}) == tmp_path / ".local/state/dsqlsh/history"
    assert history_path("~/h", {}) == tmp_path / "h"


def test_file_is_0600_and_holds_no_secret(tmp_path):
    path = tmp_path / "state" / "dsqlsh" / "history"
    history = ShellHistory(path, lambda: "ignorespace")
    for line in ["select 1;", " select 'private';", "alter role app password 'hunter2';", "select\n2;"]:
        history.append_string(line)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text()
    assert "+select 1;" in text and "+select\n+2;" in text
    assert "private" not in text and "hunter2" not in text
    assert history.get_strings() == ["select 1;", "select\n2;"]
    assert list(ShellHistory(path, lambda: "none").load_history_strings()) == ["select\n2;", "select 1;"]


def test_psql_readline_history_is_foreign(tmp_path):
    psql = tmp_path / "psql_history"
    psql.write_text("select 1;\n")
    ours = tmp_path / "ours"
    ShellHistory(ours, lambda: "none").append_string("select 1;")
    assert is_foreign(psql) and not is_foreign(ours) and not is_foreign(tmp_path / "missing")
