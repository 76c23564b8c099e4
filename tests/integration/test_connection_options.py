"""Connecting as psql does: libpq options, environment, passwords, failures and exit codes."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from tests.pgserver import PASSWORD_ROLE
from tests.support import clean_env

PASSWORD = "s3cret-pw"
WAIT = 30  # seconds for each pexpect wait: generous, as CI has two slow cores


@pytest.fixture(scope="module")
def password_role(pg):
    pg.psql(f"drop role if exists {PASSWORD_ROLE}; create role {PASSWORD_ROLE} login password '{PASSWORD}'")
    return PASSWORD_ROLE


def test_connection_failure_is_psqls_message_and_exit_2(dsqlsh):
    r = dsqlsh("-X", "-p", "1", "-c", "select 1")
    assert r.exit_code == 2
    assert r.stderr.startswith('dsqlsh: error: connection to server at "127.0.0.1", port 1 failed:')
    assert r.stdout == ""


def test_application_name_defaults_to_dsqlsh_but_pgappname_wins(dsqlsh):
    assert dsqlsh("-XAtc", "show application_name").stdout == "dsqlsh\n"
    r = dsqlsh("-XAtc", "show application_name", env={"PGAPPNAME": "mine"})
    assert r.stdout == "mine\n"


def test_dbname_may_be_a_uri_or_conninfo(dsqlsh, pg):
    uri = f"postgresql://postgres@127.0.0.1:{pg.port}/template1?application_name=viauri"
    r = dsqlsh("-XAt", uri, "-c", "select current_database(), current_setting('application_name')")
    assert r.stdout == "template1|viauri\n"
    r = dsqlsh("-XAt", "-d", "dbname=template1", "-c", "select current_database()")
    assert r.stdout == "template1\n"


def test_conninfo_in_dbname_overrides_flags_as_in_psql(dsqlsh, psql, pg):
    args = ("-XAt", "-p", "1", f"port={pg.port} dbname=template1", "-c", "select current_database()")
    assert dsqlsh(*args).stdout == psql(*args).stdout == "template1\n"


@pytest.mark.parametrize("dbname", ["foo=bar", "postgresql:///postgres?foo=bar", "dbname=x application_name='it''s'"])
def test_a_conninfo_libpq_refuses_is_psqls_one_line_and_exit_2(dsqlsh, psql, dbname):
    ours, theirs = dsqlsh("-X", "-d", dbname, "-c", "select 1"), psql("-X", "-d", dbname, "-c", "select 1")
    assert (ours.exit_code, ours.stdout) == (theirs.exit_code, theirs.stdout) == (2, "")
    assert ours.stderr.removeprefix("dsqlsh:") == theirs.stderr.removeprefix("psql:")
    assert ours.stderr.count("\n") == 1


@pytest.mark.parametrize("name", ["it's", "back\\slash", "two  spaces", "", "quote' and \\' both"])
def test_values_reach_libpq_whatever_their_quotes_and_backslashes(dsqlsh, pg, name):
    """dsqlsh writes the conninfo string libpq reads (connection.conninfo_string): a value comes back as given."""
    from urllib.parse import quote

    uri = f"postgresql://127.0.0.1:{pg.port}/postgres?application_name={quote(name)}"
    r = dsqlsh("-XAt", "-d", uri, "-c", "show application_name")
    assert (r.stdout, r.exit_code) == (f"{name}\n", 0)


def test_environment_reaches_libpq(dsqlsh, pg):
    r = dsqlsh("-XAtc", "select current_database()", env={"PGDATABASE": "template1"})
    assert r.stdout == "template1\n"


def test_flags_beat_environment(dsqlsh):
    r = dsqlsh("-XAt", "-d", "template1", "-c", "select current_database()", env={"PGDATABASE": "postgres"})
    assert r.stdout == "template1\n"


def test_pgpassword(dsqlsh, password_role):
    r = dsqlsh("-XAt", "-U", password_role, "-c", "select current_user", env={"PGPASSWORD": PASSWORD})
    assert (r.stdout, r.exit_code) == (f"{password_role}\n", 0)


def test_wrong_password_fails_with_exit_2(dsqlsh, password_role):
    r = dsqlsh("-XAt", "-U", password_role, "-c", "select 1", env={"PGPASSWORD": "wrong"})
    assert r.exit_code == 2
    assert f'password authentication failed for user "{password_role}"' in r.stderr
    assert "wrong" not in r.stderr


def test_pgpass_file(dsqlsh, password_role, home, pg):
    pgpass = home / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{pg.port}:*:{password_role}:{PASSWORD}\n")
    pgpass.chmod(0o600)
    r = dsqlsh("-XAt", "-U", password_role, "-c", "select current_user")
    assert (r.stdout, r.exit_code) == (f"{password_role}\n", 0)


def test_service_file(dsqlsh, home, pg):
    (home / "services.conf").write_text(f"[mine]\nhost=127.0.0.1\nport={pg.port}\ndbname=template1\n")
    r = dsqlsh("-XAtc", "select current_database()",
               env={"PGSERVICEFILE": str(home / "services.conf"), "PGSERVICE": "mine", "PGDATABASE": ""})
    assert r.stdout == "template1\n"


def test_no_password_flag_never_prompts(dsqlsh, password_role):
    r = dsqlsh("-XAtw", "-U", password_role, "-c", "select 1")
    assert r.exit_code == 2
    assert "no password supplied" in r.stderr


def _spawn(pg, home, *args):
    env = clean_env(pg, home)
    env.update({"TERM": "dumb", "PROMPT_TOOLKIT_NO_CPR": "1"})
    return pexpect.spawn(sys.executable, ["-m", "dsqlsh", *args], env=env, encoding="utf-8", timeout=WAIT,
                         dimensions=(24, 100), cwd=os.getcwd())


def test_password_prompt_with_W(pg, home, password_role):
    child = _spawn(pg, home, "-XAtW", "-U", password_role, "-c", "select current_user")
    child.expect_exact(f"Password for user {password_role}: ", timeout=WAIT)
    child.sendline(PASSWORD)
    child.expect_exact(f"{password_role}\r\n", timeout=WAIT)
    child.expect(pexpect.EOF, timeout=WAIT)
    child.close()
    assert child.exitstatus == 0
    assert PASSWORD not in child.before


def test_password_prompt_when_the_server_asks(pg, home, password_role):
    child = _spawn(pg, home, "-XAt", "-U", password_role, "-c", "select 42")
    child.expect_exact(f"Password for user {password_role}: ", timeout=WAIT)
    child.sendline(PASSWORD)
    child.expect_exact("42\r\n", timeout=WAIT)
    child.expect(pexpect.EOF, timeout=WAIT)
    child.close()
    assert child.exitstatus == 0


def test_lost_connection_in_a_script_exits_2_like_psql(dsqlsh, psql, tmp_path):
    script = tmp_path / "k.sql"
    script.write_text("select 1;\nselect pg_terminate_backend(pg_backend_pid());\nselect 2;\n")
    ours, theirs = dsqlsh("-X", "-f", str(script)), psql("-X", "-f", str(script))
    assert ours.exit_code == theirs.exit_code == 2
    assert ours.stdout == theirs.stdout
    assert ours.stderr == theirs.stderr.replace("psql:", "dsqlsh:")


def test_log_file_and_list_match_psql(dsqlsh, psql, tmp_path):
    script = tmp_path / "s.sql"
    script.write_text("select 1 as one;\n\\echo x\ncreate temp table t(a int);\n")
    dsqlsh("-X", "-L", str(tmp_path / "ours.log"), "-f", str(script))
    psql("-X", "-L", str(tmp_path / "theirs.log"), "-f", str(script))
    assert (tmp_path / "ours.log").read_text() == (tmp_path / "theirs.log").read_text()
    assert dsqlsh("-X", "-l").stdout == psql("-X", "-l").stdout
