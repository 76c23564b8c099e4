"""Checker: positions, DSQL-only syntax, parse failures, transactions across statements.

Its speed is measured by bench/check_bench.py, not here.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

from dsqlsh.compat.check import _NAMED, Checker, Finding, _Tree, analyze, shape_named, shape_of
from dsqlsh.compat.rules import RULES
from dsqlsh.scanner import split
from tests.compat.corpus import load

SEED_STATEMENTS = Path(__file__).resolve().parents[1] / "compat" / "seed_statements.sql"


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def run(*statements: str, checker: Checker | None = None) -> list[list[str]]:
    """Rule ids per statement, checked in order by one Checker."""
    checker = checker or Checker()
    return [rules(checker.check(s)) for s in statements]


# --- Positions ---------------------------------------------------------------------------------


def test_finding_points_at_the_clause_on_its_line() -> None:
    sql = "-- make the table\nCREATE TABLE t (\n  id serial PRIMARY KEY,\n  addr inet\n);"
    found = Checker().check(sql)
    assert [(f.rule, f.line, f.col) for f in found] == [("DSQL-SERIAL", 3, 6), ("DSQL-COLUMN-TYPE", 4, 8)]
    assert sql[found[0].offset : found[0].offset + 6] == "serial"
    assert sql[found[1].offset : found[1].offset + 4] == "inet"


def test_columns_count_characters_not_bytes() -> None:
    sql = "CREATE TABLE café (nom text, prix money);"
    (finding,) = Checker().check(sql)
    assert sql[finding.offset :].startswith("money")
    assert finding.col == sql.index("money") + 1


def test_async_keyword_does_not_shift_positions() -> None:
    sql = "CREATE INDEX ASYNC idx ON orders (created_at DESC);"
    (finding,) = Checker().check(sql)
    assert finding.rule == "DSQL-INDEX-ORDER" and sql[finding.offset :].startswith("DESC")


def test_alter_table_subcommands_are_located() -> None:
    sql = "ALTER TABLE t ADD COLUMN a int,\n  ALTER COLUMN b TYPE text,\n  ALTER COLUMN c SET NOT NULL;"
    found = {f.rule: (f.line, sql[f.offset : f.offset + 4]) for f in Checker().check(sql)}
    assert found == {"DSQL-ALTER-COLUMN-TYPE": (2, "TYPE"), "DSQL-SET-NOT-NULL": (3, "SET ")}


def test_statement_rules_point_at_the_first_word_after_comments() -> None:
    sql = "/* cleanup */\n  -- nightly\n  TRUNCATE orders;"
    (finding,) = Checker().check(sql)
    assert (finding.line, finding.col, sql[finding.offset :]) == (3, 3, "TRUNCATE orders;")


def test_message_and_hint_are_filled_in() -> None:
    (finding,) = Checker().check("CREATE TABLE t (tags text[]);")
    assert finding.message.startswith("DSQL does not support the column type text[]")
    assert "jsonb" in finding.hint and "{" not in finding.hint


# --- DSQL-only syntax and parsing ----------------------------------------------------------------


def test_dsql_only_syntax_is_accepted() -> None:
    assert (
        run(
            "CREATE INDEX ASYNC i ON t (c);",
            "create unique index async if not exists i2 on t (c) include (d);",
            "ALTER TABLE ASYNC t VALIDATE CONSTRAINT t_fk;",
            "AWS IAM GRANT app TO 'arn:aws:iam::012345678912:role/app';",
            "AWS IAM REVOKE app FROM 'arn:aws:iam::012345678912:role/app';",
            "CALL sys.wait_for_job('qfzv5uemkrg2lbczil2fim3o2q');",
        )
        == [[]] * 6
    )


def test_quoted_async_is_an_index_name() -> None:
    assert run('CREATE INDEX "async" ON t (c);') == [["DSQL-INDEX-ASYNC"]]


def test_unparsable_statement_gets_its_own_warning() -> None:
    (finding,) = Checker().check("SELECT * FROM WHERE x = 1;")
    assert finding.rule == "DSQL-PARSE" and finding.severity == "warning"
    assert 'syntax error at or near "WHERE"' in finding.message
    assert finding.offset == len("SELECT * FROM ")


def test_parse_error_positions_count_characters() -> None:
    sql = "SELECT 'ééé' AS x FROM WHERE;"
    (finding,) = Checker().check(sql)
    assert sql[finding.offset :] == "WHERE;"
    (finding,) = Checker().check("SELECT 1 FROM  ")
    assert finding.offset == len("SELECT 1 FROM") and "end of input" in finding.message


def test_empty_and_comment_only_text_has_no_findings() -> None:
    assert run("", ";", "-- nothing here\n", "/* still nothing */") == [[]] * 4


def test_several_statements_in_one_text() -> None:
    sql = "BEGIN; CREATE TABLE a (id int); CREATE TABLE b (id int); COMMIT;"
    (finding,) = Checker().check(sql)
    assert finding.rule == "DSQL-TXN-MULTI-DDL" and sql[finding.offset :].startswith("CREATE TABLE b")


def test_analysis_is_cached() -> None:
    sql = "SELECT 'cached' AS x;"
    assert analyze(sql) is analyze(sql)


def test_importing_the_checker_does_not_import_pglast() -> None:
    code = "import sys, dsqlsh.compat.check, dsqlsh.compat.lint; print('pglast' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- Shapes ----------------------------------------------------------------------------------------


def test_shapes_mask_plain_strings_and_small_integers() -> None:
    assert shape_of("INSERT INTO t VALUES (12, 'x', -3, 1.5, t2, 1e+5, 1234567890);") == (
        "INSERT INTO t VALUES (0, '', -0, 1.5, t2, 1e+5, 1234567890);"
    )
    assert shape_of("SELECT 'it''s', 'é';") == "SELECT '''', '';"  # a doubled quote stays
    assert shape_of("SELECT 12, 'é', \"a'b 1\" FROM t;") == "SELECT 0, '', \"a'b 1\" FROM t;"


def test_no_shape_where_masking_could_misread_a_literal() -> None:
    for sql in ("SELECT E'a\\'';", "SELECT N'x';", "SELECT U&'d!0061t' UESCAPE '!';", "SELECT $1;",
                "SELECT $$x$$;", "SELECT 1 -- 'x\n;", "SELECT /* ' */ 1;", "SELECT 1::float(10);",
                'SELECT U&"d!0061t" UESCAPE \'!\';', "SELECT 'a\x00';", "SELECT 'open;",
                "SELECT '\ud800';"):
        assert shape_of(sql) is None, sql


def _variants(sql: str) -> list[str]:
    """sql with every literal a shape masks set to other values, some of them words rules look for."""
    strings = ["", "x", "a''b", "(", ";", "/var/data.csv", "generate_series", "cache", "plpgsql",
               "statement_timeout", "index async", "update", "delete", "serializable"]
    integers = itertools.cycle(["0", "1", "3001", "65536", "999999999"])
    literal = re.compile(r"(?P<string>'(?:[^']|'')*')|(?<![\w.])[0-9]{1,9}(?![\w.])", re.ASCII)

    def replaced(text: str, number: str) -> str:
        return literal.sub(lambda m: f"'{text}'" if m.group("string") else number, sql)

    return [replaced(text, number) for text, number in zip(strings, integers, strict=False)]


def test_statements_of_one_shape_get_the_analysis_each_would_get_alone() -> None:
    """Where analyze() says a statement's analysis is shared by its shape, every statement of that
    shape gets the same findings and units from analyze() itself."""
    seeds = [line for line in SEED_STATEMENTS.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("-- seed:")]
    examples = [text for rule in RULES.values() for text in (rule.bad, rule.good)]
    statements = [s.text for text in [c.sql for c in load()] + seeds + examples for s in split(text)]
    compared = 0
    for sql in statements:
        shape = shape_of(sql)
        if shape is None:
            continue
        same_shape = [analyze(v) for v in [sql, *_variants(sql)] if shape_of(v) == shape]
        for shared in (a for a in same_shape if a.shared):
            compared += len(same_shape)
            assert all((a.findings, a.units) == (shared.findings, shared.units) for a in same_shape), sql
    assert compared > 1000  # the test compares something


def test_a_checker_parses_each_shape_once() -> None:
    checker = Checker()
    for i in range(3):
        assert checker.check(f"INSERT INTO t VALUES ({i}, 'row {i}');") == []
        assert checker.check(f"INSERT INTO u VALUES ({i}, 'row {i}');") == []
    assert list(checker._shapes) == ["INSERT INTO \x00 VALUES (0, '');"]
    assert rules(checker.check("DELETE FROM t;")) == ["DSQL-DELETE-NO-WHERE"]
    assert len(checker._shapes) == 1  # a statement with findings is never answered from its shape


def test_check_all_asks_whether_an_analysis_is_shared_only_of_a_shape_met_before() -> None:
    checker = Checker()
    distinct = [f"create table t{i} (id bigint primary key, c{i} text);" for i in range(3)]
    assert list(checker.check_all(distinct)) == [[]] * 3
    assert checker._shapes == {}  # no shape came twice: none was asked
    repeated = [f"insert into t{i} values ({i}, 'x');" for i in range(3)]
    assert list(checker.check_all(repeated)) == [[]] * 3
    assert list(checker._shapes) == ["insert into \x00\x00 values (0, '');"]


def test_named_shapes_mask_a_relation_name_that_is_no_keyword() -> None:
    assert shape_named("create index async i12 on T12 (v);") == (
        "create index async \x00\x00\x00 on \x00\x00\x00 (v);", "t12", ("i12", "t12"))
    assert shape_named("SELECT * FROM t5 WHERE id = 3;") == ("SELECT * FROM \x00\x00 WHERE id = 0;", "t5", ("t5",))
    for sql in ("UPDATE only t SET a = 1;", "INSERT INTO s.t VALUES (1);", "CREATE TABLE IF NOT EXISTS t (a int);",
                "CREATE INDEX async async ON t (v);", "SELECT count(*) FROM t;", 'INSERT INTO "t" VALUES (1);',
                "INSERT INTO té VALUES (1);", "CREATE TABLE user (a int);", "SELECT * FROM f (1);",
                "DELETE FROM s . t;"):
        assert shape_named(sql) in (None, (shape_of(sql), "", ())), sql


def test_type_rules_need_words_that_every_spelling_of_their_types_holds() -> None:
    assert run('CREATE TABLE t (id U&"\\0073erial" PRIMARY KEY);') == [["DSQL-SERIAL"]]  # escaped: no "serial"
    assert run("CREATE TABLE t (id bigint PRIMARY KEY, at time with time zone UNIQUE);") == [["DSQL-INDEX-TYPE"]]
    assert run("CREATE TABLE t (id bigint PRIMARY KEY, b bit varying(3));") == [["DSQL-COLUMN-TYPE"]]
    assert run("CREATE TABLE t (id bigint PRIMARY KEY, b int ARRAY);") == [["DSQL-COLUMN-TYPE"]]


def test_a_masked_name_counts_as_unread_only_as_a_relname_or_idxname() -> None:
    tree = _Tree("create index i5 on t5 (v); select * from t5 where t5.id = 1; select 'i5';")
    index, select, _ = (next(iter(raw["stmt"].values())) for raw in tree.stmts)
    assert tree.holds_unread_only(index, ("i5", "t5"))  # the other statements' t5 and 'i5' are theirs
    assert not tree.holds_unread_only(select, ("t5",))  # t5.id reads it


def _renamed_variants(sql: str) -> list[str]:
    """sql with the names its named shape masks set to others, of its length and not, some of them words rules or
    the statement hold."""
    named = _NAMED.match(sql)
    if named is None:
        return []
    spans = [named.span(group) for group in ("relation", "queried", "index", "indexed") if named.group(group)]
    words = ["qq", "key", "cache", "update", "generate_series", "to_tsquery", "jsonb", "id",
             *re.findall(r"[a-z_]\w*", sql)[:6]]
    found = []
    for word in words:
        for rename in (lambda name, word=word: (word + "q" * len(name))[:len(name)], lambda name, word=word: word):
            text = sql
            for start, end in reversed(spans):
                text = text[:start] + rename(text[start:end]) + text[end:]
            found.append(text)
    return found


def test_statements_of_one_named_shape_get_what_each_would_get_alone() -> None:
    """A Checker that answers a statement from one of its named shape with another relation name seen before
    finds what a Checker that saw only this statement finds, with the same units (facts naming its relation)."""
    seeds = [line for line in SEED_STATEMENTS.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("-- seed:")]
    examples = [text for rule in RULES.values() for text in (rule.bad, rule.good)]
    statements = [s.text for text in [c.sql for c in load()] + seeds + examples for s in split(text)]
    statements += ["create table t1 (id bigint primary key, j jsonb);", "create index async i1 on t1 (j);",
                   "CREATE UNIQUE INDEX t1 ON t1 (id);", "insert into t1 values (1, 'x');",
                   "update t1 set j = null where id = 1;", "select * from t1 where id = 1;", "delete from t1;",
                   "select * from qqqqqqqqqq(1);"]
    compared = 0
    for sql in statements:
        shape = shape_named(sql)
        if shape is None or not shape.names:
            continue
        for variant in _renamed_variants(sql):
            primed = Checker()
            first = primed._analyze(sql, shape)
            alone = analyze(variant)
            answered = primed._analyze(variant, shape_named(variant))
            if first.shared and answered is not alone:
                compared += 1
            assert (answered.findings, answered.units) == (alone.findings, alone.units), (sql, variant)
    assert compared > 200  # the test compares something


# --- Transactions ----------------------------------------------------------------------------------


def test_one_ddl_per_transaction() -> None:
    assert run("BEGIN;", "CREATE TABLE a (id int);", "CREATE INDEX ASYNC i ON a (id);", "COMMIT;") == [
        [],
        [],
        ["DSQL-TXN-MULTI-DDL"],
        [],
    ]


def test_ddl_and_dml_do_not_mix_either_way() -> None:
    assert run("BEGIN;", "CREATE TABLE a (id int);", "INSERT INTO a VALUES (1);")[-1] == ["DSQL-TXN-DDL-DML"]
    assert run("START TRANSACTION;", "UPDATE a SET id = 2 WHERE id = 1;", "DROP TABLE b;")[-1] == ["DSQL-TXN-DDL-DML"]


def test_reads_are_neither_ddl_nor_dml() -> None:
    assert run("BEGIN;", "SELECT 1;", "CREATE TABLE a (id int);", "SELECT * FROM a;", "COMMIT;") == [[]] * 5


def test_outside_a_transaction_each_statement_stands_alone() -> None:
    assert run("CREATE TABLE a (id int);", "CREATE TABLE b (id int);", "INSERT INTO a VALUES (1);") == [[]] * 3


def test_every_way_to_end_a_transaction() -> None:
    for end in ("COMMIT;", "END;", "ROLLBACK;", "ABORT;", "COMMIT WORK;", "ROLLBACK TRANSACTION;"):
        assert run("BEGIN;", "CREATE TABLE a (id int);", end, "INSERT INTO a VALUES (1);")[-1] == []


def test_commit_and_chain_is_refused_and_ends_the_transaction() -> None:
    steps = run(
        "BEGIN;",
        "INSERT INTO a VALUES (1);",
        "COMMIT AND CHAIN;",
        "CREATE TABLE b (id int);",
        "INSERT INTO b VALUES (1);",
    )
    assert steps[-3:] == [["DSQL-TXN-OPTION"], [], []]


def test_the_session_remembers_its_tables() -> None:
    checker = Checker()
    assert run("CREATE TABLE t (id uuid PRIMARY KEY, n int, doc jsonb);", checker=checker) == [[]]
    checker.reset()  # a new transaction state, the same tables
    assert run(
        "ALTER TABLE t DROP COLUMN id;",
        "ALTER TABLE t ALTER COLUMN n ADD GENERATED ALWAYS AS IDENTITY (CACHE 1);",
        "CREATE INDEX ASYNC t_doc ON t (doc);",
        "CREATE INDEX ASYNC t_doc_name ON t ((doc ->> 'name'));",
        "ALTER TABLE u DROP COLUMN id;",
        checker=checker,
    ) == [["DSQL-DROP-PK-COLUMN"], ["DSQL-IDENTITY-TYPE"], ["DSQL-INDEX-TYPE"], [], []]
    assert run("DROP TABLE t;", "ALTER TABLE t DROP COLUMN id;", checker=checker) == [[], []]


def test_a_refused_begin_opens_no_transaction() -> None:
    steps = run("BEGIN ISOLATION LEVEL SERIALIZABLE;", "CREATE TABLE a (id int);", "INSERT INTO a VALUES (1);")
    assert steps == [["DSQL-ISOLATION"], [], []]


def test_reset_forgets_the_transaction() -> None:
    checker = Checker()
    run("BEGIN;", "CREATE TABLE a (id int);", checker=checker)
    assert checker.in_transaction
    checker.reset()
    assert not checker.in_transaction
    assert run("INSERT INTO a VALUES (1);", checker=checker) == [[]]


def test_row_limit_adds_up_across_a_transaction() -> None:
    steps = run(
        "BEGIN;", "INSERT INTO t SELECT generate_series(1, 1500);", "INSERT INTO t SELECT generate_series(1, 1501);"
    )
    assert steps[-1] == ["DSQL-ROW-LIMIT"]
    assert run("INSERT INTO t SELECT generate_series(1, 1500);", "INSERT INTO t SELECT generate_series(1, 1501);") == [
        [],
        [],
    ]


def test_analyze_and_waits_inside_a_transaction() -> None:
    assert run("BEGIN;", "ANALYZE t;")[-1] == ["DSQL-ANALYZE-IN-TXN"]
    assert run("BEGIN;", "CALL sys.wait_for_job('x');")[-1] == ["DSQL-WAIT-IN-TXN"]


def test_unparsable_statements_still_count_by_their_first_word() -> None:
    steps = run("BEGIN;", "CREATE TABLE a (id int,);", "INSERT INTO a VALUES (1);")
    assert steps == [[], ["DSQL-PARSE"], ["DSQL-TXN-DDL-DML"]]
