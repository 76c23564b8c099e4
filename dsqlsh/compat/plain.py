"""Statements the DSQL checker has nothing to say about, known from their text without the grammar.

Parsing a statement needs pglast, whose import costs about 40 ms: more than the rest of `dsqlsh -c 'select 1'`
on a DSQL host. A plain query is one SELECT (or VALUES, TABLE, SHOW) that holds none of the words the rules
on such statements need (rules.py `needs`, kept in step by tests/unit/test_plain_query.py) nor INTO (SELECT
... INTO is a CREATE TABLE AS). A data-modifying WITH, which would make a query count towards a transaction's
rows, can only stand at the top, so a statement starting with SELECT holds none. Anything in doubt (a second
statement, a comment) goes through the whole checker. A query the grammar would not parse is sent as it is:
the server's own syntax error comes back at once, without the checker's DSQL-PARSE warning before it.
"""

from __future__ import annotations

import re

__all__ = ["is_plain_query", "WORDS_IN_DOUBT"]

# Matched anywhere, as rules.py matches `needs`: "offset" holds "set", and is merely checked the long way.
WORDS_IN_DOUBT = ("into", "set", "share", "key", "tablesample", "to_ts", "tsquery", "tsvector", "ts_headline",
                  "wait_for_job", "update", "delete")
_PLAIN_START = re.compile(r"\s*(?:select|values|table|show)\b", re.IGNORECASE)
_IN_DOUBT = re.compile("|".join([*WORDS_IN_DOUBT, r";\s*\S", "--", r"/\*"]), re.IGNORECASE)


def is_plain_query(sql: str) -> bool:
    """Whether sql is one read-only query in which no checker rule can find anything."""
    return _PLAIN_START.match(sql) is not None and _IN_DOUBT.search(sql) is None
