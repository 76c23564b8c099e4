"""The command line: psql's flags -> Settings, pick the way in, turn errors into exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from dsqlsh import __version__
from dsqlsh.config import Action, Settings
from dsqlsh.errors import DsqlshError, ExitCode, FixUsageError, Terminated, UsageError
from dsqlsh.usage import USAGE

__all__ = ["main", "parse_args"]



class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as psql does (one line + a hint) instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # Word it as getopt does for psql: "option requires an argument -- 'c'".
        import re

        missing = re.match(r"argument (-\w)(?:/\S+)?: expected one argument", message)
        if missing:
            message = f"option requires an argument -- '{missing.group(1)[1:]}'"
        raise UsageError(message)


class _Ordered(argparse.Action):
    """Collect order-sensitive flags (-c/-f, -P/-A/-x...) into one list, as psql applies them."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        kind, name = self.const
        bucket = getattr(namespace, kind)
        bucket.append((name, values))


def _parser() -> _Parser:
    p = _Parser(prog="dsqlsh", add_help=False, allow_abbrev=True)
    add = p.add_argument
    add("-c", "--command", dest="actions", action=_Ordered, const=("actions", "command"))
    add("-f", "--file", dest="actions", action=_Ordered, const=("actions", "file"))
    add("-d", "--dbname")
    add("-h", "--host")
    add("-p", "--port")
    add("-U", "--username")
    add("-w", "--no-password", action="store_true")
    add("-W", "--password", action="store_true")
    add("-v", "--set", "--variable", dest="variables", action="append", default=[])
    add("-V", "--version", action="store_true")
    add("-X", "--no-psqlrc", action="store_true")
    add("-1", "--single-transaction", action="store_true")
    add("-?", "--help", nargs="?", const="options")
    add("-a", "--echo-all", dest="echo", action="store_const", const="all")
    add("-b", "--echo-errors", dest="echo", action="store_const", const="errors")
    add("-e", "--echo-queries", dest="echo", action="store_const", const="queries")
    add("-E", "--echo-hidden", action="store_true")
    add("-L", "--log-file")
    add("-n", "--no-readline", action="store_true")
    add("-o", "--output")
    add("-q", "--quiet", action="store_true")
    add("-s", "--single-step", action="store_true")
    add("-S", "--single-line", action="store_true")
    add("-l", "--list", action="store_true")
    # Printing flags are \pset settings applied in order, like psql's option loop.
    pset = ("psets", None)
    add("-A", "--no-align", dest="psets", action=_Ordered, nargs=0, const=("psets", "format=unaligned"))
    add("--csv", dest="psets", action=_Ordered, nargs=0, const=("psets", "format=csv"))
    add("-H", "--html", dest="psets", action=_Ordered, nargs=0, const=("psets", "format=html"))
    add("-F", "--field-separator", dest="psets", action=_Ordered, const=("psets", "fieldsep"))
    add("-R", "--record-separator", dest="psets", action=_Ordered, const=("psets", "recordsep"))
    add("-P", "--pset", dest="psets", action=_Ordered, const=pset)
    add("-t", "--tuples-only", dest="psets", action=_Ordered, nargs=0, const=("psets", "tuples_only=on"))
    add("-T", "--table-attr", dest="psets", action=_Ordered, const=("psets", "tableattr"))
    add("-x", "--expanded", dest="psets", action=_Ordered, nargs=0, const=("psets", "expanded=on"))
    add("-z", "--field-separator-zero", dest="psets", action=_Ordered, nargs=0,
        const=("psets", "fieldsep_zero"))
    add("-0", "--record-separator-zero", dest="psets", action=_Ordered, nargs=0,
        const=("psets", "recordsep_zero"))
    add("--profile")
    add("--region")
    add("--token-expires", type=int, default=900)
    add("--occ-retry", type=int, default=0)
    add("--dsql-check", choices=("warn", "strict", "fix", "off"))
    add("--style")
    add("--vi", action="store_true")
    add("--check", action="store_true")
    add("--fix", action="store_true")
    add("--format", choices=("text", "json"), default="text")
    add("--local", action="store_true")
    add("--local-dir")
    add("--fresh", action="store_true")
    add("--sample", action="store_true")
    # Saved connections (saved_connections.py) and the shipped shell completions (issue 20).
    add("-D", "--connection")
    add("--list-connections", action="store_true")
    add("--list-clusters", action="store_true")
    add("--completion", choices=("bash", "zsh", "fish"))
    add("positional", nargs="*")
    p.set_defaults(actions=[], psets=[])
    return p


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


# dsqlsh's own long options. An abbreviation psql takes for one of its options (--com for --command, --lis for
# --list) keeps psql's meaning though it is also the start of one of these.
_OWN_LONG_OPTIONS = ("--profile", "--region", "--token-expires", "--occ-retry", "--dsql-check", "--style", "--vi",
                     "--check", "--fix", "--format", "--local", "--local-dir", "--fresh", "--sample", "--connection",
                     "--list-connections", "--list-clusters", "--completion")


def _psql_abbreviations(parser: _Parser, argv: list[str]) -> list[str]:
    """argv with each long-option abbreviation that only one psql option starts with spelled out."""
    psql_options = [o for o in parser._option_string_actions if o.startswith("--") and o not in _OWN_LONG_OPTIONS]
    spelled: list[str] = []
    for arg in argv:
        if arg == "--":
            spelled.extend(argv[len(spelled):])
            break
        name, eq, value = arg.partition("=")
        if name.startswith("--") and name not in parser._option_string_actions:
            psql_matches = [o for o in psql_options if o.startswith(name)]
            if len(psql_matches) == 1:
                arg = psql_matches[0] + eq + value
        spelled.append(arg)
    return spelled


def parse_args(argv: list[str]) -> Settings | str:
    """Settings for a run, or the text to print for --help / --version."""
    parser = _parser()
    ns, extra = parser.parse_known_args(_psql_abbreviations(parser, argv))
    unknown = [a for a in extra if a.startswith("-")]
    if unknown:
        raise UsageError(f"unrecognized option '{unknown[0]}'" if unknown[0].startswith("--")
                         else f"invalid option -- '{unknown[0].lstrip('-')[:1]}'")
    if ns.help:
        if ns.help == "variables":
            from dsqlsh.data.variables_help import variables_help

            return variables_help()
        if ns.help == "commands":
            from dsqlsh.meta.help import help_text

            return help_text(None)
        return USAGE
    if ns.version:
        return version_text()
    if ns.completion:
        from dsqlsh.data.shell_completion import completion_script

        return completion_script(ns.completion)
    if ns.list_connections:
        return _connection_listing(_pset_pairs(ns.psets))
    positional = list(ns.positional) + extra
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


def _saved_name(ns: argparse.Namespace, positional: list[str]) -> str | None:
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
    import dataclasses

    from dsqlsh.saved_connections import Entry, config_path, load, merged

    path = config_path(os.environ)
    if settings.local or (name is None and not os.path.exists(path)):
        return settings
    saved = load(path)
    _warn(saved.warnings)
    s = settings
    given = Entry(host=s.host, port=s.port, user=s.user, dbname=s.dbname, region=s.region, profile=flag_profile,
                  dsql_check=s.dsql_check, style=s.style, vi=True if s.vi else None)
    m = merged(given, saved.entry(name) if name is not None else None, saved.defaults, os.environ)
    return dataclasses.replace(
        s, host=m.host, port=m.port, user=m.user, dbname=m.dbname, sslrootcert=m.sslrootcert, region=m.region,
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
    """The console entry point: every error becomes psql's message and exit code here."""
    args = sys.argv[1:] if argv is None else argv
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
        sys.stderr.write(f"dsqlsh: {exc}\ndsqlsh: hint: Try \"dsqlsh --help\" for more information.\n")
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
