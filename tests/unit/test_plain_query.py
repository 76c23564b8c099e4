"""The checker's shortcut for plain queries (compat/plain.py) never hides a finding the whole checker makes."""

from __future__ import annotations

import pytest

from dsqlsh.compat.check import Checker
from dsqlsh.compat.plain import WORDS_IN_DOUBT, is_plain_query
from dsqlsh.compat.rules import RULES
from dsqlsh.scanner import split
from tests.compat.corpus import load

# Statement kinds a plain query parses to: SELECT, VALUES and TABLE are SelectStmt, SHOW VariableShowStmt.
PLAIN_KINDS = {"SelectStmt", "VariableShowStmt"}


def test_every_rule_on_a_query_needs_a_word_in_doubt() -> None:
    """A new rule on SELECT must name the words it needs, and plain.py must treat them as doubtful."""
    for rule in RULES.values():
        if rule.kinds is not None and not rule.kinds & PLAIN_KINDS:
            continue
        if rule.id == "DSQL-CREATE-TABLE-AS":  # SELECT ... INTO: "into" is in doubt
            continue
        assert rule.needs is not None, f"{rule.id} looks at every query: compat/plain.py cannot skip any"
        for word in rule.needs.pattern.split("|"):
            assert word.replace("\\", "") in WORDS_IN_DOUBT, f"{rule.id} needs {word!r}"


@pytest.mark.parametrize("sql", [
    "select 1", "SELECT * FROM orders WHERE id = 3;", "  values (1), (2)", "TABLE orders", "show search_path",
    "select count(*) from t;  \n",
])
def test_plain(sql: str) -> None:
    assert is_plain_query(sql)
    assert Checker().check(sql) == []


@pytest.mark.parametrize("sql", [
    "SELECT * INTO copy FROM orders", "select set_config('x', '1', false)", "select 1; drop table t",
    "select 1 -- a comment", "select /* c */ 1", "select * from t for share", "select * from t tablesample system (1)",
    "with d as (delete from t returning *) select * from d", "insert into t values (1)", "create table t (a int)",
])
def test_not_plain(sql: str) -> None:
    assert not is_plain_query(sql)


def test_no_finding_hidden_in_the_corpus_or_the_rules_examples() -> None:
    """Every statement the shortcut would skip gets no finding from the whole checker either, but a grammar the
    parser does not know (DSQL-PARSE, a warning): the shell leaves that to the server, which answers at once."""
    scripts = [case.sql for case in load()] + [text for rule in RULES.values() for text in (rule.bad, rule.good)]
    skipped = 0
    for script in scripts:
        for statement in split(script):
            if is_plain_query(statement.text):
                skipped += 1
                found = [f.rule for f in Checker().check(statement.text) if f.rule != "DSQL-PARSE"]
                assert found == [], statement.text
    assert skipped > 10
