"""The program's start, as psql's startup.c: Settings -> Context, connect, open -o/-L, run the actions.

Only cli.py imports this module; nothing below it calls back into it.
"""

from __future__ import annotations

import sys

from dsqlsh import mainloop
from dsqlsh.config import Settings
from dsqlsh.connection import ConnectParams
from dsqlsh.context import Context
from dsqlsh.engine import Engine
from dsqlsh.errors import ConnectionLost, DsqlshError, ExitCode, Terminated
from dsqlsh.output.pset import PsetError, set_option
from dsqlsh.session import attach, connect, params_from
from dsqlsh.variables import BadVariable

__all__ = ["build_context", "run_session"]


def build_context(settings: Settings) -> Context:
    """A Context with the command line's variables and print settings applied, as psql does before connecting."""
    ctx = Context(settings=settings)
    ctx.interactive = False
    v = ctx.variables
    if settings.echo:
        v.set("ECHO", settings.echo)
    if settings.echo_hidden:
        v.set("ECHO_HIDDEN", "on")
    if settings.quiet:
        v.set("QUIET", "on")
    if settings.single_step:
        v.set("SINGLESTEP", "on")
    if settings.single_line:
        v.set("SINGLELINE", "on")
    # REPL settings are variables, so \\set and the rc file can change them too.
    if settings.style:
        v.set("DSQLSH_STYLE", settings.style)
    if settings.vi:
        v.set("DSQLSH_EDITING_MODE", "vi")
    for name, value in settings.variables:
        try:
            if value is None:
                v.unset(name)
            else:
                v.set(name, value)
        except BadVariable as exc:
            raise DsqlshError(str(exc)) from None
    for name, value in settings.psets:
        try:
            set_option(ctx.popt, name, value)
        except PsetError as exc:
            raise DsqlshError(str(exc)) from None
    return ctx


def run_session(settings: Settings) -> ExitCode:
    """Connect and run every -c/-f in order, or stdin; returns psql's exit code."""
    # The signal module's own core: signal.py wraps it in enums of every signal, 1% of a `-c` start (issue 19).
    import _signal as signal

    # Ctrl-C cancels the running query, as psql's handler does, even when started with SIGINT ignored
    # (a background job of a non-interactive shell).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    ctx = build_context(settings)
    if settings.occ_retry:
        ctx.variables.set("OCC_RETRY", str(settings.occ_retry))
    # --local (issue 8, dsqlsh/playground): connect to the playground; released in the finally below, or at exit.
    playground = None
    if settings.local:
        from dsqlsh.playground import start_playground

        playground = start_playground(settings)
    try:
        first = connect(ctx, ConnectParams(**playground.conninfo_params()) if playground else params_from(settings))
    except KeyboardInterrupt:  # psql has no Ctrl-C handler until it is connected: it ends by the signal
        raise Terminated(signal.SIGINT) from None
    attach(ctx, first)
    if settings.dsql_check:
        ctx.variables.set("DSQL_CHECK", settings.dsql_check)
    elif ctx.variables.get("DSQL_CHECK") is None:
        from dsqlsh.checking import default_mode

        assert ctx.conn is not None
        ctx.variables.set("DSQL_CHECK", default_mode(is_dsql=ctx.conn.params.is_dsql, playground=bool(playground)))
    if settings.output:
        from dsqlsh.meta.io import open_target

        opened = open_target(ctx, settings.output)
        if opened is None:
            return ExitCode.FAILURE
        ctx.streams.query_out, ctx.streams.query_out_close = opened
    if settings.log_file:
        try:
            ctx.streams.log = open(settings.log_file, "a", encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
        except OSError as exc:
            raise DsqlshError(f'could not open log file "{settings.log_file}": {exc.strerror}') from None
    engine = Engine(ctx)
    if settings.list_databases:
        from dsqlsh.meta.describe import list_databases

        return ExitCode.OK if list_databases(engine, None, verbose=False) else ExitCode.FAILURE
    try:
        if settings.fix:
            return _run_fixed(ctx, engine, settings)
        return _run_actions(ctx, engine, settings)
    except ConnectionLost:
        ctx.error("connection to server was lost")
        return ExitCode.BADCONN
    finally:
        _close_output(ctx)
        if ctx.conn is not None:
            ctx.conn.close()
        if playground is not None:
            playground.release()  # after the close: the last dsqlsh out stops the server


def _close_output(ctx: Context) -> None:
    streams = ctx.streams
    try:
        streams.out.flush()
        streams.stdout.flush()
    except BrokenPipeError:
        pass
    if streams.query_out_close is not None:
        streams.query_out_close()
    if streams.log is not None:
        streams.log.close()


def _run_fixed(ctx: Context, engine: Engine, settings: Settings) -> ExitCode:
    """--fix -f FILE: each file fixed for DSQL into a temporary directory (its report printed first), then the
    actions run with the fixed files in place of the originals."""
    import os
    import tempfile

    from dsqlsh.config import Action
    from dsqlsh.fix import fix_file

    with tempfile.TemporaryDirectory(prefix="dsqlsh-fix-") as folder:
        actions = []
        for number, action in enumerate(settings.actions):
            if action.kind != "file":
                actions.append(action)
                continue
            stem = "stdin" if action.value == "-" else os.path.splitext(os.path.basename(action.value))[0]
            fixed = os.path.join(folder, f"{number}-{stem}.dsql.sql")
            with open(fixed, "w", encoding="utf-8") as out:
                if fix_file(action.value, out=out, err=ctx.streams.stderr) == 2:
                    return ExitCode.FAILURE
            actions.append(Action("file", fixed))
        return _run_actions(ctx, engine, settings._replace(actions=tuple(actions)))


def _run_actions(ctx: Context, engine: Engine, settings: Settings) -> ExitCode:
    """The rc file, then each -c and -f in order (or the REPL, or stdin), as psql's main()."""
    if not settings.no_psqlrc:
        mainloop.run_rc_file(engine)
    if not settings.actions:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from dsqlsh.repl.start import run_interactive

            return run_interactive(ctx, engine)
        return mainloop.run_stdin(engine)
    if settings.single_transaction:
        engine.run_silent("BEGIN")
    result = ExitCode.OK
    for action in settings.actions:
        if action.kind == "command":
            result = mainloop.run_command_string(engine, action.value)
        else:
            result = mainloop.run_file(engine, action.value)
        if result != ExitCode.OK and ctx.variables.flag("ON_ERROR_STOP"):
            break
    if settings.single_transaction and ctx.conn is not None and not ctx.conn.is_bad:
        engine.run_silent("COMMIT" if result == ExitCode.OK else "ROLLBACK")
    return result
