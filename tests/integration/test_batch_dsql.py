"""\\batch through the DSQL stand-in enforcing DSQL's 3,000 rows a transaction (issue 17): each form changes exactly
the rows the plain statement would, each exactly once, with jobs 1 and 4; what cannot be made exact is refused in
one line with nothing changed; a run stopped by an error resumes to the same end state."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.dsql_standin import Drop
from tests.fix_dsql import client_env
from tests.support import Run

pytest_plugins = ("tests.fix_dsql",)

ROWS = 20_000
DB = "db_test_batch"
SETUP = f"""
create table t (id bigint primary key, n int not null, grp int not null, note text);
insert into t select g, g * 10, g % 10, 'row ' || g from generate_series(1, {ROWS}) g;
create table c (a int, b text, v int not null, primary key (a, b));
insert into c select g / 4, 'k' || (g % 4), g from generate_series(1, {ROWS}) g;
create table copy_to (id bigint primary key, n int);
create table heap (id int, n int);
insert into heap select g, g from generate_series(1, 10) g;
"""


@pytest.fixture
def db(pg):
    with pg.database(DB, SETUP) as name:
        yield name


@pytest.fixture
def standin(make_dsql_standin):
    return make_dsql_standin(enforce_dsql=True)


@pytest.fixture
def start(pg, home, tmp_path, fake_aws_env, db):
    """start(standin, *args) -> a dsqlsh process on the test database through the stand-in, as admin, reading
    its script from a pipe."""

    def start(standin, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-m", "dsqlsh", "-X", "-d", db, *args], text=True, cwd=tmp_path,
                                env=client_env(pg, home, standin, fake_aws_env), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    return start


@pytest.fixture
def run(start):
    """r = run(standin, script, *args): the script on dsqlsh's stdin, run to its end."""

    def run(standin, script: str, *args: str) -> Run:
        p = start(standin, *args)
        out, err = p.communicate(script, timeout=300)
        return Run(out, err, p.returncode)

    return run


def query(pg, sql: str) -> str:
    return pg.psql(sql, db=DB).split("\n")[2].strip()


def test_the_stand_in_refuses_the_plain_statement(run, standin, pg):
    """The premise: without \\batch, DSQL refuses the UPDATE and nothing changes."""
    r = run(standin, "update t set n = n + 1;\n", "-v", "DSQL_CHECK=off")
    assert r.stderr == ("ERROR:  transaction row limit exceeded\nDSQL lets a transaction modify at most 3,000 rows "
                        "and 10 MiB: end the statement with \\batch instead of ; to run it in batches, each its own "
                        "transaction, every row exactly once.\n")
    assert query(pg, "select sum(n) from t") == str(sum(g * 10 for g in range(1, ROWS + 1)))


@pytest.mark.parametrize("jobs", [1, 4])
def test_update_adds_one_to_each_chosen_row_exactly_once(run, standin, pg, jobs):
    r = run(standin, f"update t set n = n + 1 where grp < 5\n\\batch jobs={jobs}\n\\echo :ROW_COUNT\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("UPDATE 10000\n10000\n", "", 0)
    assert query(pg, "select count(*) filter (where n = id * 10 + 1 and grp < 5) || '|' || "
                     "count(*) filter (where n = id * 10 and grp >= 5) from t") == "10000|10000"
    assert not standin.events.of("row_limit")


@pytest.mark.parametrize("jobs", [1, 4])
def test_an_update_of_its_own_where_column_moves_each_row_once(run, standin, pg, jobs):
    r = run(standin, f"update t set grp = grp + 1 where grp < 5 \\batch jobs={jobs}\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("UPDATE 10000\n", "", 0)
    assert query(pg, "select count(*) from t where grp = (id % 10) + case when id % 10 < 5 then 1 else 0 end") \
        == str(ROWS)


@pytest.mark.parametrize("jobs", [1, 4])
def test_delete_half_the_rows(run, standin, pg, jobs):
    r = run(standin, f"delete from t where id % 2 = 0 \\batch rows=700 jobs={jobs}\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("DELETE 10000\n", "", 0)
    assert query(pg, "select count(*) || '|' || count(*) filter (where id % 2 = 1) from t") == "10000|10000"


@pytest.mark.parametrize("jobs", [1, 4])
def test_insert_select_between_tables(run, standin, pg, jobs):
    r = run(standin, f"insert into copy_to (id, n) select id, n from t where grp <> 3 \\batch jobs={jobs}\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("INSERT 0 18000\n", "", 0)
    assert query(pg, "select count(*) || '|' || count(distinct id) || '|' || sum(n) from copy_to") == \
        query(pg, "select count(*) || '|' || count(distinct id) || '|' || sum(n) from t where grp <> 3")


@pytest.mark.parametrize("jobs", [1, 4])
def test_a_composite_key_is_walked_in_its_order(run, standin, pg, jobs):
    r = run(standin, f"update c set v = v + 1 \\batch jobs={jobs}\n")
    assert (r.stdout, r.stderr, r.exit_code) == (f"UPDATE {ROWS}\n", "", 0)
    assert query(pg, "select count(*) from c where v = (a * 4 + cast(substr(b, 2) as int)) + 1") == str(ROWS)


@pytest.mark.parametrize("statement, reason", [
    ("update heap set n = 0", "table heap has no primary key"),
    ("update t set id = id + 1", "changes the primary key (id)"),
    ("update t set n = 0 returning id", "RETURNING cannot be split into batches"),
    ("with gone as (delete from t returning id) update c set v = 0", "a data-modifying WITH query"),
    ("delete from t where n > random() * 100", "random() would give each batch other rows"),
    ("insert into t select id + 100000, n, grp, note from t", "reads the table it writes"),
    ("select 1", "it runs UPDATE, DELETE and INSERT ... SELECT"),
    ("update nowhere set n = 0", 'relation "nowhere" does not exist'),
])
def test_what_cannot_be_made_exact_is_refused_in_one_line(run, standin, pg, statement, reason):
    before = query(pg, "select sum(n) || '|' || count(*) from t")
    r = run(standin, f"{statement} \\batch\n")
    assert r.exit_code == 0 and r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("\\batch: ") and reason in lines[0], \
        r.stderr
    assert query(pg, "select sum(n) || '|' || count(*) from t") == before
    assert not [e for e in standin.events.of("query") if e["sql"].lstrip().upper().startswith(("UPDATE", "DELETE"))]


def test_an_open_transaction_is_refused(run, standin):
    r = run(standin, "begin;\nupdate t set n = 0 \\batch\nrollback;\n")
    assert "\\batch: a transaction is open" in r.stderr
    assert r.stdout == "BEGIN\nROLLBACK\n"


@pytest.mark.parametrize("jobs", [1, 4])
def test_an_occ_conflict_mid_run_retries_that_batch(run, standin, pg, jobs):
    """The batch holding the 2,500th row changed fails at COMMIT with DSQL's OC000 once: it is run again."""
    pg.psql("create sequence occ_rows; create function occ_once() returns trigger language plpgsql as $$ begin "
            "if nextval('occ_rows') = 2500 then raise exception using errcode = '40001', "
            "message = 'change conflicts with another transaction, please retry: (OC000)'; end if; "
            "return null; end $$; create constraint trigger occ_once after update on t deferrable initially "
            "deferred for each row execute function occ_once()", db=DB)
    r = run(standin, f"update t set n = n + 1 \\batch jobs={jobs}\n")
    assert (r.stdout, r.stderr, r.exit_code) == (f"UPDATE {ROWS}\n", "", 0)
    assert query(pg, "select count(*) from t where n = id * 10 + 1") == str(ROWS)
    commits = [e for e in standin.events.of("query") if e["sql"] == "COMMIT"]
    assert len(commits) == ROWS // 1000 + jobs + 1  # every batch, each job's empty last look, the one retried


FAIL_AT_12345 = ("create table allow (ok bool); create function fail_12345() returns trigger language plpgsql as "
                 "$$ begin if new.id = 12345 and not exists (select from allow) then raise exception 'row 12345 "
                 "is not ready'; end if; return new; end $$; create trigger fail_12345 before update on t for each "
                 "row execute function fail_12345()")


def test_a_failure_at_a_known_row_stops_and_the_hint_resumes_exactly(run, standin, pg):
    pg.psql(FAIL_AT_12345, db=DB)
    r = run(standin, "update t set n = n + 1 \\batch\n", "-v", "ON_ERROR_STOP=1")
    assert r.exit_code == 3 and r.stdout == ""
    assert r.stderr.startswith("ERROR:  row 12345 is not ready\n")
    assert "\\batch stopped: 12000 rows are committed, each batch in its own transaction; the rest is not." \
        in r.stderr
    assert query(pg, "select count(*) filter (where n = id * 10 + 1) || '|' || max(id) filter "
                     "(where n = id * 10 + 1) from t") == "12000|12000"
    hint = next(line for line in r.stderr.splitlines() if line.startswith("HINT:  "))
    pg.psql("insert into allow values (true)", db=DB)
    again = run(standin, hint.removeprefix("HINT:  ") + "\nupdate t set n = n + 1 \\batch\n")
    assert (again.stdout, again.stderr, again.exit_code) == ("UPDATE 8000\n", "", 0)
    assert query(pg, "select count(*) from t where n = id * 10 + 1") == str(ROWS)


def test_the_same_batch_again_in_the_session_goes_on_where_it_stopped(run, standin, pg):
    """Four jobs, one of them stopped: BATCH_RESUME_KEY is set, so running \\batch again does only what is left."""
    pg.psql(FAIL_AT_12345, db=DB)
    r = run(standin, "update t set n = n + 1 \\batch jobs=4\ninsert into allow values (true);\n"
                     "update t set n = n + 1 \\batch jobs=4\n\\echo :ROW_COUNT [:BATCH_RESUME_KEY]\n")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("INSERT 0 1\nUPDATE ") and r.stdout.endswith(" [:BATCH_RESUME_KEY]\n")
    assert query(pg, "select count(*) from t where n = id * 10 + 1") == str(ROWS)
    first, second = int(r.stderr.split(" rows are committed")[0].rsplit(" ", 1)[1]), int(r.stdout.split()[4])
    assert first + second == ROWS


def test_a_connection_lost_before_commit_is_replaced_and_the_batch_run_again(run, make_dsql_standin, pg):

    standin = make_dsql_standin(enforce_dsql=True, drop=Drop("UPDATE", 3, "before"))
    r = run(standin, "update t set n = n + 1 \\batch\n")
    assert (r.stdout, r.stderr, r.exit_code) == (f"UPDATE {ROWS}\n", "", 0)
    assert query(pg, "select count(*) from t where n = id * 10 + 1") == str(ROWS)
    assert len(standin.events.of("connect", ok=True)) == 2


def test_an_update_whose_commit_is_unanswered_stops_and_says_both_ways_on(run, make_dsql_standin, pg):
    """The third COMMIT ran and its answer was lost: never sent again; the message gives the resume value for
    either outcome, and the one for "committed" ends the job exactly."""

    standin = make_dsql_standin(enforce_dsql=True, drop=Drop("COMMIT", 3, "after"))
    r = run(standin, "update t set n = n + 1 \\batch\n")
    assert r.stdout == ""
    assert "\\batch stopped: the connection closed while the batch of keys after (2000) up to (3000) was being " \
           "committed, so whether it is committed is unknown. 2000 rows of other batches are committed." in r.stderr
    committed = r.stderr.split("If that batch is committed, go on with ")[1].split("; if it is not")[0]
    assert query(pg, "select count(*) from t where n = id * 10 + 1") == "3000"
    standin.drop = None
    again = run(standin, f"{committed}\nupdate t set n = n + 1 \\batch\n")
    assert (again.stdout, again.stderr, again.exit_code) == (f"UPDATE {ROWS - 3000}\n", "", 0)
    assert query(pg, "select count(*) from t where n = id * 10 + 1") == str(ROWS)


@pytest.mark.parametrize("when", ["after", "before"])
def test_a_delete_whose_commit_is_unanswered_is_checked_by_key_and_goes_on(run, make_dsql_standin, pg, when):

    standin = make_dsql_standin(enforce_dsql=True, drop=Drop("COMMIT", 3, when))
    r = run(standin, "delete from t where id % 2 = 0 \\batch\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("DELETE 10000\n", "", 0)
    assert query(pg, "select count(*) || '|' || count(*) filter (where id % 2 = 1) from t") == "10000|10000"


def test_a_batch_over_the_row_limit_is_halved(run, make_dsql_standin, pg):
    standin = make_dsql_standin(enforce_dsql=True, row_cap=400)
    r = run(standin, "update t set n = n + 1 where grp < 5 \\batch rows=1000\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("UPDATE 10000\n", "", 0)
    assert query(pg, "select count(*) from t where n = id * 10 + 1") == "10000"
    assert standin.events.of("row_limit")


def test_ctrl_c_stops_after_the_running_batches_and_the_hint_resumes_exactly(run, start, standin, pg, tmp_path):
    """Each batch a little slow (a trigger sleeps in each): Ctrl-C lets the running batches commit, says what is
    committed, and stops the script as psql does (exit 3); the hint's value finishes the job exactly."""
    import signal
    import time

    pg.psql("create function slow() returns trigger language plpgsql as $$ begin perform pg_sleep(0.1); "
            "return null; end $$; create trigger slow after update on t for each statement execute function slow()",
            db=DB)
    (tmp_path / "s.sql").write_text("update t set n = n + 1 \\batch jobs=2\nselect 'not reached';\n")
    child = start(standin, "-f", "s.sql")
    deadline = time.monotonic() + 60
    while int(query(pg, "select count(*) from t where n = id * 10 + 1")) < 2000:
        assert time.monotonic() < deadline, "the batches never got going"
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 3 and out == "", err
    assert err.startswith("\\batch was interrupted: "), err
    done = int(err.split(" rows are committed")[0].rsplit(" ", 1)[1])
    assert 2000 <= done < ROWS
    assert query(pg, "select count(*) from t where n = id * 10 + 1") == str(done)
    hint = next(line for line in err.splitlines() if line.startswith("HINT:  "))
    again = run(standin, hint.removeprefix("HINT:  ") + "\nupdate t set n = n + 1 \\batch\n")
    assert (again.stdout, again.stderr, again.exit_code) == (f"UPDATE {ROWS - done}\n", "", 0)
    assert query(pg, "select count(*) from t where n = id * 10 + 1") == str(ROWS)
