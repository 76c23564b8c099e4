"""A plain line-at-a-time terminal loop: the stand-in until the prompt_toolkit REPL (repl/) lands.

It feeds the same Runner as scripts do; only the prompt and error policy differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.errors import ExitCode, ScriptStop

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


def _read(ctx: Context, runner) -> str | None:  # type: ignore[no-untyped-def]
    db = ctx.conn.dbname if ctx.conn else ""
    status = runner.scanner.state
    prompt = f"{db}{status}# " if status != "=" else f"{db}=# "
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
