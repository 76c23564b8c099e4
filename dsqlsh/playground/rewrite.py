"""CREATE INDEX ASYNC on the playground: PostgreSQL has no ASYNC, so the statement is rewritten.

DSQL answers `CREATE [UNIQUE] INDEX ASYNC ...` with one row, one column `job_id` (FACTS.md section 4),
and records the build in sys.jobs. The playground builds the index at once (it is small and local),
inside sys.playground_create_index_async(), which records a completed INDEX_BUILD job and returns its
id; `SELECT ... AS job_id` makes the client see the same one-row result DSQL sends.
"""

from __future__ import annotations

import re

__all__ = ["rewrite_for_playground", "REWRITE_NOTE"]

REWRITE_NOTE = "playground: CREATE INDEX ASYNC builds the index now and records a completed job in sys.jobs"

# Whitespace and comments between words (nested /* */ are rare enough in a statement head to stop at the
# first */). One character of whitespace per repetition: no nested quantifier to backtrack through.
_SPACE = r"(?:\s|--[^\n]*(?:\n|$)|/\*.*?\*/)"
_ASYNC_INDEX = re.compile(
    rf"^{_SPACE}*CREATE{_SPACE}+(?:UNIQUE{_SPACE}+)?INDEX{_SPACE}+(?P<async>ASYNC)(?![\w$])",
    re.IGNORECASE | re.DOTALL,
)


def rewrite_for_playground(sql: str) -> tuple[str, str | None]:
    """SQL the playground's PostgreSQL runs in place of sql: CREATE INDEX ASYNC becomes a call that builds
    the index and returns DSQL's one-row `job_id` result. Anything else: (sql, None), unchanged.

    The second element, when not None, is a one-line note saying what was rewritten (for -E / logs).
    Every statement of a multi-statement string (``a \\; b``) is rewritten on its own.
    """
    if not re.search(r"\basync\b", sql, re.IGNORECASE):
        return sql, None  # the common case: no lexing at all
    from dsqlsh.scanner import split

    statements = split(sql)
    pieces = [_rewrite_one(s.text) for s in statements]
    if all(new is None for new in pieces):
        return sql, None
    text = "\n".join(new if new is not None else old.text for new, old in zip(pieces, statements, strict=True))
    return text, REWRITE_NOTE


def _rewrite_one(statement: str) -> str | None:
    """One statement: the SELECT that stands in for a CREATE INDEX ASYNC, or None to leave it alone."""
    found = _ASYNC_INDEX.match(statement)
    if found is None:
        return None
    # Drop the ASYNC keyword and the statement's own ';': the rest is PostgreSQL's CREATE INDEX as written.
    body = statement[: found.start("async")] + statement[found.end("async"):].lstrip()
    body = body.strip()
    if body.endswith(";"):  # split() leaves the terminator on; a comment after it is the next piece's
        body = body[:-1].rstrip()
    return f"SELECT sys.playground_create_index_async({_dollar_quote(body)}) AS job_id;"


def _dollar_quote(text: str) -> str:
    """text as a dollar-quoted literal whose tag does not occur in it (no escaping needed at all)."""
    tag = "$idx$"
    n = 0
    while tag in text:
        n += 1
        tag = f"$idx{n}$"
    return f"{tag}{text}{tag}"
