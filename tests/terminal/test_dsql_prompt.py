"""In a real terminal the prompt always shows the role, and admin cannot be missed."""

from __future__ import annotations

import sys

import pexpect
import pytest

from tests.dsql_standin import CLOSE_MODES
from tests.fix_dsql import client_env

pytest_plugins = ("tests.fix_dsql",)

WAIT = 30  # seconds for each pexpect wait: generous, as CI has two slow cores


def _spawn(env: dict[str, str]) -> pexpect.spawn:
    """dsqlsh -X in a plain (dumb) terminal of 24 x 100, the pager cat."""
    env = {**env, "TERM": "dumb", "PROMPT_TOOLKIT_NO_CPR": "1", "PAGER": "cat"}
    return pexpect.spawn(sys.executable, ["-m", "dsqlsh", "-X"], env=env, encoding="utf-8", timeout=WAIT,
                         dimensions=(24, 100))


def test_prompt_shows_role_through_a_switch(pg, home, dsql_standin, fake_aws_env):
    env = client_env(pg, home, dsql_standin, fake_aws_env)
    child = _spawn(env)
    try:
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("\\role app")
        child.expect_exact('You are now connected as role "app" (DbConnect token).', timeout=WAIT)
        child.expect_exact("app@abcdefgh/postgres=> ", timeout=WAIT)
        child.sendline("begin;")
        child.expect_exact("app@abcdefgh/postgres=*> ", timeout=WAIT)
        child.sendline("rollback;")
        child.expect_exact("app@abcdefgh/postgres=> ", timeout=WAIT)
        child.sendline("\\q")
        child.expect(pexpect.EOF, timeout=WAIT)
    except pexpect.TIMEOUT:
        raise AssertionError(f"expected prompt not seen; screen was:\n{child.before}") from None
    finally:
        child.close()
    assert child.exitstatus == 0


@pytest.mark.parametrize("mode", CLOSE_MODES)
def test_the_statement_typed_after_an_idle_close_runs_once_on_a_fresh_connection(pg, home, make_dsql_standin,
                                                                                  fake_aws_env, mode):
    """The server closes the session while the shell waits at its prompt: with a FATAL goodbye (the close at once
    or a moment later), with EOF, or with a TCP reset."""
    import time

    standin = make_dsql_standin(max_age=0.5, close_mode=mode, close_delay=3.0)
    env = client_env(pg, home, standin, fake_aws_env)
    child = _spawn(env)
    try:
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("select 'one' as a;")
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        standin.events.wait("close", timeout=WAIT)
        time.sleep(0.3)
        child.sendline("select 'two' as b;")
        child.expect_exact("Reconnected with a fresh token: the server closed the idle connection.", timeout=WAIT)
        child.expect_exact(" two\r\n(1 row)", timeout=WAIT)
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("\\q")
        child.expect(pexpect.EOF, timeout=WAIT)
    except pexpect.TIMEOUT:
        raise AssertionError(f"expected text not seen; screen was:\n{child.before}") from None
    finally:
        child.close()
    assert child.exitstatus == 0
    queries = standin.events.of("query")
    ones = [e for e in queries if e["sql"] == "select 'one' as a;"]
    twos = [e for e in queries if e["sql"] == "select 'two' as b;"]
    assert len(ones) == 1 and len(twos) == 1 and ones[0]["session"] != twos[0]["session"]


def test_a_statement_lost_after_sending_is_not_replayed_and_the_shell_resets(pg, home, make_dsql_standin,
                                                                             fake_aws_env):
    """psql's words for the reset, then DSQL's own line; the lost statement ran at most once, never again."""
    dropped: list[bool] = []

    def drop(sql: str) -> str | None:
        if sql.startswith("select 'lost'") and not dropped:
            dropped.append(True)
            return "after"
        return None

    standin = make_dsql_standin(drop=drop)
    env = client_env(pg, home, standin, fake_aws_env)
    child = _spawn(env)
    try:
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("select 'lost' as x;")
        child.expect_exact("The connection to the server was lost. Attempting reset: Succeeded.", timeout=WAIT)
        child.expect_exact("The new connection has a fresh IAM token. Nothing was sent again", timeout=WAIT)
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("select 'next' as y;")
        child.expect_exact(" next\r\n(1 row)", timeout=WAIT)
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("\\q")
        child.expect(pexpect.EOF, timeout=WAIT)
    except pexpect.TIMEOUT:
        raise AssertionError(f"expected text not seen; screen was:\n{child.before}") from None
    finally:
        child.close()
    assert child.exitstatus == 0
    sent = [e["sql"] for e in standin.events.of("query")]
    assert sent.count("select 'lost' as x;") == 1 and sent.count("select 'next' as y;") == 1


def test_a_refused_reconnect_keeps_the_shell_running(pg, home, make_dsql_standin, fake_aws_env):
    """DSQL refuses the new connection for a while: a clear line, nothing sent, the prompt back; later it works."""
    refusing = {"now": False}
    standin = make_dsql_standin(max_age=0.5, refuse=lambda attempt: refusing["now"])
    env = client_env(pg, home, standin, fake_aws_env)
    child = _spawn(env)
    try:
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        refusing["now"] = True
        standin.events.wait("close", timeout=WAIT)
        child.sendline("select 'two' as b;")
        child.expect_exact("could not reconnect: ", timeout=WAIT)
        child.expect_exact("rate exceeded.", timeout=WAIT)
        child.expect_exact("Nothing was sent.", timeout=WAIT)
        child.expect_exact("?> ", timeout=WAIT)  # the prompt of a broken connection, as psql shows it
        refusing["now"] = False
        child.sendline("select 'two' as b;")
        child.expect_exact(" two\r\n(1 row)", timeout=WAIT)
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("\\q")
        child.expect(pexpect.EOF, timeout=WAIT)
    except pexpect.TIMEOUT:
        raise AssertionError(f"expected text not seen; screen was:\n{child.before}") from None
    finally:
        child.close()
    assert child.exitstatus == 0
    assert [e["sql"] for e in standin.events.of("query")].count("select 'two' as b;") == 1


def test_ctrl_c_gets_the_prompt_back_from_a_server_that_stopped_answering(pg, home, make_dsql_standin,
                                                                           fake_aws_env):
    """The statement is taken and never answered: Ctrl-C sends a cancel request; a second Ctrl-C a while later
    gives the connection up; the shell resets and goes on. The statement is never sent again."""
    import time

    standin = make_dsql_standin(drop=lambda sql: "stall" if sql.startswith("select 'stuck'") else None)
    env = client_env(pg, home, standin, fake_aws_env)
    child = _spawn(env)
    try:
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("select 'stuck' as s;")
        standin.events.wait("stalled", timeout=WAIT)
        child.sendintr()
        child.expect_exact("Cancel request sent", timeout=WAIT)
        time.sleep(2.5)
        child.sendintr()
        child.expect_exact("the connection was given up", timeout=WAIT)
        child.expect_exact("Attempting reset: Succeeded.", timeout=WAIT)
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("select 'after' as a;")
        child.expect_exact(" after\r\n(1 row)", timeout=WAIT)
        child.sendline("\\q")
        child.expect(pexpect.EOF, timeout=WAIT)
    except pexpect.TIMEOUT:
        raise AssertionError(f"expected text not seen; screen was:\n{child.before}") from None
    finally:
        child.close()
    assert child.exitstatus == 0
    assert len(standin.events.of("stalled")) == 1  # taken once (and never run); not sent again
    assert "select 'stuck' as s;" not in [e["sql"] for e in standin.events.of("query")]


@pytest.mark.parametrize("answer", ["y", ""])
def test_an_occ_conflict_at_commit_offers_to_run_the_transaction_again(pg, home, dsql_standin, fake_aws_env,
                                                                        answer):
    """DSQL rolls the transaction back at COMMIT (40001, OC000): its statements are shown and run again only after
    a yes; the second time it commits, and the row is there once."""
    pg.psql("drop table if exists occ_t; drop sequence if exists occ_commits; create sequence occ_commits;"
            "create table occ_t (id int primary key);"
            "create or replace function occ_at_commit() returns trigger language plpgsql as $$ begin "
            "if nextval('occ_commits') < 2 then raise exception using errcode = '40001', "
            "message = 'change conflicts with another transaction, please retry: (OC000)'; end if; "
            "return null; end $$;"
            "create constraint trigger occ_at_commit after insert on occ_t deferrable initially deferred "
            "for each row execute function occ_at_commit();"
            "grant all on occ_t to public; grant usage on sequence occ_commits to public")
    env = client_env(pg, home, dsql_standin, fake_aws_env)
    child = _spawn(env)
    try:
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        import io
        child.logfile_read = log = io.StringIO()
        child.sendline("begin;")
        child.expect_exact("ADMIN@abcdefgh/postgres=*# ", timeout=WAIT)
        child.sendline("insert into occ_t values (1);")
        child.expect_exact("ADMIN@abcdefgh/postgres=*# ", timeout=WAIT)
        child.sendline("commit;")
        child.expect_exact("OCC conflict (OC000): another transaction changed the same rows", timeout=WAIT)
        child.expect_exact("Its statements were:\r\n  begin;\r\n  insert into occ_t values (1);\r\n  commit;",
                           timeout=WAIT)
        child.expect_exact("Run them again now? [y/N]", timeout=WAIT)
        child.sendline(answer)
        if answer:
            child.expect_exact("COMMIT", timeout=WAIT)
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("\\q")
        child.expect(pexpect.EOF, timeout=WAIT)
    except pexpect.TIMEOUT:
        raise AssertionError(f"expected text not seen; log was:\n{log.getvalue()}") from None
    finally:
        child.close()
    assert child.exitstatus == 0
    rows = "1" if answer else "0"  # run again only after a yes
    assert pg.psql("select count(*) from occ_t").split() == ["count", "-------", rows, "(1", "row)"]
    assert [e["sql"] for e in dsql_standin.events.of("query")].count("commit;") == (2 if answer else 1)
