"""The labelled corpus (tests/compat/corpus.sql) as a table test, with the checker's scores."""

from __future__ import annotations

import pytest

from dsqlsh.compat.check import Checker, Finding
from dsqlsh.compat.rules import RULES
from dsqlsh.scanner import split
from tests.compat.corpus import Case, load

CASES = load()


def run(case: Case) -> list[Finding]:
    checker = Checker()
    return [finding for statement in split(case.sql) for finding in checker.check(statement.text)]


def agrees(case: Case, found: list[Finding]) -> bool:
    """Exactly the labelled rules fire, and an error among them exactly when DSQL rejects."""
    has_error = any(f.severity == "error" for f in found)
    return {f.rule for f in found} == case.rules and has_error == (case.label == "reject")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(case: Case) -> None:
    found = run(case)
    assert agrees(case, found), [(f.rule, f.message) for f in found]


def test_scores() -> None:
    """Recall on what DSQL rejects, false alarms on what it accepts; 100% on our own set."""
    rejects = [c for c in CASES if c.label == "reject"]
    others = [c for c in CASES if c.label != "reject"]
    caught = sum(any(f.severity == "error" for f in run(c)) for c in rejects)
    false_alarms = sum(bool(run(c)) for c in CASES if c.label == "accept")
    wrongly_rejected = sum(any(f.severity == "error" for f in run(c)) for c in others)
    exact = sum(agrees(c, run(c)) for c in CASES)
    accepts = sum(c.label == "accept" for c in CASES)
    print(
        f"\ncorpus: {len(CASES)} cases ({len(rejects)} reject, {accepts} accept, {len(others) - accepts} warn); "
        f"recall {caught}/{len(rejects)}, false alarms {false_alarms}/{accepts}, "
        f"error on non-reject {wrongly_rejected}/{len(others)}, exact {exact}/{len(CASES)}"
    )
    assert caught == len(rejects)
    assert false_alarms == 0 and wrongly_rejected == 0
    assert exact == len(CASES)


def test_corpus_is_big_enough() -> None:
    assert sum(len(split(c.sql)) for c in CASES) >= 200


def test_corpus_covers_every_rule() -> None:
    labelled = {rule for c in CASES for rule in c.rules}
    assert set(RULES) - labelled == set()
