"""OCC explanations and the session settings a reconnect restores."""

from dsqlsh.connection import SessionSets
from dsqlsh.occ import backoff_seconds, explain


def test_occ_data_conflict_is_explained():
    text = explain("40001", "change conflicts with another transaction (OC000)", in_transaction=False)
    assert text.startswith("OCC conflict (OC000): another transaction changed the same rows")
    assert "--occ-retry" in text


def test_occ_schema_conflict_inside_a_transaction_says_rerun_it_all():
    text = explain("40001", "schema has been updated by another transaction (OC001)", in_transaction=True)
    assert "Re-run the whole transaction." in text
    assert "--occ-retry" not in text


def test_other_errors_get_no_occ_text():
    assert explain("40001", "could not serialize access", in_transaction=False) is None
    assert explain("23505", "duplicate key (OC000)", in_transaction=False) is None


def test_backoff_grows_and_is_capped():
    assert 0.025 <= backoff_seconds(1) <= 0.075
    assert backoff_seconds(30) <= 3.0


def test_committed_sets_are_kept_and_rolled_back_ones_are_not():
    s = SessionSets()
    s.record("SET search_path TO app, public;", in_transaction=False)
    s.record("set time zone 'UTC'", in_transaction=False)
    s.record("SET LOCAL statement_timeout = 5", in_transaction=False)
    s.record("insert into t values (1)", in_transaction=False)
    s.record("SET datestyle = 'ISO, DMY'", in_transaction=True)
    s.settle("ROLLBACK")
    s.record("SET intervalstyle = iso_8601", in_transaction=True)
    s.settle("COMMIT")
    assert s.statements() == ["SET search_path TO app, public", "set time zone 'UTC'",
                              "SET intervalstyle = iso_8601"]


def test_reset_forgets():
    s = SessionSets()
    s.record("SET search_path TO app", in_transaction=False)
    s.record("SET timezone = 'UTC'", in_transaction=False)
    s.record("RESET search_path;", in_transaction=False)
    assert s.statements() == ["SET timezone = 'UTC'"]
    s.record("RESET ALL", in_transaction=False)
    assert s.statements() == []
