"""psql 18 parity measured on PostgreSQL's own psql regression files (tests/psql_regress): the share of psql's
output lines dsqlsh reproduces may not fall below the level reached. Raise a floor when a change lifts it;
tests/psql_regress/README.md lists what still differs and why."""

from __future__ import annotations

import pytest

from tests.psql_regress.compare import NAMES, compare

# The share reached of each file's psql 18 output lines (matched in order), rounded down.
FLOORS = {"psql": 0.878, "psql_crosstab": 0.474, "psql_pipeline": 0.705}


@pytest.mark.parametrize("name", NAMES)
def test_dsqlsh_reproduces_psqls_own_regression_output(pg, tmp_path, name):
    result = compare(pg, name, tmp_path)
    summary = (f"{name}: {result.matched} of {len(result.theirs)} psql lines reproduced ({result.share:.1%}), "
               f"floor {FLOORS[name]:.1%}")
    print(summary)
    assert result.share >= FLOORS[name], f"{summary}\n{result.diff()[:20000]}"
