"""\\watch as psql 18 runs it: the title line (time and interval, after a \\pset title), c= runs, m= stopping
on fewer rows, WATCH_INTERVAL, the previous buffer, every argument error; the time is the one thing that
may differ between the two runs."""

from __future__ import annotations

import re

SCRIPT = r"""select 1 as a \watch c=2 i=0.01
\pset title mytitle
select 2 as b \watch c=1 0.01
\pset title
\watch c=1
select 3 \watch i=x
select 3 \watch c=0
select 3 \watch c=1 c=2
select 3 \watch i=1 2
select 3 \watch m=x
select 3 \watch m=1 m=1
select 3 \watch -1
select 3 \watch 0.01 c=1 extra
\watch c=1 i=0.01
select generate_series(1,3) as g \watch c=5 i=0.01 m=4
\set WATCH_INTERVAL 0.01
\echo :WATCH_INTERVAL
\set WATCH_INTERVAL x
select 4 as d \watch c=2
select 5 \gset
\watch c=1 i=0
copy (select 1) to stdout \watch c=1
select 1/0 \watch c=3 i=0.01
"""
STAMP = re.compile(r"^(mytitle\t)?\S.* \d\d:\d\d:\d\d.* \(every", re.MULTILINE)


def _normalised(text: str) -> str:
    return STAMP.sub(lambda m: (m.group(1) or "") + "<now> (every", text)


def test_watch_prints_and_stops_as_psql(psql, dsqlsh):
    theirs = psql("-X", "-a", "-q", input=SCRIPT)
    mine = dsqlsh("-X", "-a", "-q", input=SCRIPT)
    assert theirs.stdout.count("<now>") == 0 and _normalised(theirs.stdout).count("<now> (every") == 7
    assert (_normalised(mine.stdout), mine.stderr, mine.exit_code) == \
        (_normalised(theirs.stdout), theirs.stderr, theirs.exit_code)
