"""The DSQL checker in the shell: before a statement is sent, findings print in psql's layout.

DSQL_CHECK (--dsql-check, \\set DSQL_CHECK) picks the mode: warn prints and sends, strict prints and
does not send (the statement counts as failed, so ON_ERROR_STOP stops a script), fix rewrites a statement that has a
fix of its own (fix/: CREATE INDEX made ASYNC, a sequence's CACHE...), says what it sent, and is strict about the
rest, off skips checking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dsqlsh.context import Context

__all__ = ["CHECKING_MODES", "check_before_send", "excerpt", "default_mode"]

CHECKING_MODES = ("warn", "strict", "fix")  # the DSQL_CHECK values that check a statement before it is sent

# libpq's reportErrorPosition window (fe-protocol3.c): lines are cut to about this many columns.
DISPLAY_SIZE = 60
MIN_RIGHT_CUT = 10


def default_mode(*, is_dsql: bool, playground: bool = False) -> str:
    """strict on the local playground, warn on a DSQL host, off on plain PostgreSQL."""
    return "strict" if playground else "warn" if is_dsql else "off"


def _width(text: str) -> int:
    import unicodedata  # here: a finding's excerpt is the only use, and the module is a shared library to load

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def excerpt(sql: str, offset: int) -> str:
    """`LINE n: ...` and a caret under offset, laid out as libpq lays out a server error position."""
    line_no = sql.count("\n", 0, offset) + 1
    start = sql.rfind("\n", 0, offset) + 1
    end = sql.find("\n", offset)
    line = sql[start:] if end < 0 else sql[start:end]
    line = line.replace("\t", " ")
    column = offset - start
    prefix = f"LINE {line_no}: "
    shown, caret_at = line, _width(line[:column])
    if _width(line) > DISPLAY_SIZE:
        if caret_at < DISPLAY_SIZE - MIN_RIGHT_CUT:
            shown = line[:DISPLAY_SIZE] + "..."
        else:
            cut = max(0, column - (DISPLAY_SIZE - MIN_RIGHT_CUT))
            tail = line[cut:cut + DISPLAY_SIZE]
            shown = "..." + tail + ("..." if cut + DISPLAY_SIZE < len(line) else "")
            caret_at = 3 + _width(line[cut:column])
    return f"{prefix}{shown}\n{' ' * (_width(prefix) + caret_at)}^\n"


def check_before_send(ctx: Context, sql: str) -> str | None:
    """Check one statement as DSQL_CHECK says: the text to send (sql, or its fix; "" when the fix is to send
    nothing), or None when it is refused."""
    mode = ctx.variables.choice("DSQL_CHECK")
    if mode not in CHECKING_MODES:
        return sql
    from dsqlsh.compat.plain import is_plain_query

    if is_plain_query(sql):  # nothing to find, nothing to fix: spare the grammar's import and the parse
        return sql
    if mode == "fix":
        sql = _fixed(ctx, sql)
        if not sql:
            return sql
    if ctx.checker is None:
        from dsqlsh.compat.check import Checker

        ctx.checker = Checker()
    checker = ctx.checker
    checker.follow(in_transaction=_runs_in_transaction(ctx, sql))
    before = checker.transaction
    findings = checker.check(sql)
    blocked = False
    for finding in findings:
        refuse = mode in ("strict", "fix") and finding.severity == "error"
        blocked = blocked or refuse
        level = "ERROR" if refuse else "WARNING"
        text = f"{level}:  {finding.message} [{finding.rule}]\n{excerpt(sql, finding.offset)}"
        if finding.hint:
            text += f"HINT:  {finding.hint}\n"
        ctx.message(text)
    if blocked:
        checker.transaction = before  # the statement never ran: it counts for nothing in the transaction
    return None if blocked else sql


def _fixed(ctx: Context, sql: str) -> str:
    """A lone statement with a fix that keeps its meaning and needs nothing else of the script, rewritten (said
    as a NOTICE); anything else as it came, for the strict check."""
    from dsqlsh.fix.facts import Facts
    from dsqlsh.fix.rewrite import Fixer
    from dsqlsh.scanner import is_single_statement

    if not is_single_statement(sql):
        return sql
    fixed = Fixer(Facts()).statement(sql)
    if not fixed.changes or not all(change.keeps for change in fixed.changes) or len(fixed.statements) > 1:
        return sql
    if not fixed.statements:
        ctx.message(f"NOTICE:  not sent for DSQL: {fixed.changes[0].message}")
        return ""
    ctx.message(f"NOTICE:  sent for DSQL as: {fixed.statements[0]}")
    return fixed.statements[0]


def _runs_in_transaction(ctx: Context, sql: str) -> bool:
    """Whether sql will run inside a transaction block: one is open, or AUTOCOMMIT off is about to open one."""
    conn = ctx.conn
    if conn is None:
        return False
    if conn.in_transaction:
        return True
    from dsqlsh.statements import starts_own_transaction

    return conn.is_idle and not ctx.variables.flag("AUTOCOMMIT") and not starts_own_transaction(sql)
