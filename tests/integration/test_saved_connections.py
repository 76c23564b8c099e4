"""Saved connections from $XDG_CONFIG_HOME/dsqlsh/config.toml, through the real dsqlsh against real servers:
`dsqlsh @NAME` / `-D NAME`, flags winning over the entry, the environment over [defaults], `\\c @NAME`,
`--list-connections`, and a broken file (one warning line, the shell still runs)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pgserver import PgServer
from tests.support import Run, clean_env

pytest_plugins = ("tests.fix_dsql",)

DB = "saved_db"
ROLE = "saved_user"


@pytest.fixture(scope="module")
def saved_db(pg: PgServer) -> Iterator[str]:
    """A database and a role that only a saved entry names (the environment points elsewhere, or nowhere)."""
    pg.psql(f"DROP ROLE IF EXISTS {ROLE}; CREATE ROLE {ROLE} LOGIN")
    with pg.database(DB, owner=ROLE) as name:
        yield name


@pytest.fixture
def xdg(tmp_path: Path) -> Path:
    return tmp_path / "xdg"


def write_config(xdg: Path, text: str) -> Path:
    path = xdg / "dsqlsh" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def run(pg: PgServer, home: Path, tmp_path: Path, xdg: Path, saved_db: str):
    """r = run(*args, env={...}) with XDG_CONFIG_HOME=xdg and no PG* variables unless given."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
        e = {k: v for k, v in clean_env(pg, home).items() if not k.startswith("PG")}
        e["XDG_CONFIG_HOME"] = str(xdg)
        e.update(env or {})
        p = subprocess.run([sys.executable, "-m", "dsqlsh", *args], input=input, capture_output=True, text=True,
                           env=e, cwd=tmp_path, timeout=60)
        return Run(p.stdout, p.stderr, p.returncode)

    return run


def config(pg: PgServer, extra: str = "") -> str:
    return f"""\
[defaults]
dsql_check = "off"

[connections.prod]
host = "{pg.host}"
port = {pg.port}
user = "{ROLE}"
database = "{DB}"

[connections.Other]
host = "{pg.datadir.parent}"
port = "{pg.port}"
role = "postgres"
dbname = "postgres"
""" + extra


WHO = "select current_user, current_database()"


def test_at_name_connects_with_the_saved_entry(run, pg, xdg):
    write_config(xdg, config(pg))
    r = run("@prod", "-X", "-A", "-t", "-c", WHO)
    assert (r.stdout, r.stderr, r.exit_code) == (f"{ROLE}|{DB}\n", "", 0)
    r = run("-X", "-At", "-D", "prod", "-c", WHO)
    assert (r.stdout, r.stderr, r.exit_code) == (f"{ROLE}|{DB}\n", "", 0)
    r = run("-XAt", "-c", "select inet_server_port() is null", "@Other")  # by the socket directory: no port
    assert (r.stdout, r.stderr, r.exit_code) == ("t\n", "", 0)


def test_flags_win_over_the_entry(run, pg, xdg):
    write_config(xdg, config(pg))
    assert run("@prod", "-XAt", "-U", "postgres", "-c", WHO).stdout == f"postgres|{DB}\n"
    assert run("@prod", "postgres", "-XAt", "-c", WHO).stdout == f"{ROLE}|postgres\n"  # DBNAME after @NAME
    assert run("-XAt", "-D", "prod", "-d", "postgres", "-c", WHO).stdout == f"{ROLE}|postgres\n"
    r = run("@prod", "-XAt", "-p", "1", "-c", WHO)
    assert r.exit_code == 2 and "port 1 failed" in r.stderr
    r = run("-XAt", f"dbname=postgres host={pg.host} port={pg.port}", "-D", "prod", "-c", WHO)  # a conninfo too
    assert r.stdout == f"{ROLE}|postgres\n"


def test_environment_wins_over_defaults_but_not_over_the_entry(run, pg, xdg):
    write_config(xdg, f'[defaults]\nhost = "{pg.host}"\nport = {pg.port}\nuser = "{ROLE}"\ndbname = "{DB}"\n'
                 f'[connections.pg]\ndbname = "postgres"\n')
    assert run("-XAtc", WHO).stdout == f"{ROLE}|{DB}\n"
    assert run("-XAtc", WHO, env={"PGDATABASE": "postgres", "PGUSER": "postgres"}).stdout == "postgres|postgres\n"
    # the entry gives dbname; the rest comes from the environment, then [defaults]
    assert run("@pg", "-XAtc", WHO, env={"PGDATABASE": DB}).stdout == f"{ROLE}|postgres\n"
    assert run("@pg", "-XAtc", WHO, env={"PGUSER": "postgres"}).stdout == "postgres|postgres\n"


def test_shell_settings_from_the_entry_and_flags_over_them(run, pg, xdg):
    write_config(xdg, config(pg, '[connections.strict]\ndsql_check = "strict"\npager = false\nstyle = "monokai"\n'
                               f'host = "{pg.host}"\nport = {pg.port}\nuser = "postgres"\ndbname = "postgres"\n'))
    script = "\\echo :DSQL_CHECK :DSQLSH_STYLE\n\\pset\n"

    def shown(r: Run) -> list[str]:
        return [line.split()[-1] for line in r.stdout.splitlines() if line.startswith(("strict", "warn", "pager "))]

    r = run("@strict", "-X", input=script)
    assert (shown(r), r.stderr, r.exit_code) == (["monokai", "0"], "", 0), r.stdout
    assert r.stdout.startswith("strict monokai\n")
    r = run("@strict", "-X", "--dsql-check", "warn", "-P", "pager=always", input=script)
    assert r.stdout.startswith("warn monokai\n") and shown(r) == ["monokai", "2"]
    assert run("@prod", "-X", "-c", "\\echo :DSQL_CHECK").stdout == "off\n"  # from [defaults]


def test_backslash_c_at_name_switches_to_a_saved_connection(run, pg, xdg):
    write_config(xdg, config(pg, '[connections.dbonly]\ndbname = "postgres"\n'))
    r = run("@prod", "-X", "-c", WHO, "-c", "\\c @Other", "-c", WHO, "-c", "\\c @dbonly", "-c", WHO, "-A", "-t")
    assert r.stdout == (f"{ROLE}|{DB}\n"
                        'You are now connected to database "postgres" as user "postgres".\n'
                        "postgres|postgres\n"
                        'You are now connected to database "postgres" as user "postgres".\n'
                        "postgres|postgres\n")
    assert (r.stderr, r.exit_code) == ("", 0)
    # Only the entry's fields change: \c @dbonly from prod keeps prod's user, host and port.
    r = run("@prod", "-XAt", "-c", "\\c @dbonly", "-c", WHO)
    assert r.stdout.splitlines()[-1] == f"{ROLE}|postgres"


def test_backslash_c_unknown_name_fails_as_a_connection_does(run, pg, xdg):
    path = write_config(xdg, config(pg))
    r = run("@prod", "-XAt", "-c", "\\c @nope", "-c", "select 1")
    # As psql's -c '\c nosuchdb' -c 'select 1': the connection is dropped, the next -c finds none.
    assert (r.stdout, r.exit_code) == ("", 1)
    assert r.stderr == (f'\\connect: no saved connection "nope" in {path} (known: prod, Other)\n'
                        "You are currently not connected to a database.\n")
    r = run("@prod", "-X", input="\\c @nope\nselect 1;\n")
    assert (r.stdout, r.exit_code) == ("", 2)  # psql: a failed \connect in a script ends it, exit 2
    assert r.stderr == f'\\connect: no saved connection "nope" in {path} (known: prod, Other)\n'  # as psql words it


def test_unknown_name_is_one_line_and_exit_1(run, pg, xdg):
    path = write_config(xdg, config(pg))
    r = run("@staging", "-c", "select 1")
    assert (r.stdout, r.exit_code) == ("", 1)
    assert r.stderr == f'dsqlsh: error: no saved connection "staging" in {path} (known: prod, Other)\n'
    r = run("@prod", "-D", "Other", "-c", "select 1")
    assert (r.exit_code, r.stderr.splitlines()[0]) == (1, 'dsqlsh: two saved connections given: "@prod" and -D "Other"')
    missing = xdg / "dsqlsh" / "config.toml"
    missing.unlink()
    r = run("-D", "prod", "-c", "select 1")
    assert r.stderr == f'dsqlsh: error: no saved connection "prod" in {missing} (no such file)\n'


def test_broken_file_warns_with_file_and_line_and_the_shell_still_runs(run, pg, xdg):
    path = write_config(xdg, config(pg).replace('user = "saved_user"', 'user = saved_user'))
    r = run("-XAt", "-c", "select 1", env={"PGHOST": pg.host, "PGPORT": str(pg.port), "PGUSER": "postgres"})
    assert (r.stdout, r.exit_code) == ("1\n", 0)
    assert r.stderr == (f"dsqlsh: warning: could not parse {path}, line 7: invalid value; "
                        "its saved connections are not used\n")
    r = run("@prod", "-c", "select 1")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        f"dsqlsh: warning: could not parse {path}, line 7: invalid value; its saved connections are not used",
        f'dsqlsh: error: no saved connection "prod" in {path} (it has none)']


def test_unknown_key_warns_and_the_entry_is_still_used(run, pg, xdg):
    path = write_config(xdg, config(pg).replace("[connections.prod]\n", '[connections.prod]\nhots = "x"\nvi = 1\n'))
    r = run("@prod", "-XAtc", WHO)
    assert (r.stdout, r.exit_code) == (f"{ROLE}|{DB}\n", 0)
    assert r.stderr == (f'dsqlsh: warning: {path}: unknown key "hots" in [connections.prod] ignored\n'
                        f"dsqlsh: warning: {path}: vi in [connections.prod] must be true or false; ignored\n")


def test_list_connections_in_every_print_format(run, pg, xdg):
    write_config(xdg, config(pg, '[connections.cluster]\nhost = "abcdefghijklmnopqrstuvwxyz"\n'
                                 'region = "us-east-1"\nprofile = "dev"\n'))
    r = run("--list-connections")
    sock = str(pg.datadir.parent)
    width = max(len(sock), len("abcdefghijklmnopqrstuvwxyz"))
    assert (r.stderr, r.exit_code) == ("", 0)
    lines = r.stdout.splitlines()
    assert lines[0].strip() == "Saved connections"
    assert lines[1].split("|")[0].strip() == "name" and [c.strip() for c in lines[1].split("|")] == [
        "name", "host", "region", "user", "dbname", "profile"]
    assert lines[3] == (f" prod    | {pg.host.ljust(width)} |           | {ROLE} | {DB} | ")
    assert lines[-2:] == ["(3 rows)", ""]
    assert run("--list-connections", "-A", "-t").stdout == (
        f"prod|{pg.host}||{ROLE}|{DB}|\nOther|{sock}||postgres|postgres|\n"
        "cluster|abcdefghijklmnopqrstuvwxyz|us-east-1|||dev\n")
    assert run("--list-connections", "--csv").stdout.splitlines()[:2] == [
        "name,host,region,user,dbname,profile", f"prod,{pg.host},,{ROLE},{DB},"]
    empty = run("--list-connections", env={"XDG_CONFIG_HOME": str(xdg / "none")})
    assert (empty.stdout, empty.stderr) == ("               Saved connections\n"
                                            " name | host | region | user | dbname | profile \n"
                                            "------+------+--------+------+--------+---------\n(0 rows)\n\n", "")


def test_a_dsql_entry_uses_its_region_and_sslrootcert(run, pg, xdg, dsql_standin, fake_aws_env):
    # No PGSSLROOTCERT: only the entry's sslrootcert lets verify-full trust the stand-in's certificate.
    write_config(xdg, config(pg, f'[connections.cluster]\nhost = "abcdefghijklmnopqrstuvwxyz"\nregion = "us-east-1"\n'
                                 f'user = "admin"\ndbname = "postgres"\nport = {dsql_standin.port}\n'
                                 f'sslrootcert = "{dsql_standin.ca_path}"\n'))
    env = {**fake_aws_env, "PGHOSTADDR": "127.0.0.1"}  # the endpoint's name is not in DNS: reach it at 127.0.0.1
    r = run("@cluster", "-XAtc", WHO, env=env)
    assert (r.stdout, r.stderr, r.exit_code) == ("admin|postgres\n", "", 0)
    [event] = [e for e in dsql_standin.events.of("connect") if e["ok"]]
    assert event["action"] == "DbConnectAdmin"
    # From plain PostgreSQL into the cluster and back, in one session.
    r = run("@prod", "-XAt", "-c", "\\c @cluster", "-c", WHO, "-c", "\\c @prod", "-c", WHO, env=env)
    assert r.stdout.splitlines() == ['You are now connected to database "postgres" as user "admin".',
                                     "admin|postgres",
                                     f'You are now connected to database "{DB}" as user "{ROLE}".', f"{ROLE}|{DB}"]
    assert (r.stderr, r.exit_code) == ("", 0)
