"""A plain line-at-a-time terminal loop: the stand-in until the prompt_toolkit REPL (repl/) lands.

It feeds the same Runner as scripts do; only the prompt and error policy differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.errors import ConnectionLost, ExitCode, ScriptStop

if TYPE_CHECKING:
    from dsqlsh.context import Context
    from dsqlsh.engine import Engine

__all__ = ["run_interactive"]


def run_interactive(ctx: Context, engine: Engine) -> ExitCode:
    from dsqlsh.engine import Runner

    ctx.interactive = True
    runner = Runner(engine)
    runner.read_line = lambda: _read(ctx, runner)
    ctx.streams.stdout.write(f'dsqlsh ({ctx.variables.get("VERSION")})\nType "\\?" for help.\n\n')
    while True:
        line = _read(ctx, runner)
        if line is None:
            ctx.streams.stdout.write("\\q\n")
            return ExitCode.OK
        try:
            runner.feed_line(line)
        except ScriptStop as stop:
            return stop.exit_code
        except ConnectionLost:
            _reset(ctx, runner)


def _reset(ctx: Context, runner) -> None:  # type: ignore[no-untyped-def]
    """psql's interactive reset after a lost connection; on DSQL, a fresh token."""
    from dsqlsh.errors import ConnectionFailed
    from dsqlsh.lifecycle import reconnect

    runner.scanner.take_buffer()
    ctx.streams.stderr.write("The connection to the server was lost. Attempting reset: ")
    try:
        reconnect(ctx, "the connection was lost")
        ctx.streams.stderr.write("Succeeded.\n")
    except ConnectionFailed as exc:
        ctx.streams.stderr.write(f"Failed.\n{exc.args[0]}\n")
        ctx.conn = None


def _prompt(ctx: Context, status: str) -> str:
    """database, role (ADMIN marked on DSQL) and psql's %R status and %# marker."""
    conn = ctx.conn
    if conn is None:
        return "!> "
    role = conn.user
    if conn.params.is_dsql and role == "admin":
        role = "ADMIN"
    mark = "#" if conn.parameter("is_superuser") == "on" or role == "ADMIN" else ">"
    txn = {2: "*", 3: "!"}.get(conn.transaction_status, "")
    return f"{role}@{conn.dbname}{'=' if status == '=' else status}{txn}{mark} "


def _read(ctx: Context, runner) -> str | None:  # type: ignore[no-untyped-def]
    prompt = _prompt(ctx, runner.scanner.state)
    try:
        line = input(prompt)
    except EOFError:
        return None
    except KeyboardInterrupt:
        ctx.streams.stdout.write("\n")
        runner.scanner.take_buffer()
        return ""
    runner.lineno += 1
    return line
