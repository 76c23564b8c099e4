"""Connections that survive what DSQL and networks do (issue 16): the stand-in closes idle sessions in each way a
server or a network can, and every statement must still arrive exactly once, on a fresh connection with a fresh token.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.dsql_standin import CLOSE_MODES, Drop
from tests.fix_dsql import client_env
from tests.support import Run

pytest_plugins = ("tests.fix_dsql",)

GAP = ["select 'one' as a;", "\\! sleep 1.0", "select 'two' as b;"]  # an idle gap longer than the server allows
WAYS = ["-c", "-f", "stdin"]


@pytest.fixture
def run(pg, home, tmp_path, fake_aws_env):
    def run(standin, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
        p = subprocess.run([sys.executable, "-m", "dsqlsh", *args], input=input, capture_output=True, text=True,
                           env={**client_env(pg, home, standin, fake_aws_env), **(env or {})}, cwd=tmp_path,
                           timeout=60)
        return Run(p.stdout, p.stderr, p.returncode)

    return run


@pytest.fixture
def run_way(run, tmp_path):
    """Run lines (statements and meta-commands) one way in: one -c each, a -f file, or piped to stdin."""
    def run_way(standin, way: str, lines: list[str], *flags: str, env: dict[str, str] | None = None) -> Run:
        text = "".join(line + "\n" for line in lines)
        if way == "-c":
            return run(standin, *flags, *[arg for line in lines for arg in ("-c", line)], env=env)
        if way == "-f":
            (tmp_path / "t.sql").write_text(text)
            return run(standin, *flags, "-f", "t.sql", env=env)
        return run(standin, *flags, input=text, env=env)

    return run_way


def _sent(standin, sql: str) -> int:
    return sum(1 for e in standin.events.of("query") if e["sql"] == sql)


def _connects(standin) -> int:
    return len(standin.events.of("connect", ok=True))


@pytest.mark.parametrize("mode", CLOSE_MODES)
@pytest.mark.parametrize("way", WAYS)
def test_an_idle_close_however_it_comes_is_outlived(run_way, make_dsql_standin, mode, way):
    """The server ends the session during the gap: the next statement goes, once, on a new connection with a
    fresh token, and the script ends with 0."""
    standin = make_dsql_standin(max_age=0.4, close_mode=mode, close_delay=1.5)
    r = run_way(standin, way, GAP, "-XAt", "-v", "ON_ERROR_STOP=1")
    assert (r.stdout, r.stderr, r.exit_code) == ("one\ntwo\n", "", 0)
    connects = standin.events.of("connect", ok=True)
    assert len(connects) == 2, connects
    assert connects[0]["token_sha256"] != connects[1]["token_sha256"]  # a fresh token for the new connection
    assert _sent(standin, "select 'one' as a;") == 1 and _sent(standin, "select 'two' as b;") == 1


TRANSACTION = ["begin;", "insert into fault_commit values (1);", "commit;", "select 'after' as c;"]


@pytest.mark.parametrize("when", ["after", "before"])
@pytest.mark.parametrize("way", WAYS)
def test_a_commit_sent_and_never_answered_is_reported_as_unknown(run_way, make_dsql_standin, pg, way, when):
    """Dropped after the server ran it or before: from the client's side the same silence, so the same words;
    the script stops as psql stops it and nothing after the COMMIT is sent."""
    pg.psql("create table if not exists fault_commit (id int)")
    standin = make_dsql_standin(drop=Drop("commit", 1, when))
    r = run_way(standin, way, TRANSACTION, "-X", "-q")
    assert r.exit_code == 2
    assert "The COMMIT was sent, but the connection closed before its answer came: whether the transaction was " \
           "committed is unknown." in r.stderr
    assert "rolled it back" not in r.stderr and "after" not in r.stdout
    assert _sent(standin, "commit;") == (1 if when == "after" else 0)  # "before": it arrived and was not run
    assert _sent(standin, "select 'after' as c;") == 0 and _connects(standin) == 1


@pytest.mark.parametrize("way", WAYS)
def test_a_transaction_lost_before_its_commit_is_said_to_be_rolled_back(run_way, make_dsql_standin, way):
    standin = make_dsql_standin(drop=Drop("select 'in txn'", 1, "before"))
    r = run_way(standin, way, ["begin;", "select 'in txn';", "commit;"], "-X", "-q")
    assert r.exit_code == 2
    assert "The open transaction is gone: the server rolled it back when the connection closed." in r.stderr
    assert "connection to server was lost" in r.stderr and _sent(standin, "commit;") == 0


@pytest.mark.parametrize("mode", CLOSE_MODES)
@pytest.mark.parametrize("way", WAYS)
def test_a_statement_lost_after_it_was_sent_is_never_replayed(run_way, make_dsql_standin, way, mode):
    """The session is killed mid-statement (with a FATAL, at once or a moment later, with EOF, or with a reset)."""
    standin = make_dsql_standin(drop=Drop("select 'lost'", 1, "after"), close_mode=mode, close_delay=0.5)
    r = run_way(standin, way, ["select 'lost' as x;", "select 'next' as y;"], "-X", "-A", "-t")
    assert r.exit_code == 2
    assert "connection to server was lost" in r.stderr and "Traceback" not in r.stderr
    assert "lost" not in r.stdout and "next" not in r.stdout  # psql stops a script at a lost connection
    assert _sent(standin, "select 'lost' as x;") == 1 and _sent(standin, "select 'next' as y;") == 0
    assert _connects(standin) == 1  # no reconnect, no replay


@pytest.mark.parametrize("way", WAYS)
def test_a_refused_reconnect_ends_a_script_with_a_clear_error_and_nothing_sent(run_way, make_dsql_standin, way):
    standin = make_dsql_standin(max_age=0.4, refuse=lambda attempt: attempt >= 2)
    r = run_way(standin, way, GAP, "-XAt")
    assert r.exit_code == 2 and r.stdout == "one\n"
    assert "Unable to accept connection, rate exceeded." in r.stderr
    assert "Traceback" not in r.stderr
    assert _sent(standin, "select 'two' as b;") == 0


@pytest.mark.parametrize("way", WAYS)
def test_a_server_that_never_answers_is_given_up_on_at_connect_timeout(run_way, make_dsql_standin, way):
    """Silent from the first connection (the second -c, line or statement is never reached)."""
    import time

    standin = make_dsql_standin(stall=True)
    started = time.monotonic()
    r = run_way(standin, way, ["select 1;"], "-X", env={"PGCONNECT_TIMEOUT": "2"})
    assert r.exit_code == 2 and "timeout expired" in r.stderr, r.stderr
    assert time.monotonic() - started < 30  # never a hang with no way out
    assert standin.events.of("stalled") and not standin.events.of("query")


@pytest.mark.parametrize("way", WAYS)
def test_a_reconnect_to_a_server_that_never_answers_is_given_up_on_at_connect_timeout(run_way, make_dsql_standin,
                                                                                        way):
    """The idle connection is closed and the new one is never answered: connect_timeout ends it, nothing sent."""
    standin = make_dsql_standin(max_age=0.4, stall=lambda n: n >= 2)
    r = run_way(standin, way, GAP, "-XAt", env={"PGCONNECT_TIMEOUT": "2"})
    assert (r.stdout, r.exit_code) == ("one\n", 2)
    assert "timeout expired" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert _sent(standin, "select 'two' as b;") == 0


@pytest.mark.parametrize("way", WAYS)
def test_a_slow_network_changes_nothing_but_time(run_way, make_dsql_standin, way):
    """Every answer 50 ms late: a transaction, a COPY of the script's own data (not for -c, which has no data
    lines) and an idle close run as ever."""
    standin = make_dsql_standin(delay=0.05, max_age=1.0)
    lines = ["drop table if exists slow_t;", "create table slow_t (id int primary key);",
             "begin;", "insert into slow_t values (1), (2);", "commit;"]
    if way != "-c":
        lines += ["copy slow_t from stdin;", "3", "4", "\\."]
    lines += ["select count(*) from slow_t;", "\\! sleep 1.2", "select 'done' as d;"]
    r = run_way(standin, way, lines, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1")
    assert (r.stdout, r.exit_code) == (("2" if way == "-c" else "4") + "\ndone\n", 0), r.stderr
    assert _sent(standin, "select 'done' as d;") == 1 and _connects(standin) >= 2  # closed at 1 s each time


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


def test_ctrl_c_ends_a_first_connect_to_a_server_that_never_answers(pg, home, tmp_path, make_dsql_standin,
                                                                    fake_aws_env):
    """No connect_timeout and a silent server: Ctrl-C ends dsqlsh at once, quietly, by the signal, as it ends psql
    (which has no Ctrl-C handler of its own until it is connected)."""
    import signal
    import time

    standin = make_dsql_standin(stall=True)
    child = subprocess.Popen([sys.executable, "-m", "dsqlsh", "-X", "-c", "select 1"], cwd=tmp_path, text=True,
                             env=client_env(pg, home, standin, fake_aws_env), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        standin.events.wait("stalled", timeout=30)
        time.sleep(0.3)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=10)
    finally:
        child.kill()
    assert (out, err, child.returncode) == ("", "", -signal.SIGINT)
