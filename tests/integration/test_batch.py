"""\\batch on plain PostgreSQL: each form leaves exactly what the plain statement leaves (run by psql 18 on a twin
table), with the same command tag and ROW_COUNT; the key ranges cope with awkward keys (text with quotes and
backslashes, negative numbers, timestamps)."""

from __future__ import annotations

import pytest

DB = "db_test_batch_plain"
TWINS = """
create table {t} (k text, d timestamptz, n int not null, s text, primary key (k, d));
insert into {t} select case when g % 3 = 0 then 'it''s \\ ' || g else 'k' || g end,
                       timestamptz '2026-01-01' + g * interval '1 hour', g - 2500, 'row ' || g
from generate_series(1, 5000) g;
create table {t}_to (k text, d timestamptz, n int, primary key (k, d));
"""
STATEMENTS = [
    ("update {t} set n = n + 1, s = upper(s) where n % 3 <> 0", "UPDATE 3333"),
    ("delete from {t} where k like 'it%' or n < -2000", "DELETE 1999"),
    ("insert into {t}_to (k, d, n) select k, d, n * 2 from {t} where n > 0", "INSERT 0 2500"),
    ("update {t} as x set n = x.n * 10 from {t} y where y.k = x.k and y.d = x.d and y.n > 2000", "UPDATE 500"),
]


@pytest.fixture
def db(pg):
    with pg.database(DB, TWINS.format(t="mine") + TWINS.format(t="theirs")) as name:
        yield name


def _contents(pg, table: str) -> str:
    return pg.psql(f"select md5(string_agg(x::text, ',' order by x::text)), count(*) from {table} x", db=DB)


@pytest.mark.parametrize("statement, tag", STATEMENTS)
@pytest.mark.parametrize("jobs", [1, 3])
def test_a_batched_statement_leaves_what_the_plain_one_leaves(dsqlsh, psql, pg, db, statement, tag, jobs):
    theirs = psql("-X", "-d", db, "-c", statement.format(t="theirs"))
    assert (theirs.stdout, theirs.exit_code) == (tag + "\n", 0)
    mine = dsqlsh("-X", "-d", db, input=f"{statement.format(t='mine')} \\batch rows=300 jobs={jobs}\n"
                                         "\\echo :ROW_COUNT\n")
    assert (mine.stdout, mine.stderr, mine.exit_code) == (f"{tag}\n{tag.split()[-1]}\n", "", 0)
    for suffix in ("", "_to"):
        assert _contents(pg, f"mine{suffix}") == _contents(pg, f"theirs{suffix}")


def test_batch_after_a_statement_sends_the_previous_buffer_as_g_does(dsqlsh, pg, db):
    """`\\batch` on its own line takes the query buffer, or the last statement sent when it is empty."""
    r = dsqlsh("-X", "-d", db, input="update mine set n = 0 where n < 0\n\\batch\n\\batch rows=x\n")
    assert r.stdout == "UPDATE 2499\n"
    assert r.stderr == '\\batch: invalid option "rows=x": use rows=N and jobs=N, N a positive whole number\n'
