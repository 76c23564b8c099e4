"""\\copy through the DSQL stand-in: DSQL's own defaults (batches of 1,000 rows, 4 jobs), its limit of 3,000
rows a transaction (test_copy.py's trigger), connections it closes mid-load, and the session's SETs.

These are issue 10's "Done when" cases, at its scale: 20,000 awkward csv rows through one \\copy line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.dsql_standin import Drop
from tests.fix_dsql import client_env
from tests.integration.test_copy import ROWS, copy_line, create_db, table_stats, write_csv

pytest_plugins = ("tests.fix_dsql",)

LOAD = "\\copy t from 'data.csv' with (format csv, header)"
EXPORT = "\\copy (select * from t order by id) to 'back.csv' with (format csv, header)"


@pytest.fixture
def dsql_db(pg, psql) -> str:
    """test_copy's database, its table refusing more than 3,000 rows a transaction as DSQL does."""
    name = create_db(pg, psql, "db_test_copy_dsql")
    pg.psql(f"ALTER DATABASE {name} SET test.max_rows = 3000")
    yield name
    pg.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def run(pg, home, tmp_path, fake_aws_env, dsql_db):
    """r = run(standin, *args): dsqlsh through that stand-in as admin, in tmp_path."""

    def run(standin, *args: str) -> subprocess.CompletedProcess[str]:
        env = client_env(pg, home, standin, fake_aws_env)
        return subprocess.run([sys.executable, "-m", "dsqlsh", "-X", "-d", dsql_db, *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)

    return run


def connects(standin) -> int:
    return len(standin.events.of("connect", ok=True))


def assert_loaded_once(psql, db: str, tmp_path: Path, run, standin) -> None:
    """Every row exactly once, and byte-identical: the export is the input file."""
    assert table_stats(psql, db) == f"{ROWS}|{ROWS}|1|{ROWS}"
    p = run(standin, "-c", EXPORT)
    assert (p.stdout, p.stderr, p.returncode) == (f"COPY {ROWS}\n", "", 0)
    assert (tmp_path / "back.csv").read_bytes() == (tmp_path / "data.csv").read_bytes()


def test_one_line_loads_20000_rows_and_the_export_round_trips(run, dsql_standin, psql, dsql_db, tmp_path):
    write_csv(tmp_path / "data.csv")
    p = run(dsql_standin, "-c", LOAD)
    assert (p.stdout, p.stderr, p.returncode) == (f"COPY {ROWS}\n", "", 0)
    # The session's connection plus COPY_JOBS' default of 4, each with its own token.
    assert connects(dsql_standin) == 5
    assert_loaded_once(psql, dsql_db, tmp_path, run, dsql_standin)


def test_bad_row_15000_commits_the_batches_before_it_and_resume_completes(run, dsql_standin, psql, dsql_db,
                                                                          tmp_path):
    starts = write_csv(tmp_path / "data.csv", bad_row=15000)
    p = run(dsql_standin, "-c", LOAD)
    assert (p.stdout, p.returncode) == ("", 1)
    assert p.stderr == (  # batches of 1,000: the one holding row 15,000 starts at row 14,001
        'ERROR:  invalid input syntax for type integer: "oops"\n'
        f'CONTEXT:  COPY t, line {copy_line(starts, 14001, 15000)}, column n: "oops"\n'
        f"\\copy stopped at input line {starts[14999]} (data row 15000): 14000 data rows are committed; "
        "data rows 14001 and after are not.\n"
        "HINT:  \\set COPY_START_ROW 14001\n"
    )
    assert table_stats(psql, dsql_db) == "14000|14000|1|14000"
    write_csv(tmp_path / "data.csv")  # the fix
    p = run(dsql_standin, "-v", "COPY_START_ROW=14001", "-c", LOAD)
    assert (p.stdout, p.stderr, p.returncode) == ("COPY 6000\n", "", 0)
    assert_loaded_once(psql, dsql_db, tmp_path, run, dsql_standin)


@pytest.mark.parametrize("jobs", ["1", "4"])
def test_connections_dsql_closes_mid_load_are_replaced_and_no_row_is_lost_or_doubled(
        run, make_dsql_standin, psql, pg, dsql_db, tmp_path, jobs):
    """The stand-in closes each connection at 0.3 s (between transactions, so that no COMMIT's outcome is
    left unknown: that case is below); each batch naps 0.1 s, so every connection is closed mid-load."""
    pg.psql("create function nap() returns trigger language plpgsql as $$ begin perform pg_sleep(0.1); "
            "return null; end $$; create trigger nap after insert on t for each statement execute function nap()",
            db=dsql_db)
    standin = make_dsql_standin(max_age=0.3, close_in_transaction=False)
    write_csv(tmp_path / "data.csv")
    p = run(standin, "-At", "-v", f"COPY_JOBS={jobs}", "-c", LOAD, "-c", "select 'after'")
    assert (p.stdout, p.stderr, p.returncode) == (f"COPY {ROWS}\nafter\n", "", 0)
    first = 1 if jobs == "1" else 1 + int(jobs)
    assert connects(standin) >= first + 2, "the load should have needed new connections"
    assert len(standin.events.of("close", why="max_age")) >= 2
    standin.max_age = None
    pg.psql("drop trigger nap on t", db=dsql_db)
    assert_loaded_once(psql, dsql_db, tmp_path, run, standin)


def test_connection_lost_inside_a_batch_before_commit_retries_it(run, make_dsql_standin, psql, dsql_db, tmp_path):
    """Closed with the third batch's transaction open and its COMMIT not sent: the server rolled it back, so
    it is loaded again on a new connection."""
    standin = make_dsql_standin(drop=Drop("COPY", 3, "before"))
    write_csv(tmp_path / "data.csv")
    p = run(standin, "-c", LOAD)
    assert (p.stdout, p.stderr, p.returncode) == (f"COPY {ROWS}\n", "", 0)
    assert len(standin.events.of("close", why="drop")) == 1
    assert connects(standin) == 6
    assert_loaded_once(psql, dsql_db, tmp_path, run, standin)


@pytest.mark.parametrize("when, committed", [("before", False), ("after", True)])
def test_connection_lost_during_commit_stops_and_says_the_batch_is_unknown(
        run, make_dsql_standin, psql, dsql_db, tmp_path, when, committed):
    """The third COMMIT is sent and no answer comes: whether the server ran it (after) or not (before), the
    client cannot know, so the batch is not sent again and the message says how to tell and resume."""
    standin = make_dsql_standin(drop=Drop("COMMIT", 3, when))
    write_csv(tmp_path / "data.csv")
    p = run(standin, "-v", "COPY_JOBS=1", "-c", LOAD)
    assert (p.stdout, p.returncode) == ("", 1)
    assert p.stderr.endswith(
        "\\copy stopped: the connection closed while data rows 2001 to 3000 were being committed, so whether "
        "they are is unknown. Data rows 1 to 2000 are committed; data rows 3001 and after are not.\n"
        "If data rows 2001 to 3000 are in the table, resume with \\set COPY_START_ROW 3001; if they are not, "
        "with:\nHINT:  \\set COPY_START_ROW 2001\n"), p.stderr
    done = 3000 if committed else 2000
    assert table_stats(psql, dsql_db) == f"{done}|{done}|1|{done}"
    standin.drop = None
    p = run(standin, "-v", f"COPY_START_ROW={done + 1}", "-c", LOAD)
    assert (p.stdout, p.stderr, p.returncode) == (f"COPY {ROWS - done}\n", "", 0)
    assert_loaded_once(psql, dsql_db, tmp_path, run, standin)


def test_every_job_gets_the_sessions_settings(run, dsql_standin, psql, pg, dsql_db, tmp_path):
    """search_path finds the table and DateStyle reads the dates on all four connections, as in the session."""
    pg.psql("create schema s2; create table s2.u(id int primary key, d date)", db=dsql_db)
    (tmp_path / "dates.csv").write_text("".join(f"{i},{i % 28 + 1}/{i % 12 + 1}/2020\n" for i in range(1, 2001)))
    p = run(dsql_standin, "-q", "-v", "COPY_JOBS=4", "-v", "COPY_BATCH_ROWS=100",
            "-c", "set search_path = s2", "-c", "set datestyle = 'ISO, DMY'", "-c", "\\copy u from dates.csv csv")
    assert (p.stdout, p.stderr, p.returncode) == ("", "", 0)
    assert connects(dsql_standin) == 5
    r = psql("-X", "-At", "-d", dsql_db, "-c",
             "select count(*), count(*) filter (where d = make_date(2020, id % 12 + 1, id % 28 + 1)) from s2.u")
    assert r.stdout == "2000|2000\n"


def test_a_scripts_own_copy_from_stdin_is_batched_on_dsql(run, dsql_standin, psql, dsql_db, tmp_path):
    """pg_dump's `COPY ... FROM stdin;` blocks: 7,500 rows through a host that refuses 3,001 in one transaction."""
    data = "".join(f"{i}\tname {i}\t{i * 2}\n" for i in range(1, 7501))
    (tmp_path / "dump.sql").write_text("COPY public.t (id, s, n) FROM stdin;\n" + data + "\\.\n")
    p = run(dsql_standin, "-v", "ON_ERROR_STOP=1", "-f", "dump.sql")
    assert (p.stdout, p.stderr, p.returncode) == ("COPY 7500\n", "", 0)
    assert table_stats(psql, dsql_db) == "7500|7500|1|7500"


def test_a_scripts_copy_data_lost_mid_load_resumes_exactly(run, make_dsql_standin, psql, dsql_db, tmp_path):
    """pg_dump's COPY in a script, the third batch's COMMIT unanswered: the load stops, says what is unknown and
    how to resume, and resuming from the hint's row loads every row once."""
    standin = make_dsql_standin(drop=Drop("COMMIT", 3, "after"))
    data = "".join(f"{i}\tname {i}\t{i * 2}\n" for i in range(1, 5001))
    (tmp_path / "dump.sql").write_text("COPY public.t (id, s, n) FROM stdin;\n" + data + "\\.\n")
    p = run(standin, "-v", "COPY_JOBS=1", "-f", "dump.sql")
    assert p.returncode == 0 and p.stdout == ""  # a failed COPY is not a stop without ON_ERROR_STOP
    assert ("COPY stopped: the connection closed while data rows 2001 to 3000 were being committed, so whether "
            "they are is unknown.") in p.stderr
    assert "resume with \\set COPY_START_ROW 3001" in p.stderr
    assert table_stats(psql, dsql_db) == "3000|3000|1|3000"  # it was committed: the drop came after
    standin.drop = None
    p = run(standin, "-v", "COPY_JOBS=1", "-v", "COPY_START_ROW=3001", "-f", "dump.sql")
    assert (p.stdout, p.stderr, p.returncode) == ("COPY 2000\n", "", 0)
    assert table_stats(psql, dsql_db) == "5000|5000|1|5000"
