"""Keeping a DSQL session alive across DSQL's 60-minute connection limit.

Reconnects with a fresh token when the connection is old or was closed by the server, but only
between statements and outside a transaction, so nothing is ever sent twice. Session settings made
with SET are replayed on the new connection; data statements never are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dsqlsh.connection import Connection, ConnectParams
    from dsqlsh.context import Context

__all__ = ["adopt", "ensure_usable", "reconnect", "restore_settings", "switch_to", "SessionSettings",
           "DEFAULT_MAX_AGE"]

DEFAULT_MAX_AGE = 55 * 60  # seconds: reconnect before DSQL closes the connection at 60 minutes
IDLE = 0

SET_RE = re.compile(r"^\s*SET\s+(?:SESSION\s+)?(?!LOCAL\b|TRANSACTION\b|SESSION\b)(?P<name>TIME\s+ZONE|[\w.]+)",
                    re.IGNORECASE)
RESET_RE = re.compile(r"^\s*RESET\s+(?P<name>ALL|TIME\s+ZONE|[\w.]+)\s*;?\s*$", re.IGNORECASE)


def _setting_name(name: str) -> str:
    name = " ".join(name.lower().split())
    return "timezone" if name == "time zone" else name


class SessionSettings:
    """The SET statements in force on a session, so a reconnect can restore them.

    Only committed ones count: SETs inside a transaction wait for its COMMIT and vanish at ROLLBACK.
    """

    def __init__(self) -> None:
        self._in_force: dict[str, str] = {}
        self._pending: list[tuple[str, str | None]] = []

    def record(self, sql: str, *, in_transaction: bool) -> None:
        """Note a statement that succeeded, if it is a SET or RESET."""
        if m := SET_RE.match(sql):
            change: tuple[str, str | None] = (_setting_name(m["name"]), sql.strip().rstrip(";").strip())
        elif m := RESET_RE.match(sql):
            change = (_setting_name(m["name"]), None)
        else:
            return
        if in_transaction:
            self._pending.append(change)
        else:
            self._apply(change)

    def settle(self, command_status: str) -> None:
        """The transaction ended: COMMIT keeps its SETs, anything else drops them."""
        if command_status == "COMMIT":
            for change in self._pending:
                self._apply(change)
        self._pending.clear()

    def statements(self) -> list[str]:
        """What to run on a new connection, oldest first."""
        return list(self._in_force.values())

    def copy(self) -> SessionSettings:
        twin = SessionSettings()
        twin._in_force = dict(self._in_force)
        return twin

    def _apply(self, change: tuple[str, str | None]) -> None:
        name, statement = change
        if name == "all" and statement is None:
            self._in_force.clear()
        elif statement is None:
            self._in_force.pop(name, None)
        else:
            self._in_force.pop(name, None)  # re-insert: the latest SET runs last
            self._in_force[name] = statement


def ensure_usable(ctx: Context) -> None:
    """Before sending: on DSQL, replace an old or server-closed idle connection with a fresh one."""
    conn = ctx.conn
    if conn is None or not conn.params.is_dsql or conn.transaction_status != IDLE:
        return
    max_age = ctx.variables.integer("DSQL_MAX_CONNECTION_AGE") or DEFAULT_MAX_AGE
    if conn.age >= max_age:
        reconnect(ctx, "the connection reached its age limit")
    elif conn.closed_by_server():
        reconnect(ctx, "the server closed the idle connection")


def switch_to(ctx: Context, params: ConnectParams) -> Connection:
    """Open a connection with params (a fresh token on DSQL), restore the session's SET statements on it,
    and only then drop the old one: a failure leaves the old connection in place."""
    from dsqlsh.startup import connect

    new = connect(ctx, params)
    if ctx.conn is not None:
        restore_settings(new, ctx.conn.session_settings)
    adopt(ctx, new)
    return new


def restore_settings(conn: Connection, settings: SessionSettings) -> None:
    """Run a session's SET statements on another connection to the same place, and remember them there."""
    for statement in settings.statements():
        for _ in conn.execute(statement):
            pass
    conn.session_settings = settings.copy()


def adopt(ctx: Context, new: Connection) -> None:
    """Make an open connection (already given the session's settings) the session's, closing the old one."""
    from dsqlsh.startup import attach

    if ctx.conn is not None and ctx.conn is not new:
        ctx.conn.close()
    attach(ctx, new)


def reconnect(ctx: Context, why: str) -> None:
    """Replace the session's connection with a new one to the same place as the same role."""
    assert ctx.conn is not None
    switch_to(ctx, ctx.conn.params)
    if ctx.interactive and not ctx.quiet:
        ctx.streams.stderr.write(f"Reconnected with a fresh token: {why}.\n")
