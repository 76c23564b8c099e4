"""DSQL's optimistic concurrency control: explain OC000/OC001 conflicts, and when a retry is safe; and what to do
about its per-transaction limits (54000)."""

from __future__ import annotations

import random

__all__ = ["explain", "explain_limit", "is_conflict", "backoff_seconds", "SERIALIZATION_FAILURE"]

SERIALIZATION_FAILURE = "40001"

EXPLANATIONS = {
    "OC000": "OCC conflict (OC000): another transaction changed the same rows and committed first, so this "
             "transaction was rolled back and nothing of it was committed. Re-run the whole transaction.",
    "OC001": "OCC conflict (OC001): the schema changed (another transaction committed DDL) after this "
             "transaction started, so it was rolled back. Re-run the whole transaction.",
}
SINGLE_STATEMENT_TIP = " (A single auto-commit statement can be retried for you: --occ-retry N or \\set OCC_RETRY N.)"


def is_conflict(sqlstate: str | None) -> bool:
    return sqlstate == SERIALIZATION_FAILURE


def explain(sqlstate: str | None, message: str, *, in_transaction: bool) -> str | None:
    """A one-line explanation for a DSQL OCC error, or None for anything else."""
    if not is_conflict(sqlstate):
        return None
    code = next((c for c in EXPLANATIONS if c in message), None)
    if code is None:
        return None
    return EXPLANATIONS[code] + ("" if in_transaction else SINGLE_STATEMENT_TIP)


LIMIT_EXCEEDED = "54000"  # transaction row limit exceeded; transaction size limit 10mb exceeded
BATCH_TIP = ("DSQL lets a transaction modify at most 3,000 rows and 10 MiB: end the statement with \\batch instead "
             "of ; to run it in batches, each its own transaction, every row exactly once.")


def explain_limit(sqlstate: str | None, sql: str) -> str | None:
    """For DSQL's row or size limit on one UPDATE, DELETE or INSERT: the \\batch tip."""
    from dsqlsh.statements import leading_words

    if sqlstate != LIMIT_EXCEEDED:
        return None
    words = leading_words(sql, 1)
    return BATCH_TIP if words and words[0] in ("UPDATE", "DELETE", "INSERT", "WITH") else None


def backoff_seconds(attempt: int, *, base: float = 0.05, cap: float = 2.0) -> float:
    """Jittered exponential backoff before retry number attempt (1-based)."""
    return min(cap, base * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
