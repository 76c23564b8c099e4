"""--fix's fixes, each run on its own bad example: the fixed text, and how the report names the change."""

from __future__ import annotations

import io
import json

import pytest

from dsqlsh.fix.changes import Change
from dsqlsh.fix.facts import learn
from dsqlsh.fix.fixes import FIXES
from dsqlsh.fix.rewrite import Fixer
from dsqlsh.fix.run import fix_file
from dsqlsh.fix.script import read_items


def fix_text(script: str) -> tuple[str, list[Change]]:
    """The script fixed (statements only, one per line) and every change made."""
    lines = script.split("\n")
    fixer = Fixer(learn(read_items(lines)))
    out: list[str] = []
    changes: list[Change] = []
    for item in read_items(lines):
        if item.kind == "sql":
            fixed = fixer.statement(item.text)
            out.extend(fixed.statements)
            changes.extend(fixed.changes)
        else:
            out.append(item.text)
    return "\n".join(out), changes


@pytest.mark.parametrize("name", sorted(FIXES))
def test_each_fix_turns_its_bad_example_into_its_fixed_one(name):
    fix = FIXES[name]
    fixed, changes = fix_text(fix.bad)
    assert " ".join(fixed.split()) == " ".join(fix.fixed.split())
    assert name in {c.fix for c in changes}, changes
    assert {c.action for c in changes if c.fix == name} == {fix.action}


def test_statements_dsql_takes_are_written_as_they_came():
    script = ("CREATE TABLE t (id bigint PRIMARY KEY, v text);\n"
              "CREATE INDEX ASYNC t_v ON t (v);\n"
              "SET search_path = public;\n"
              "INSERT INTO t VALUES (1, 'a');")
    fixed, changes = fix_text(script)
    assert (fixed, changes) == (script, [])


def test_copy_data_passes_through_and_a_partitions_rows_go_to_its_table(tmp_path):
    dump = tmp_path / "dump.sql"
    dump.write_text("CREATE TABLE public.m (d date, n int) PARTITION BY RANGE (d);\n"
                    "CREATE TABLE public.m_1 (d date, n int);\n"
                    "ALTER TABLE ONLY public.m ATTACH PARTITION public.m_1 FOR VALUES FROM ('2026-01-01') TO "
                    "('2027-01-01');\n"
                    "COPY public.m_1 (d, n) FROM stdin;\n2026-05-01\t1\n2026-05-02\t\\N\n\\.\n")
    out, err = io.StringIO(), io.StringIO()
    assert fix_file(str(dump), out=out, err=err) == 3
    assert out.getvalue() == ("CREATE TABLE public.m (d date, n integer);\n"
                              "COPY public.m (d, n) FROM STDIN;\n2026-05-01\t1\n2026-05-02\t\\N\n\\.\n")
    report = err.getvalue().splitlines()
    assert report[0] == (f"{dump}:1:1: changed: DSQL-PARTITION: public.m: made one table (no PARTITION BY): it "
                         f"holds the rows of every partition")
    assert f"{dump}:4:1: changed: DSQL-PARTITION: public.m_1: rows of partition public.m_1 load into public.m" in report


def test_exit_status_and_json_report(tmp_path):
    kept = tmp_path / "kept.sql"
    kept.write_text("SET statement_timeout = 0;\nCREATE INDEX i ON t (a);\n")
    out, err = io.StringIO(), io.StringIO()
    assert fix_file(str(kept), out=out, err=err, fmt="json") == 0  # only fixes that keep behaviour
    assert out.getvalue() == "CREATE INDEX ASYNC i ON t (a);\n"
    assert [(r["line"], r["action"], r["rule"]) for r in json.loads(err.getvalue())] == [
        (1, "fixed", "DSQL-SET"), (2, "fixed", "DSQL-INDEX-ASYNC")]
    left = tmp_path / "left.sql"
    left.write_text("ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n")  # t is not created here: no fix
    assert fix_file(str(left), out=io.StringIO(), err=(err := io.StringIO())) == 1
    assert ": error: DSQL-ADD-CONSTRAINT-KEY: " in err.getvalue()
    assert fix_file(str(tmp_path / "missing.sql"), out=io.StringIO(), err=io.StringIO()) == 2


def test_every_fix_is_documented_in_the_readme():
    from tests.support import ROOT

    readme = (ROOT / "README.md").read_text()
    assert [name for name in FIXES if f"`{name}`" not in readme] == []


def test_a_column_of_a_type_left_out_goes_with_its_index_and_its_copy_data(tmp_path):
    dump = tmp_path / "dump.sql"
    dump.write_text("CREATE TYPE public.pair AS (a integer, b integer);\n"
                    "CREATE TABLE public.t (id bigint NOT NULL, p public.pair, note text);\n"
                    "COPY public.t (id, p, note) FROM stdin;\n1\t(1,2)\tone\n2\t\\N\ttwo\n\\.\n"
                    "CREATE INDEX t_p ON public.t USING btree (p);\n"
                    "CREATE INDEX t_note ON public.t USING btree (note);\n")
    out, err = io.StringIO(), io.StringIO()
    assert fix_file(str(dump), out=out, err=err) == 3
    assert out.getvalue() == ("CREATE TABLE public.t (id bigint NOT NULL, note text);\n"
                              "COPY public.t (id, note) FROM STDIN;\n1\tone\n2\ttwo\n\\.\n"
                              "CREATE INDEX ASYNC t_note ON public.t (note);\n")
    report = err.getvalue()
    assert ": dropped: DSQL-CREATE-TYPE: public.pair: composite type left out" in report
    assert ": dropped: DSQL-UNSUPPORTED-STATEMENT: public.t.p: column left out: its type public.pair is left out" \
        in report
    assert ": dropped: DSQL-UNSUPPORTED-STATEMENT: t_p: index left out: it covers a column left out" in report
