"""The command line: psql's flags -> Settings, pick the way in, turn errors into exit codes."""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING

from dsqlsh import __version__
from dsqlsh.errors import DsqlshError, ExitCode, FixUsageError, Terminated, UsageError
from dsqlsh.options import read_options

if TYPE_CHECKING:
    from dsqlsh.config import Settings

__all__ = ["main", "parse_args"]


def _split_assignment(text: str) -> tuple[str, str | None]:
    name, sep, value = text.partition("=")
    return name, (value if sep else None)


def _pset_pairs(raw: list[tuple[str | None, object]]) -> tuple[tuple[str, str | None], ...]:
    """Turn the ordered printing flags into (\\pset name, value) pairs."""
    pairs: list[tuple[str, str | None]] = []
    for preset, value in raw:
        if preset is None:  # -P name[=value]
            pairs.append(_split_assignment(str(value)))
        elif isinstance(value, str):  # -F x, -R x, -T x
            pairs.append((preset, value))
        else:
            pairs.append(_split_assignment(preset))
    return tuple(pairs)


def parse_args(argv: list[str]) -> Settings | str:
    """Settings for a run, or the text to print for --help / --version."""
    from dsqlsh.config import Action, Settings

    values, positional = read_options(argv)
    ns = SimpleNamespace(**values)
    if ns.help:
        if ns.help == "variables":
            from dsqlsh.data.variables_help import variables_help

            return variables_help()
        if ns.help == "commands":
            from dsqlsh.meta.help import help_text

            return help_text(None)
        if ns.help != "options":
            raise UsageError("")  # psql: an unknown --help=TOPIC gets the hint alone
        from dsqlsh.usage import USAGE

        return USAGE
    if ns.version:
        return version_text()
    if ns.completion:
        from dsqlsh.data.shell_completion import completion_script

        return completion_script(ns.completion)
    if ns.list_connections:
        return _connection_listing(_pset_pairs(ns.psets))
    if ns.check:
        if not positional:
            raise UsageError("--check needs at least one FILE (or - for standard input)")
        if ns.fix and len(positional) != 1:
            raise FixUsageError("--check --fix takes one FILE (or - for standard input)")
        return Settings(check_files=tuple(positional), check_format=ns.format, fix=ns.fix, output=ns.output)
    if ns.fix and not any(kind == "file" for kind, _ in ns.actions):
        raise FixUsageError("--fix needs --check FILE, or -f FILE to fix and then run")
    saved_name = _saved_name(ns, positional)
    dbname = ns.dbname
    user = ns.username
    if positional and dbname is None:
        dbname = positional.pop(0)
    if positional and user is None:
        user = positional.pop(0)
    for leftover in positional:
        sys.stderr.write(f'dsqlsh: warning: extra command-line argument "{leftover}" ignored\n')
    # --local-dir, --fresh and --sample only make sense on the playground: they imply --local.
    local = ns.local or ns.fresh or ns.sample or ns.local_dir is not None
    if local and (ns.host is not None or ns.port is not None):
        raise UsageError("--local cannot be combined with -h/--host or -p/--port")
    if local and saved_name is not None:
        raise UsageError("--local cannot be combined with a saved connection (@NAME or -D NAME)")
    return _with_saved(saved_name, ns.profile, Settings(
        host=ns.host,
        port=ns.port,
        user=user,
        dbname=dbname,
        password_prompt="force" if ns.password else "never" if ns.no_password else "auto",
        actions=tuple(Action(kind, value) for kind, value in ns.actions),
        variables=tuple(_split_assignment(v) for v in ns.variables),
        psets=_pset_pairs(ns.psets),
        no_psqlrc=ns.no_psqlrc,
        single_transaction=ns.single_transaction,
        output=ns.output,
        log_file=ns.log_file,
        list_databases=ns.list,
        list_clusters=ns.list_clusters,
        single_step=ns.single_step,
        single_line=ns.single_line,
        echo=ns.echo,
        echo_hidden=ns.echo_hidden,
        quiet=ns.quiet,
        profile=ns.profile or os.environ.get("AWS_PROFILE"),
        region=ns.region,
        token_expires=ns.token_expires,
        occ_retry=ns.occ_retry,
        dsql_check=ns.dsql_check,
        local=local,
        fix=ns.fix,
        local_dir=ns.local_dir,
        fresh=ns.fresh,
        sample=ns.sample,
        style=ns.style,
        vi=ns.vi,
    ))


def _saved_name(ns: SimpleNamespace, positional: list[str]) -> str | None:
    """-D NAME, or @NAME as the first argument (taken out of DBNAME USERNAME)."""
    if not positional or not positional[0].startswith("@"):
        return ns.connection
    name = positional.pop(0)[1:]
    if ns.connection is not None and ns.connection != name:
        raise UsageError(f'two saved connections given: "@{name}" and -D "{ns.connection}"')
    return name


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        sys.stderr.write(f"dsqlsh: warning: {warning}\n")


def _with_saved(name: str | None, flag_profile: str | None, settings: Settings) -> Settings:
    """settings with the saved connection and [defaults] filled in: flags > @NAME > PG*/AWS environment >
    [defaults]. The file is read only when it exists or a name is given (tomllib costs start-up time)."""

    from dsqlsh.config import config_path

    path = config_path(os.environ)
    if settings.local or (name is None and not os.path.exists(path)):
        return settings
    from dsqlsh.saved_connections import Entry, load, merged

    saved = load(path)
    _warn(saved.warnings)
    s = settings
    given = Entry(host=s.host, port=s.port, user=s.user, dbname=s.dbname, region=s.region, profile=flag_profile,
                  dsql_check=s.dsql_check, style=s.style, vi=True if s.vi else None)
    m = merged(given, saved.entry(name) if name is not None else None, saved.defaults, os.environ)
    return s._replace(
        host=m.host, port=m.port, user=m.user, dbname=m.dbname, sslrootcert=m.sslrootcert, region=m.region,
        profile=m.profile or os.environ.get("AWS_PROFILE"), dsql_check=m.dsql_check, style=m.style, vi=bool(m.vi),
        psets=((("pager", m.pager),) if m.pager else ()) + s.psets,  # -P pager=... comes later: it wins
    )


def _connection_listing(psets: tuple[tuple[str, str | None], ...]) -> str:
    """--list-connections: the saved connections as a table, in the format the printing flags ask for."""
    import io

    from dsqlsh.output.formats import print_table
    from dsqlsh.output.options import PrintOptions
    from dsqlsh.output.pset import PsetError, set_option
    from dsqlsh.saved_connections import config_path, load

    saved = load(config_path(os.environ))
    _warn(saved.warnings)
    popt = PrintOptions()
    for name, value in psets:
        try:
            set_option(popt, name, value)
        except PsetError as exc:
            raise DsqlshError(str(exc)) from None
    out = io.StringIO()
    print_table(out, saved.listing(), popt)
    return out.getvalue()


def version_text() -> str:
    """dsqlsh's version, and the psycopg and libpq it runs on."""
    try:
        from dsqlsh.libpq import defer_package

        defer_package()
        from psycopg import pq
        from psycopg.version import __version__ as psycopg_version

        v = pq.version()
        libpq = f"{v // 10000}.{v % 100}" if v >= 100000 else str(v)
        return f"dsqlsh {__version__} (psycopg {psycopg_version}, libpq {libpq})\n"
    except ImportError:
        return f"dsqlsh {__version__}\n"


def _fix(settings: Settings) -> int:
    """--check --fix FILE: the fixed script to -o FILE or stdout, the report to stderr."""
    from dsqlsh.fix import fix_file

    assert settings.check_files is not None
    if settings.output is None:
        return fix_file(settings.check_files[0], out=sys.stdout, err=sys.stderr, fmt=settings.check_format)
    try:
        out = open(settings.output, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise DsqlshError(f"{settings.output}: {exc.strerror}") from None
    with out:
        return fix_file(settings.check_files[0], out=out, err=sys.stderr, fmt=settings.check_format)


def _list_clusters(settings: Settings) -> int:
    """--list-clusters: the region's DSQL clusters through the printer, with the printing flags applied."""
    from dsqlsh.libpq import defer_package

    defer_package()  # before anything imports psycopg.pq
    from dsqlsh.meta.clusters import print_clusters
    from dsqlsh.startup import build_context

    ctx = build_context(settings)
    return ExitCode.OK if print_clusters(ctx, region=settings.region, profile=settings.profile) else ExitCode.FAILURE


def _collect_less_often() -> None:
    """Rows arrive as hundreds of thousands of small tuples, and the cycle collector's default pass every 700 of
    them took about 6% of a big result's time (callgrind, 200k rows --csv). Cycles are still collected, after
    20,000 allocations instead; that holds a few MiB at most."""
    import gc

    gc.set_threshold(20_000, 20, 20)


def main(argv: list[str] | None = None) -> int:
    """The console entry point: every error becomes psql's message and exit code here. Called as the process's
    entry (no argv: the console script, python -m dsqlsh), it ends the process itself (_exit_now)."""
    code = _run(sys.argv[1:] if argv is None else argv)
    if argv is None:
        _exit_now(code)
    return code


def _exit_now(code: int) -> None:
    """End the process as psql does, without Python's teardown of every module and object: about 8% of a
    `-c 'select 1'` (issue 19: 30M of 357M instructions). By now the session has flushed and closed its outputs
    and its connection (startup.run_session); what a normal exit still does that matters is done here first:
    objects left in reference cycles are finalized (a file someone did not close gets flushed), atexit handlers
    run, and the standard streams are flushed. With another thread still running, or a stream that cannot be
    flushed, the usual exit takes over (it waits for the thread; it reports the stream)."""
    import atexit
    import gc
    import threading

    if threading.active_count() > 1:
        return
    gc.collect()
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def _run(args: list[str]) -> int:
    from dsqlsh.deferred_imports import defer_unused_modules

    defer_unused_modules()  # before dataclasses and psycopg are imported
    try:
        parsed = parse_args(args)
        if isinstance(parsed, str):
            sys.stdout.write(parsed)
            return ExitCode.OK
        if parsed.check_files is not None and parsed.fix:
            return _fix(parsed)
        if parsed.check_files is not None:
            from dsqlsh.compat.lint import lint

            return lint(list(parsed.check_files), fmt=parsed.check_format, out=sys.stdout, err=sys.stderr)
        if parsed.list_clusters:
            return _list_clusters(parsed)
        from dsqlsh.libpq import defer_package

        defer_package()  # before anything imports psycopg.pq
        _collect_less_often()
        from dsqlsh.startup import run_session

        return int(run_session(parsed))
    except UsageError as exc:
        if str(exc):
            sys.stderr.write(f"dsqlsh: {exc}\n")
        sys.stderr.write("dsqlsh: hint: Try \"dsqlsh --help\" for more information.\n")
        return int(exc.exit_code)
    except DsqlshError as exc:
        sys.stderr.write(f"dsqlsh: error: {exc}\n")
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return ExitCode.FAILURE
    except Terminated as stop:  # the REPL has cleaned up: now end by that signal, as psql does
        import os
        import signal

        sys.stdout.flush()
        signal.signal(stop.signum, signal.SIG_DFL)
        os.kill(os.getpid(), stop.signum)
        return ExitCode.FAILURE
    except BrokenPipeError:
        # The reader went away (| head): end as psql does, quietly, killed by SIGPIPE (status 141 in a shell),
        # and without Python's flush error at exit.
        import os
        import signal

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if hasattr(signal, "SIGPIPE"):
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGPIPE)
        return ExitCode.OK
