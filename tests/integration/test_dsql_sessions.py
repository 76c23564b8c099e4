"""dsqlsh against the DSQL stand-in: IAM tokens per connect, roles, reconnects, OCC, and no token in sight."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.fix_dsql import client_env
from tests.support import Run

pytest_plugins = ("tests.fix_dsql",)


@pytest.fixture
def run(pg, home, tmp_path, fake_aws_env):
    def run(standin, *args: str, input: str | None = None) -> Run:
        p = subprocess.run([sys.executable, "-m", "dsqlsh", *args], input=input, capture_output=True,
                           text=True, env=client_env(pg, home, standin, fake_aws_env), cwd=tmp_path, timeout=60)
        return Run(p.stdout, p.stderr, p.returncode)

    return run


def connects(standin) -> list[dict]:
    return [e for e in standin.events.of("connect") if e["ok"]]


def test_admin_by_default(run, dsql_standin):
    r = run(dsql_standin, "-XAtc", "select current_user, current_database()")
    assert (r.stdout, r.stderr, r.exit_code) == ("admin|postgres\n", "", 0)
    [event] = connects(dsql_standin)
    assert (event["user"], event["action"]) == ("admin", "DbConnectAdmin")


def test_scoped_role_gets_a_dbconnect_token(run, dsql_standin):
    r = run(dsql_standin, "-XAt", "-U", "app", "-c", "select current_user")
    assert (r.stdout, r.exit_code) == ("app\n", 0)
    [event] = connects(dsql_standin)
    assert (event["user"], event["action"]) == ("app", "DbConnect")


def test_role_switches_both_ways_in_one_session(run, dsql_standin):
    # SigV4 signs to the second: the sleep makes the second admin token differ from the first.
    script = ("select current_user;\n\\role app\nselect current_user;\n"
              "\\! sleep 1.1\n\\role admin\nselect current_user;\n")
    r = run(dsql_standin, "-XAt", input=script)
    assert r.stdout == ('admin\nYou are now connected as role "app" (DbConnect token).\napp\n'
                        'You are now connected as role "admin" (DbConnectAdmin token) -- ADMIN.\nadmin\n')
    assert r.exit_code == 0
    events = connects(dsql_standin)
    assert [e["action"] for e in events] == ["DbConnectAdmin", "DbConnect", "DbConnectAdmin"]
    assert len({e["token_sha256"] for e in events}) == 3  # a fresh token each time


def test_role_switch_refused_inside_a_transaction_and_failure_keeps_the_old_one(run, dsql_standin):
    script = "begin;\n\\role app\nrollback;\n\\role nosuchrole\nselect current_user;\n"
    r = run(dsql_standin, "-XAtq", input=script)
    assert r.stdout == "admin\n"
    assert "\\role: cannot switch role inside a transaction; COMMIT or ROLLBACK first" in r.stderr
    assert '\\role: could not connect as "nosuchrole"' in r.stderr
    assert "AWS IAM GRANT nosuchrole TO" in r.stderr
    assert 'Still connected as "admin"' in r.stderr


def test_idle_session_closed_by_the_server_is_replaced_without_replay(run, make_dsql_standin):
    standin = make_dsql_standin(max_age=1.0)
    script = "select 'one' as a;\n\\! sleep 1.6\nselect 'two' as b;\n"
    r = run(standin, "-XAt", input=script)
    assert (r.stdout, r.stderr, r.exit_code) == ("one\ntwo\n", "", 0)
    events = connects(standin)
    assert len(events) == 2 and events[0]["token_sha256"] != events[1]["token_sha256"]
    sent = [e["sql"] for e in standin.events.of("query")]
    assert sent.count("select 'one' as a;") == 1 and sent.count("select 'two' as b;") == 1


def test_reconnect_before_the_age_limit_restores_settings(run, dsql_standin):
    script = ("set timezone = 'Asia/Tokyo';\n\\! sleep 1.2\nshow timezone;\n")
    r = run(dsql_standin, "-XAt", "-v", "DSQL_MAX_CONNECTION_AGE=1", input=script)
    assert (r.stdout, r.exit_code) == ("SET\nAsia/Tokyo\n", 0)
    assert len(connects(dsql_standin)) == 2


def test_connection_lost_inside_a_transaction_is_not_replayed(run, make_dsql_standin):
    standin = make_dsql_standin(max_age=1.0)
    script = "begin;\ninsert into nowhere_at_all values (1);\n\\! sleep 1.6\nselect 'after' as c;\n"
    r = run(standin, "-X", "-f", "-", input=script)
    assert r.exit_code == 2
    assert "The open transaction is gone: the server rolled it back" in r.stderr
    assert "connection to server was lost" in r.stderr
    assert "after" not in r.stdout
    assert not [e for e in standin.events.of("query") if "after" in e["sql"]]
    assert len(connects(standin)) == 1


def test_occ_retry_reruns_a_single_autocommit_statement(run, dsql_standin, pg):
    pg.psql("drop sequence if exists occ_attempts; create sequence occ_attempts;"
            "create or replace function occ_flaky() returns text language plpgsql as $$ begin "
            "if nextval('occ_attempts') < 3 then raise exception using errcode = '40001', "
            "message = 'change conflicts with another transaction (OC000)'; end if; return 'done'; end $$;"
            "grant usage on sequence occ_attempts to public")
    r = run(dsql_standin, "-XAt", "--occ-retry", "3", "-c", "select occ_flaky()")
    assert (r.stdout, r.exit_code) == ("done\n", 0)
    assert r.stderr.count("OCC conflict (change conflicts with another transaction (OC000)); retrying") == 2
    pg.psql("select setval('occ_attempts', 1, false)")
    r = run(dsql_standin, "-XAt", "-c", "select occ_flaky()")
    assert r.exit_code == 1
    assert "ERROR:  change conflicts with another transaction (OC000)" in r.stderr
    assert "OCC conflict (OC000): another transaction changed the same rows" in r.stderr


def test_the_token_shows_nowhere(run, dsql_standin, tmp_path):
    script = ("\\conninfo\n\\set\n\\! env\n\\! tr '\\0' ' ' < /proc/$PPID/cmdline; echo\n"
              "\\! tr '\\0' '\\n' < /proc/$PPID/environ\nselect 1/0;\n\\errverbose\n\\role app\n\\conninfo\n")
    log = tmp_path / "session.log"
    r = run(dsql_standin, "-X", "-e", "-L", str(log), input=script)
    seen = r.stdout + r.stderr + log.read_text()
    assert "Connection Information" in r.stdout and "DbConnectAdmin" in r.stdout
    for secret_part in ("X-Amz-Signature", "X-Amz-Credential", "Action=DbConnect"):
        assert secret_part not in seen


def test_conninfo_shows_role_tls_and_the_reconnect_clock(run, dsql_standin):
    r = run(dsql_standin, "-X", "-c", "\\conninfo")
    out = r.stdout
    assert " Role                 | admin (ADMIN)" in out
    assert " Token Action         | DbConnectAdmin" in out
    assert " SSL Protocol         | TLSv1." in out
    assert " Next Reconnect       | in 5" in out
    assert " DSQL Region          | us-east-1" in out


def test_plaintext_is_never_attempted(run, dsql_standin):
    r = run(dsql_standin, "-X", "-c", "select 1", "-d", "sslmode=disable")
    assert r.exit_code == 2
    assert "accepts only TLS" in r.stderr
    assert not dsql_standin.events.of("plaintext_refused")


def test_dsql_meta_commands_work_through_iam(run, dsql_standin, pg):
    pg.psql("drop sequence if exists iam_seq_check; create sequence iam_seq_check cache 65536 start 7")
    try:
        r = run(dsql_standin, "-X", "-A", "-c", "\\seq iam_seq*")
        assert r.exit_code == 0, r.stderr
        lines = r.stdout.splitlines()
        assert lines[0] == "List of sequences"
        assert any(line.startswith("public|iam_seq_check|bigint|7|") and "|65536|" in line for line in lines)
        assert connects(dsql_standin)[0]["action"] == "DbConnectAdmin"
    finally:
        pg.psql("drop sequence iam_seq_check")
