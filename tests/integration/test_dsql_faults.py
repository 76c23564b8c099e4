"""Connections that survive what DSQL and networks do (issue 16): the stand-in closes idle sessions in each way a
server or a network can, and every statement must still arrive exactly once, on a fresh connection with a fresh token.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.dsql_standin import CLOSE_MODES
from tests.fix_dsql import client_env
from tests.support import Run

pytest_plugins = ("tests.fix_dsql",)

SCRIPT = "select 'one' as a;\n\\! sleep 1.0\nselect 'two' as b;\n"


@pytest.fixture
def run(pg, home, tmp_path, fake_aws_env):
    def run(standin, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
        p = subprocess.run([sys.executable, "-m", "dsqlsh", *args], input=input, capture_output=True, text=True,
                           env={**client_env(pg, home, standin, fake_aws_env), **(env or {})}, cwd=tmp_path,
                           timeout=60)
        return Run(p.stdout, p.stderr, p.returncode)

    return run


def _sent(standin, sql: str) -> int:
    return sum(1 for e in standin.events.of("query") if e["sql"] == sql)


def _assert_reconnected_once(standin) -> None:
    connects = [e for e in standin.events.of("connect") if e["ok"]]
    assert len(connects) == 2, connects
    assert connects[0]["token_sha256"] != connects[1]["token_sha256"]  # a fresh token for the new connection
    assert _sent(standin, "select 'one' as a;") == 1 and _sent(standin, "select 'two' as b;") == 1


@pytest.mark.parametrize("mode", CLOSE_MODES)
@pytest.mark.parametrize("way", ["-f", "stdin"])
def test_a_script_outlives_an_idle_close_however_it_comes(run, make_dsql_standin, tmp_path, mode, way):
    standin = make_dsql_standin(max_age=0.4, close_mode=mode, close_delay=1.5)
    (tmp_path / "gap.sql").write_text(SCRIPT)
    args = ["-XAt", "-v", "ON_ERROR_STOP=1"] + (["-f", "gap.sql"] if way == "-f" else [])
    r = run(standin, *args, input=SCRIPT if way == "stdin" else None)
    assert (r.stdout, r.stderr, r.exit_code) == ("one\ntwo\n", "", 0)
    _assert_reconnected_once(standin)


@pytest.mark.parametrize("mode", CLOSE_MODES)
def test_c_commands_outlive_an_idle_close_between_them(run, make_dsql_standin, mode):
    standin = make_dsql_standin(max_age=0.4, close_mode=mode, close_delay=1.5)
    r = run(standin, "-XAt", "-c", "select 'one' as a;", "-c", "\\! sleep 1.0", "-c", "select 'two' as b;")
    assert (r.stdout, r.stderr, r.exit_code) == ("one\ntwo\n", "", 0)
    _assert_reconnected_once(standin)


def _drop_at(prefix: str, when: str):
    """A stand-in drop hook: end the session at the first query starting with prefix, before or after running it."""
    done: list[bool] = []

    def hook(sql: str) -> str | None:
        if sql.lower().startswith(prefix) and not done:
            done.append(True)
            return when
        return None

    return hook


def test_a_commit_sent_and_never_answered_is_reported_as_unknown(run, make_dsql_standin, pg, tmp_path):
    pg.psql("create table if not exists fault_commit (id int)")
    standin = make_dsql_standin(drop=_drop_at("commit", "after"))
    (tmp_path / "t.sql").write_text("begin;\ninsert into fault_commit values (1);\ncommit;\nselect 'after' as c;\n")
    r = run(standin, "-X", "-q", "-f", "t.sql")
    assert r.exit_code == 2
    assert "The COMMIT was sent, but the connection closed before its answer came: whether the transaction was " \
           "committed is unknown." in r.stderr
    assert "rolled it back" not in r.stderr and "after" not in r.stdout
    assert _sent(standin, "commit;") == 1 and _sent(standin, "select 'after' as c;") == 0


def test_a_commit_lost_on_its_way_is_unknown_too(run, make_dsql_standin, tmp_path):
    """Dropped before the server ran it: from the client's side the same silence, so the same words."""
    standin = make_dsql_standin(drop=_drop_at("commit", "before"))
    (tmp_path / "t.sql").write_text("begin;\nselect 1;\ncommit;\n")
    r = run(standin, "-X", "-q", "-f", "t.sql")
    assert r.exit_code == 2
    assert "whether the transaction was committed is unknown" in r.stderr and "rolled it back" not in r.stderr


def test_a_transaction_lost_before_its_commit_is_said_to_be_rolled_back(run, make_dsql_standin, tmp_path):
    standin = make_dsql_standin(drop=_drop_at("select 'in txn'", "before"))
    (tmp_path / "t.sql").write_text("begin;\nselect 'in txn';\ncommit;\n")
    r = run(standin, "-X", "-q", "-f", "t.sql")
    assert r.exit_code == 2
    assert "The open transaction is gone: the server rolled it back when the connection closed." in r.stderr
    assert "connection to server was lost" in r.stderr and _sent(standin, "commit;") == 0


@pytest.mark.parametrize("way", ["-c", "-f", "stdin"])
def test_a_statement_lost_after_it_was_sent_is_never_replayed(run, make_dsql_standin, tmp_path, way):
    standin = make_dsql_standin(drop=_drop_at("select 'lost'", "after"))
    sql = "select 'lost' as x;"
    (tmp_path / "t.sql").write_text(sql + "\nselect 'next' as y;\n")
    args = {"-c": ["-c", sql], "-f": ["-f", "t.sql"], "stdin": []}[way]
    r = run(standin, "-X", "-A", "-t", *args, input=(sql + "\nselect 'next' as y;\n") if way == "stdin" else None)
    assert r.exit_code == 2
    assert "connection to server was lost" in r.stderr
    assert "lost" not in r.stdout and "next" not in r.stdout  # psql stops a script at a lost connection
    assert _sent(standin, sql) == 1 and _sent(standin, "select 'next' as y;") == 0
    assert len([e for e in standin.events.of("connect") if e["ok"]]) == 1  # no reconnect, no replay


def test_a_refused_reconnect_ends_a_script_with_a_clear_error_and_nothing_sent(run, make_dsql_standin, tmp_path):
    standin = make_dsql_standin(max_age=0.4, refuse=lambda attempt: attempt >= 2)
    (tmp_path / "gap.sql").write_text(SCRIPT)
    r = run(standin, "-XAt", "-f", "gap.sql")
    assert r.exit_code == 2 and r.stdout == "one\n"
    assert "Unable to accept connection, rate exceeded." in r.stderr
    assert "Traceback" not in r.stderr
    assert _sent(standin, "select 'two' as b;") == 0


def test_a_server_that_never_answers_is_given_up_on_at_connect_timeout(run, make_dsql_standin):
    import time

    standin = make_dsql_standin(stall=True)
    started = time.monotonic()
    r = run(standin, "-X", "-c", "select 1", env={"PGCONNECT_TIMEOUT": "2"})
    assert r.exit_code == 2 and "timeout expired" in r.stderr, r.stderr
    assert time.monotonic() - started < 30  # never a hang with no way out
    assert standin.events.of("stalled")


def test_a_slow_network_changes_nothing_but_time(run, make_dsql_standin, tmp_path):
    """Every answer 50 ms late: a script with a transaction, a COPY of its own data and an idle close runs as ever."""
    standin = make_dsql_standin(delay=0.05, max_age=1.0)
    script = ("drop table if exists slow_t;\ncreate table slow_t (id int primary key);\n"
              "begin;\ninsert into slow_t values (1), (2);\ncommit;\n"
              "copy slow_t from stdin;\n3\n4\n\\.\nselect count(*) from slow_t;\n\\! sleep 1.2\nselect 'done' as d;\n")
    r = run(standin, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", input=script)
    assert (r.stdout, r.exit_code) == ("4\ndone\n", 0), r.stderr
    assert _sent(standin, "select 'done' as d;") == 1


def test_a_reader_that_goes_away_ends_dsqlsh_quietly_as_psql(pg, home, tmp_path):
    """`dsqlsh -c ... | head -1`: no traceback, and the exit status psql has in the same pipe."""
    from tests.pgserver import bin_dir
    from tests.support import clean_env

    env = clean_env(pg, home)
    query = "select g from generate_series(1, 200000) g"
    statuses = {}
    for name, program in (("psql", str(bin_dir() / "psql")), ("dsqlsh", f"{sys.executable} -m dsqlsh")):
        done = subprocess.run(["bash", "-c", f'{program} -X -A -t -c "{query}" | head -1; '
                                             'echo "status=${PIPESTATUS[0]}" >&2'],
                              env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.stdout == "1\n"
        statuses[name] = done.stderr
    assert "Traceback" not in statuses["dsqlsh"]
    assert statuses["dsqlsh"].splitlines()[-1] == statuses["psql"].splitlines()[-1]
