"""\\batch through the DSQL stand-in enforcing DSQL's 3,000 rows a transaction (issue 17): each form changes exactly
the rows the plain statement would, each exactly once, with jobs 1 and 4; what cannot be made exact is refused in
one line with nothing changed; a run stopped by an error resumes to the same end state."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
def db(pg) -> str:
    pg.psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    pg.psql(f'CREATE DATABASE "{DB}"')
    pg.psql(SETUP, db=DB)
    yield DB
    pg.psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


@pytest.fixture
def standin(make_dsql_standin):
    return make_dsql_standin(enforce_dsql=True)


@pytest.fixture
def run(pg, home, tmp_path, fake_aws_env, db):
    """r = run(standin, script): the script on dsqlsh's stdin, through the stand-in, as admin."""

    def run(standin, script: str, *args: str) -> Run:
        p = subprocess.run([sys.executable, "-m", "dsqlsh", "-X", "-d", db, *args], input=script,
                           env=client_env(pg, home, standin, fake_aws_env), cwd=tmp_path, capture_output=True,
                           text=True, timeout=300)
        return Run(p.stdout, p.stderr, p.returncode)

    return run


def query(pg, sql: str) -> str:
    return pg.psql(sql, db=DB).split("\n")[2].strip()


def test_the_stand_in_refuses_the_plain_statement(run, standin, pg):
    """The premise: without \\batch, DSQL refuses the UPDATE and nothing changes."""
    r = run(standin, "update t set n = n + 1;\n")
    assert "transaction row limit exceeded" in r.stderr
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
