"""The bottom toolbar: role, transaction state, DSQL check mode, expanded mode, connection age.

Pure: returns prompt_toolkit's formatted-text shape (a list of (style, text) pairs) without importing it.
"""

from __future__ import annotations

from psycopg.pq import TransactionStatus

from dsqlsh.checking import CHECKING_MODES
from dsqlsh.repl.prompt import DSQL_ADMIN, PromptInfo, role_label

__all__ = ["toolbar_fragments", "age_text", "check_note"]

Fragments = list[tuple[str, str]]
TRANSACTION = {TransactionStatus.IDLE: "idle", TransactionStatus.ACTIVE: "busy",
               TransactionStatus.INTRANS: "in transaction", TransactionStatus.INERROR: "transaction failed"}
UNPARSED = "DSQL-PARSE"  # a half-typed statement does not parse yet: that is no news while typing


def age_text(seconds: float) -> str:
    """12s, 5m, 1h05m: coarse, the toolbar redraws only every few seconds."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    return f"{minutes // 60}h{minutes % 60:02d}m"


def toolbar_fragments(info: PromptInfo, *, check: str, expanded: str, age: float | None,
                      finding: str | None = None) -> Fragments:
    """The toolbar's pieces, each styled under class:bottom-toolbar."""
    if not info.connected:
        return [("class:bottom-toolbar.failed", " not connected "), ("", f"  check {check}  \\x {expanded} ")]
    admin = info.dsql and info.user == DSQL_ADMIN
    parts: Fragments = [
        ("", " role "),
        ("class:bottom-toolbar.admin" if admin or info.superuser else "", f" {role_label(info)} "),
    ]
    state = TRANSACTION.get(info.transaction_status, "unknown")
    style = {TransactionStatus.INTRANS: "class:bottom-toolbar.open",
             TransactionStatus.INERROR: "class:bottom-toolbar.failed"}.get(info.transaction_status, "")
    parts += [("", " | "), (style, state)]
    parts += [("", f" | check {check} | \\x {expanded}")]
    if age is not None:
        parts += [("", f" | connected {age_text(age)}")]
    parts.append(("", " "))
    if finding:  # a line of its own above the status line: findings are long
        parts = [("class:bottom-toolbar.finding", f" {finding} "), ("", "\n"), *parts]
    return parts


def check_note(text: str, mode: str) -> str | None:
    """The DSQL checker's first finding on the statements being typed (DSQL_CHECK warn or strict), or None."""
    if mode not in CHECKING_MODES or not text.strip() or text.lstrip().startswith("\\"):
        return None
    try:
        from dsqlsh.compat.check import Checker
        from dsqlsh.scanner import split

        checker = Checker()
        for statement in split(text):
            for finding in checker.check(statement.text):
                if finding.rule != UNPARSED:
                    return f"{finding.rule}: {finding.message}"
    except Exception:  # noqa: BLE001  the checker must never break typing
        return None
    return None
