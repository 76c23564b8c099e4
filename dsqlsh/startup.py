"""Session start-up, as psql's startup.c: settings -> Context, connect, run the actions."""

from __future__ import annotations

import os
import sys

from dsqlsh.config import Settings
from dsqlsh.connection import Connection, ConnectParams
from dsqlsh.context import Context
from dsqlsh.errors import ConnectionFailed, ConnectionLost, DsqlshError, ExitCode, ScriptStop
from dsqlsh.output.pset import PsetError, set_option
from dsqlsh.variables import BadVariable

__all__ = ["run_session", "connect", "sync_variables"]


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


def connect(ctx: Context, params: ConnectParams) -> Connection:
    """Open a connection, asking for a password when libpq needs one and a terminal can answer."""
    prompt = ctx.settings.password_prompt
    password = _ask_password(params) if prompt == "force" else None
    try:
        return Connection.open(params, password=password)
    except ConnectionFailed as exc:
        wants_password = len(exc.args) > 1 and exc.args[1]
        if not wants_password or prompt == "never" or password is not None or not _has_tty():
            raise ConnectionFailed(exc.args[0]) from None
        return Connection.open(params, password=_ask_password(params))


def _has_tty() -> bool:
    try:
        with open("/dev/tty"):
            return True
    except OSError:
        return False


def _ask_password(params: ConnectParams) -> str:
    import getpass

    user = params.user or os.environ.get("PGUSER") or getpass.getuser()
    return getpass.getpass(f"Password for user {user}: ")


def sync_variables(ctx: Context) -> None:
    """psql's SyncVariables: DBNAME, USER, HOST, PORT, ENCODING and the server version."""
    conn = ctx.conn
    if conn is None:
        return
    v = ctx.variables
    v.set_internal("DBNAME", conn.dbname)
    v.set_internal("USER", conn.user)
    v.set_internal("HOST", conn.host)
    v.set_internal("PORT", conn.port)
    v.set_internal("ENCODING", conn.encoding)
    num = conn.server_version
    name = conn.parameter("server_version").split(" ")[0]
    v.set_internal("SERVER_VERSION_NAME", name)
    v.set_internal("SERVER_VERSION_NUM", str(num))
    from psycopg import pq

    libpq = pq.version()
    v.set_internal("VERSION_NUM", str(libpq))
    v.set_internal("VERSION_NAME", f"{libpq // 10000}.{libpq % 100}")
    from dsqlsh import __version__

    v.set_internal("VERSION", f"dsqlsh {__version__}")


def _install_notice_printer(ctx: Context) -> None:
    from dsqlsh.diagnostics import format_message

    def show(res) -> None:  # type: ignore[no-untyped-def]
        ctx.message(format_message(res, ctx.variables.choice("VERBOSITY"), ctx.variables.choice("SHOW_CONTEXT")))

    assert ctx.conn is not None
    ctx.conn.set_notice_handler(show)


def attach(ctx: Context, conn: Connection) -> None:
    """Make conn the session's connection: notices, variables."""
    ctx.conn = conn
    _install_notice_printer(ctx)
    sync_variables(ctx)


def params_from(settings: Settings) -> ConnectParams:
    """What to connect to: psql's flags, then DSQL's defaults and IAM tokens when the host is a DSQL endpoint."""
    from dsqlsh.auth import dsql_params

    params = ConnectParams(host=settings.host, port=settings.port, user=settings.user, dbname=settings.dbname)
    return dsql_params(params, region=settings.region, profile=settings.profile, expires=settings.token_expires)


def run_session(settings: Settings) -> ExitCode:
    """Connect and run every -c/-f in order, or stdin; returns psql's exit code."""
    import signal

    from dsqlsh.engine import Engine

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
    attach(ctx, connect(ctx, ConnectParams(**playground.conninfo_params()) if playground else params_from(settings)))
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
        ctx.streams.query_out, ctx.streams.query_out_close = opened  # type: ignore[assignment]
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
        streams.query_out_close()  # type: ignore[operator]
    if streams.log is not None:
        streams.log.close()


def _run_actions(ctx: Context, engine, settings: Settings) -> ExitCode:  # type: ignore[no-untyped-def]
    from dsqlsh.engine import Runner

    if not settings.no_psqlrc:
        _run_rc_file(ctx, engine)
    if not settings.actions:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from dsqlsh.repl.loop import run_interactive

            return run_interactive(ctx, engine)
        return _stop_code(lambda: Runner(engine).run(_stdin_lines()))
    if settings.single_transaction:
        engine.run_silent("BEGIN")
    result = ExitCode.OK
    for action in settings.actions:
        if action.kind == "command":
            result = _run_command_string(ctx, engine, action.value)
        else:
            result = _run_file(ctx, engine, action.value)
        if result != ExitCode.OK and ctx.variables.flag("ON_ERROR_STOP"):
            break
    if settings.single_transaction and ctx.conn is not None and not ctx.conn.is_bad:
        engine.run_silent("COMMIT" if result == ExitCode.OK else "ROLLBACK")
    return result


def _stop_code(run) -> ExitCode:  # type: ignore[no-untyped-def]
    """Run a script; \\q and ON_ERROR_STOP unwind to here as ScriptStop."""
    try:
        return run()
    except ScriptStop as stop:
        return stop.exit_code


def _stdin_lines():  # type: ignore[no-untyped-def]
    from dsqlsh.meta.io import input_lines

    return input_lines(sys.stdin)


def _run_file(ctx: Context, engine, name: str) -> ExitCode:  # type: ignore[no-untyped-def]
    """-f FILE (or -f - for stdin, named <stdin> in messages)."""
    from dsqlsh.engine import Runner
    from dsqlsh.meta.io import input_lines

    if name == "-":
        runner = Runner(engine, name="<stdin>")
        return _stop_code(lambda: runner.run(_stdin_lines()))
    try:
        stream = open(name, encoding="utf-8", errors="surrogateescape", newline="")  # noqa: SIM115
    except OSError as exc:
        ctx.location = None
        ctx.error(f"{name}: {exc.strerror}")
        return ExitCode.FAILURE
    with stream:
        runner = Runner(engine, name=name, base_dir=os.path.dirname(name))
        return _stop_code(lambda: runner.run(input_lines(stream)))


def _run_command_string(ctx: Context, engine, text: str) -> ExitCode:  # type: ignore[no-untyped-def]
    """-c: SQL is sent as one query, uninterpolated; a leading backslash runs one meta-command."""
    from dsqlsh.engine import Runner

    if ctx.variables.choice("ECHO") == "all":
        ctx.streams.stdout.write(text + "\n")
    ctx.location = None
    ctx.terse = True
    if text.startswith("\\"):
        from dsqlsh.meta.registry import Result, dispatch
        from dsqlsh.statements import Command, scan

        items = [i for i in scan(text, ctx.variables.get) if isinstance(i, Command)]
        if not items:
            return ExitCode.OK
        runner = Runner(engine, base_dir=".")
        runner.read_line = _stdin_reader()
        try:
            result = dispatch(runner, items[0])
        except ScriptStop as stop:
            return stop.exit_code
        return ExitCode.FAILURE if result is Result.ERROR else ExitCode.OK
    ok = engine.send_query(text, copy_source=_stdin_reader())
    return ExitCode.OK if ok else ExitCode.FAILURE


def _stdin_reader():  # type: ignore[no-untyped-def]
    def read() -> str | None:
        line = sys.stdin.readline()
        return line.rstrip("\n") if line else None

    return read


def _run_rc_file(ctx: Context, engine) -> None:  # type: ignore[no-untyped-def]
    """The startup file, unless -X: ~/.dsqlshrc ($DSQLSHRC), else psql's ~/.psqlrc ($PSQLRC),
    so a psql user's settings (\\pset null, \\timing, \\x auto ...) carry over."""
    from dsqlsh.engine import Runner
    from dsqlsh.meta.io import input_lines

    candidates = [os.environ.get("DSQLSHRC") or "~/.dsqlshrc", os.environ.get("PSQLRC") or "~/.psqlrc"]
    path = next((p for p in map(os.path.expanduser, candidates) if os.path.isfile(p)), None)
    if path is None:
        return
    with open(path, encoding="utf-8", errors="surrogateescape") as stream:
        _stop_code(lambda: Runner(engine, name=path, base_dir=os.path.dirname(path)).run(input_lines(stream)))
    ctx.location = None
