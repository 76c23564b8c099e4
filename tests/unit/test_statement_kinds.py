"""statements.classify and its kin: the one answer to "what is this statement" the shell asks."""

import pytest

from dsqlsh.connection import SessionSets
from dsqlsh.statements import (
    Kind,
    classify,
    leading_words,
    setting_change,
    starts_own_transaction,
    transaction_effect,
)


@pytest.mark.parametrize(("sql", "kind"), [
    ("create table t (a int)", Kind.DDL),
    ("  -- a note\n/* outer /* nested */ still comment */ ALTER TABLE t ADD b int", Kind.DDL),
    ("drop index async i", Kind.DDL),
    ("comment on table t is 'x'", Kind.DDL),
    ("grant select on t to r", Kind.DDL),
    ("truncate t", Kind.DDL),
    ("insert into t values (1)", Kind.DML),
    ("UPDATE t SET a = 1", Kind.DML),
    ("delete from t", Kind.DML),
    ("merge into t using s on true when matched then delete", Kind.DML),
    ("copy t from stdin", Kind.DML),
    ("copy t to stdout", Kind.OTHER),
    ("begin", Kind.TRANSACTION),
    ("start transaction", Kind.TRANSACTION),
    ("commit", Kind.TRANSACTION),
    ("savepoint s", Kind.TRANSACTION),
    ("prepare transaction 'x'", Kind.TRANSACTION),
    ("prepare q as select 1", Kind.OTHER),
    ("set search_path = a", Kind.SET),
    ("reset all", Kind.SET),
    ("select 1", Kind.OTHER),
    ("(select 1)", Kind.OTHER),
    ("with x as (select 1) select * from x", Kind.OTHER),
    ("", Kind.OTHER),
    ("-- only a comment", Kind.OTHER),
])
def test_classify(sql, kind):
    assert classify(sql) is kind


def test_leading_words_skip_comments_and_stop_at_a_non_word():
    assert leading_words("/* a */ -- b\n  create\tunique index", 3) == ["CREATE", "UNIQUE", "INDEX"]
    assert leading_words("select(1)", 3) == ["SELECT"]
    assert leading_words("", 2) == []


@pytest.mark.parametrize(("sql", "effect"), [
    ("begin", "begin"),
    ("START TRANSACTION READ ONLY", "begin"),
    ("commit", "commit"),
    ("end", "commit"),
    ("abort", "commit"),
    ("rollback", "commit"),
    ("commit and chain", "chain"),
    ("ROLLBACK AND CHAIN", "chain"),
    ("commit and no chain", "commit"),
    ("prepare transaction 'x'", "commit"),
    ("savepoint s", None),
    ("select 1", None),
])
def test_transaction_effect(sql, effect):
    assert transaction_effect(sql) == effect


@pytest.mark.parametrize(("sql", "own"), [
    ("begin", True),
    ("-- psql skips comments too\nvacuum t", True),
    ("create database d", True),
    ("create index concurrently i on t (a)", True),
    ("create table t (a int)", False),
    ("insert into t values (1)", False),
    ("select 1", False),
])
def test_starts_own_transaction_follows_psqls_command_no_begin(sql, own):
    assert starts_own_transaction(sql) is own


@pytest.mark.parametrize(("sql", "change"), [
    ("SET search_path = app", ("search_path", "SET search_path = app")),
    ("set session datestyle to iso;", ("datestyle", "set session datestyle to iso")),
    ("/* c */ SET TIME ZONE 'UTC'", ("timezone", "SET TIME ZONE 'UTC'")),
    ("set app.tenant = 'x'", ("app.tenant", "set app.tenant = 'x'")),
    ("RESET search_path", ("search_path", None)),
    ("reset all", ("all", None)),
    ("SET LOCAL search_path = x", None),
    ("set transaction isolation level serializable", None),
    ("set constraints all deferred", None),
    ("select 1", None),
])
def test_setting_change(sql, change):
    assert setting_change(sql) == change


def test_session_sets_replay_committed_sets_in_order():
    sets = SessionSets()
    sets.record("set search_path = a", in_transaction=False)
    sets.record("-- tz\nset time zone 'UTC'", in_transaction=False)
    sets.record("set search_path = b", in_transaction=True)
    sets.settle("ROLLBACK")
    assert sets.statements() == ["set search_path = a", "set time zone 'UTC'"]
    sets.record("set search_path = c", in_transaction=False)
    assert sets.statements() == ["set time zone 'UTC'", "set search_path = c"]
    sets.record("RESET ALL", in_transaction=False)
    assert sets.statements() == []
