"""\\batch in a real terminal through the DSQL stand-in: a progress line while it runs; Ctrl-C stops it after the
running batches commit and gives the prompt back; the same \\batch typed again does only what is left."""

from __future__ import annotations

import re

import pytest

from tests.fix_dsql import client_env
from tests.terminal.dsql_shell import dsql_shell

pytest_plugins = ("tests.fix_dsql",)

DB = "db_test_batch_tty"
ROWS = 20_000
PROMPT = f"ADMIN@abcdefgh/{DB}=# "
# Each batch sleeps a little (a statement trigger), so the walk takes long enough to be watched and interrupted.
SETUP = f"""
create table t (id bigint primary key, n int not null);
insert into t select g, g * 10 from generate_series(1, {ROWS}) g;
create function slow() returns trigger language plpgsql as $$ begin perform pg_sleep(0.05); return null; end $$;
create trigger slow after update on t for each statement execute function slow();
"""


@pytest.fixture
def db(pg):
    with pg.database(DB, SETUP) as name:
        yield name


def _changed(pg) -> int:
    return int(pg.psql("select count(*) from t where n = id * 10 + 1", db=DB).split("\n")[2])


def test_progress_ctrl_c_and_resume_at_the_prompt(pg, home, make_dsql_standin, fake_aws_env, db):
    env = {**client_env(pg, home, make_dsql_standin(enforce_dsql=True), fake_aws_env), "PGDATABASE": db}
    with dsql_shell(env, PROMPT, wait=60) as child:
        child.sendline("update t set n = n + 1 \\batch rows=200")
        child.expect(r"\\batch UPDATE: [1-9]\d* of 20000 rows, \d+ rows/s")
        child.sendintr()
        child.expect_exact("\\batch was interrupted: ")
        child.expect_exact("HINT:  \\set BATCH_RESUME_KEY '")
        child.expect_exact(PROMPT)
        done = _changed(pg)
        assert 0 < done < ROWS
        assert f"\\batch was interrupted: {done} rows are committed" in child.logfile_read.getvalue()
        child.sendline("update t set n = n + 1 \\batch rows=1000")
        child.expect(r"\\batch UPDATE: \d+ rows in [\d.]+ s \(\d+ rows/s\)\r\n")
        child.expect_exact(f"UPDATE {ROWS - done}\r\n")
        child.expect_exact(PROMPT)
        child.sendline("\\echo :ROW_COUNT [:BATCH_RESUME_KEY]")
        child.expect_exact(f"{ROWS - done} [:BATCH_RESUME_KEY]\r\n")
        child.expect_exact(PROMPT)
        assert not re.search(r"Traceback|never awaited", child.logfile_read.getvalue())
    assert _changed(pg) == ROWS
