"""In a real terminal the prompt always shows the role, and admin cannot be missed; and the shell survives what
DSQL and networks do to its connection (issue 16's fault matrix, the REPL column)."""

from __future__ import annotations

import time

import pytest

from tests.dsql_standin import CLOSE_MODES, Drop
from tests.fix_dsql import client_env
from tests.terminal.dsql_shell import WAIT, dsql_shell

pytest_plugins = ("tests.fix_dsql",)

ADMIN = "ADMIN@abcdefgh/postgres=# "


def _shell(env: dict[str, str]):
    return dsql_shell(env, ADMIN)


def _sent(standin, sql: str) -> int:
    return [e["sql"] for e in standin.events.of("query")].count(sql)


def test_prompt_shows_role_through_a_switch(pg, home, dsql_standin, fake_aws_env):
    with _shell(client_env(pg, home, dsql_standin, fake_aws_env)) as child:
        child.sendline("\\role app")
        child.expect_exact('You are now connected as role "app" (DbConnect token).')
        child.expect_exact("app@abcdefgh/postgres=> ")
        child.sendline("begin;")
        child.expect_exact("app@abcdefgh/postgres=*> ")
        child.sendline("rollback;")
        child.expect_exact("app@abcdefgh/postgres=> ")


@pytest.mark.parametrize("mode", CLOSE_MODES)
def test_the_statement_typed_after_an_idle_close_runs_once_on_a_fresh_connection(pg, home, make_dsql_standin,
                                                                                  fake_aws_env, mode):
    """The server closes the session while the shell waits at its prompt: with a FATAL goodbye (the close at once
    or a moment later), with EOF, or with a TCP reset."""
    standin = make_dsql_standin(max_age=0.5, close_mode=mode, close_delay=3.0)
    with _shell(client_env(pg, home, standin, fake_aws_env)) as child:
        child.sendline("select 'one' as a;")
        child.expect_exact(ADMIN)
        standin.events.wait("close", why="max_age", timeout=WAIT)  # not the completion refresh's session
        time.sleep(0.3)
        child.sendline("select 'two' as b;")
        child.expect_exact("Reconnected with a fresh token: the server closed the idle connection.")
        child.expect_exact(" two\r\n(1 row)")
        child.expect_exact(ADMIN)
    queries = standin.events.of("query")
    ones = [e for e in queries if e["sql"] == "select 'one' as a;"]
    twos = [e for e in queries if e["sql"] == "select 'two' as b;"]
    assert len(ones) == 1 and len(twos) == 1 and ones[0]["session"] != twos[0]["session"]


@pytest.mark.parametrize("mode", CLOSE_MODES)
def test_a_statement_lost_after_sending_is_not_replayed_and_the_shell_resets(pg, home, make_dsql_standin,
                                                                             fake_aws_env, mode):
    """The session is killed mid-statement (a FATAL, at once or a moment later; EOF; a reset): psql's words for the
    reset, then DSQL's own line; the lost statement ran at most once, never again."""
    standin = make_dsql_standin(drop=Drop("select 'lost'", 1, "after"), close_mode=mode, close_delay=0.5)
    with _shell(client_env(pg, home, standin, fake_aws_env)) as child:
        child.sendline("select 'lost' as x;")
        child.expect_exact("The connection to the server was lost. Attempting reset: Succeeded.")
        child.expect_exact("The new connection has a fresh IAM token. Nothing was sent again")
        child.expect_exact(ADMIN)
        child.sendline("select 'next' as y;")
        child.expect_exact(" next\r\n(1 row)")
        child.expect_exact(ADMIN)
    assert _sent(standin, "select 'lost' as x;") == 1 and _sent(standin, "select 'next' as y;") == 1


def test_a_transaction_lost_with_its_connection_is_said_to_be_gone(pg, home, make_dsql_standin, fake_aws_env):
    """Inside BEGIN: the reset says the server rolled the transaction back, the prompt shows no transaction, and
    the COMMIT typed next is not taken for the old one."""
    standin = make_dsql_standin(drop=Drop("select 'in txn'", 1, "before"))
    with _shell(client_env(pg, home, standin, fake_aws_env)) as child:
        child.sendline("begin;")
        child.expect_exact("ADMIN@abcdefgh/postgres=*# ")
        child.sendline("select 'in txn';")
        child.expect_exact("The open transaction is gone: the server rolled it back when the connection closed.")
        child.expect_exact("Attempting reset: Succeeded.")
        child.expect_exact(ADMIN)
        child.sendline("commit;")
        child.expect_exact("WARNING:  there is no transaction in progress")
        child.expect_exact(ADMIN)
    assert _sent(standin, "commit;") == 1


def test_a_commit_never_answered_is_unknown_and_the_shell_goes_on(pg, home, make_dsql_standin, fake_aws_env):
    pg.psql("create table if not exists fault_commit_repl (id int)")
    standin = make_dsql_standin(drop=Drop("commit", 1, "after"))
    with _shell(client_env(pg, home, standin, fake_aws_env)) as child:
        child.sendline("begin;")
        child.sendline("insert into fault_commit_repl values (1);")
        child.expect_exact("INSERT 0 1")
        child.sendline("commit;")
        child.expect_exact("whether the transaction was committed is unknown.")
        child.expect_exact("Attempting reset: Succeeded.")
        child.expect_exact(ADMIN)
        child.sendline("select count(*) as n from fault_commit_repl;")
        child.expect_exact("(1 row)")
    assert _sent(standin, "commit;") == 1  # never sent again
    assert "rolled it back" not in child.before


def test_copy_lost_at_a_commit_says_what_is_unknown_and_resumes_exactly(pg, home, make_dsql_standin, fake_aws_env,
                                                                         tmp_path):
    """\\copy at the prompt, the third batch's COMMIT unanswered: the load stops with what is committed, what is
    unknown and the resume row; the shell keeps its prompt, and resuming loads every row once."""
    pg.psql("drop table if exists copy_repl; create table copy_repl (id int primary key, s text)")
    (tmp_path / "rows.csv").write_text("".join(f"{i},row {i}\n" for i in range(1, 5001)))
    standin = make_dsql_standin(drop=Drop("commit", 3, "after"))
    with _shell(client_env(pg, home, standin, fake_aws_env)) as child:
        child.sendline("\\set COPY_JOBS 1")
        child.expect_exact(ADMIN)
        child.sendline(f"\\copy copy_repl from '{tmp_path}/rows.csv' csv")
        child.expect_exact("\\copy stopped: the connection closed while data rows 2001 to 3000 were being "
                           "committed, so whether they are is unknown.")
        child.expect_exact("HINT:  \\set COPY_START_ROW 2001")
        child.expect_exact("Reconnected with a fresh token: the connection was closed.")  # its words said the loss
        child.expect_exact(ADMIN)
        child.sendline("\\set COPY_START_ROW 3001")
        child.sendline(f"\\copy copy_repl from '{tmp_path}/rows.csv' csv")
        child.expect_exact("COPY 2000\r\n")
        child.expect_exact(ADMIN)
    assert pg.psql("select count(*), count(distinct id), max(id) from copy_repl").split("\n")[2].split() == \
        ["5000", "|", "5000", "|", "5000"]


def test_a_slow_network_changes_nothing_but_time(pg, home, make_dsql_standin, fake_aws_env):
    standin = make_dsql_standin(delay=0.05)
    with _shell(client_env(pg, home, standin, fake_aws_env)) as child:
        child.sendline("begin;")
        child.expect_exact("ADMIN@abcdefgh/postgres=*# ")
        child.sendline("select 'slow' as s;")
        child.expect_exact(" slow\r\n(1 row)")
        child.sendline("commit;")
        child.expect_exact("COMMIT")
        child.expect_exact(ADMIN)
    assert _sent(standin, "select 'slow' as s;") == 1


def test_a_refused_reconnect_keeps_the_shell_running(pg, home, make_dsql_standin, fake_aws_env):
    """DSQL refuses the new connection for a while: a clear line, nothing sent, the prompt back; later it works."""
    refusing = {"now": False}
    standin = make_dsql_standin(max_age=0.5, refuse=lambda attempt: refusing["now"])
    with _shell(client_env(pg, home, standin, fake_aws_env)) as child:
        refusing["now"] = True
        standin.events.wait("close", why="max_age", timeout=WAIT)  # not the completion refresh's session
        child.sendline("select 'two' as b;")
        child.expect_exact("could not reconnect: ")
        child.expect_exact("rate exceeded.")
        child.expect_exact("Nothing was sent.")
        child.expect_exact("?> ")  # the prompt of a broken connection, as psql shows it
        refusing["now"] = False
        child.sendline("select 'two' as b;")
        child.expect_exact(" two\r\n(1 row)")
        child.expect_exact(ADMIN)
    assert _sent(standin, "select 'two' as b;") == 1


@pytest.mark.parametrize("timeout", ["2", ""])
def test_a_reconnect_to_a_server_that_never_answers_gives_the_prompt_back(pg, home, make_dsql_standin,
                                                                          fake_aws_env, timeout):
    """The idle connection is closed and the new one is never answered: connect_timeout ends the wait, or with none,
    Ctrl-C does. Nothing is sent; once the server answers again, the statement runs."""
    stalling = {"now": False}
    standin = make_dsql_standin(max_age=0.5, stall=lambda n: stalling["now"])
    env = client_env(pg, home, standin, fake_aws_env)
    if timeout:
        env["PGCONNECT_TIMEOUT"] = timeout
    with _shell(env) as child:
        stalling["now"] = True
        standin.events.wait("close", why="max_age", timeout=WAIT)  # not the completion refresh's session
        child.sendline("select 'two' as b;")
        standin.events.wait("stalled", timeout=WAIT)
        if timeout:
            child.expect_exact("timeout expired")
        else:
            time.sleep(0.5)
            child.sendintr()
        child.expect_exact("Nothing was sent.")
        child.expect_exact("?> ")
        stalling["now"] = False
        child.sendline("select 'two' as b;")
        child.expect_exact(" two\r\n(1 row)")
        child.expect_exact(ADMIN)
    assert _sent(standin, "select 'two' as b;") == 1


def test_ctrl_c_gets_the_prompt_back_from_a_server_that_stopped_answering(pg, home, make_dsql_standin,
                                                                           fake_aws_env):
    """The statement is taken and never answered: Ctrl-C sends a cancel request; a second Ctrl-C a while later
    gives the connection up; the shell resets and goes on. The statement is never sent again."""
    standin = make_dsql_standin(drop=lambda sql: "stall" if sql.startswith("select 'stuck'") else None)
    with _shell(client_env(pg, home, standin, fake_aws_env)) as child:
        child.sendline("select 'stuck' as s;")
        standin.events.wait("stalled", timeout=WAIT)
        child.sendintr()
        child.expect_exact("Cancel request sent")
        time.sleep(2.5)
        child.sendintr()
        child.expect_exact("the connection was given up")
        child.expect_exact("Attempting reset: Succeeded.")
        child.expect_exact(ADMIN)
        child.sendline("select 'after' as a;")
        child.expect_exact(" after\r\n(1 row)")
    assert len(standin.events.of("stalled")) == 1  # taken once (and never run); not sent again
    assert _sent(standin, "select 'stuck' as s;") == 0


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
    with _shell(client_env(pg, home, dsql_standin, fake_aws_env)) as child:
        child.sendline("begin;")
        child.expect_exact("ADMIN@abcdefgh/postgres=*# ")
        child.sendline("insert into occ_t values (1);")
        child.expect_exact("ADMIN@abcdefgh/postgres=*# ")
        child.sendline("commit;")
        child.expect_exact("OCC conflict (OC000): another transaction changed the same rows")
        child.expect_exact("Its statements were:\r\n  begin;\r\n  insert into occ_t values (1);\r\n  commit;")
        child.expect_exact("Run them again now? [y/N]")
        child.sendline(answer)
        if answer:
            child.expect_exact("COMMIT")
        child.expect_exact(ADMIN)
    rows = "1" if answer else "0"  # run again only after a yes
    assert pg.psql("select count(*) from occ_t").split() == ["count", "-------", rows, "(1", "row)"]
    assert _sent(dsql_standin, "commit;") == (2 if answer else 1)
