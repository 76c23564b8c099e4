"""Meta-commands for input, output and the query buffer:
\\echo \\qecho \\warn \\i \\ir \\o \\g \\gx \\gset \\p \\r \\! \\cd \\q \\?."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from dsqlsh.engine import QueryOptions
from dsqlsh.meta.pipeline_commands import refused_in_pipeline
from dsqlsh.meta.registry import Call, Result, command, warn_extra_args
from dsqlsh.output.pset import PsetError, set_option

if TYPE_CHECKING:
    from dsqlsh.context import Context

IO = "Input/Output"
BUFFER = "Query Buffer"
GENERAL = "General"


def _echo(call: Call, stream_name: str) -> Result:
    words: list[str] = []
    newline = "\n"
    while (word := call.args.next()) is not None:
        if not words and newline and word == "-n" and not call.args.quote:  # a quoted '-n' is text
            newline = ""
            continue
        words.append(word)
    streams = call.ctx.streams
    stream = {"stdout": streams.stdout, "query": streams.out, "stderr": streams.stderr}[stream_name]
    stream.write(" ".join(words) + newline)
    stream.flush()
    return Result.OK


@command("echo", usage="\\echo [-n] [STRING]", group=IO, help="write string to standard output (-n for no newline)")
def do_echo(call: Call) -> Result:
    return _echo(call, "stdout")


@command("qecho", usage="\\qecho [-n] [STRING]", group=IO,
         help="write string to \\o output stream (-n for no newline)")
def do_qecho(call: Call) -> Result:
    return _echo(call, "query")


@command("warn", usage="\\warn [-n] [STRING]", group=IO,
         help="write string to standard error (-n for no newline)")
def do_warn(call: Call) -> Result:
    call.ctx.streams.stdout.flush()
    return _echo(call, "stderr")


def _include(call: Call, relative: bool) -> Result:
    """\\i and \\ir: run another file through a nested runner, as psql's process_file."""
    name = call.args.next()
    if name is None:
        call.ctx.error(f"\\{call.name}: missing required argument")
        return Result.ERROR
    return Result.OK if call.runner.include(name, relative=relative) else Result.ERROR


@command("i", "include", usage="\\i FILE", group=IO, help="execute commands from file")
def do_include(call: Call) -> Result:
    return _include(call, relative=False)


@command("ir", "include_relative", usage="\\ir FILE", group=IO,
         help="as \\i, but relative to location of current script")
def do_include_relative(call: Call) -> Result:
    return _include(call, relative=True)


class PipeWriter(io.TextIOBase):
    """A \\o or \\g pipe. A command that stops reading early (| head) raises nothing here: what follows
    is dropped and `broken` says so, for the engine to fail the query as psql does (ferror)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.broken = False

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                self.proc.stdin.write(text)  # type: ignore[union-attr]
            except BrokenPipeError:
                self.broken = True
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self.proc.stdin.flush()  # type: ignore[union-attr]
            except BrokenPipeError:
                self.broken = True

    def close(self) -> None:
        try:
            self.proc.stdin.close()  # type: ignore[union-attr]
        except BrokenPipeError:
            pass
        self.proc.wait()


class DeferredTarget(io.TextIOBase):
    """A \\g FILE or |COMMAND, opened when the first rows (or COPY data) are to be written.

    psql 18 opens it there: a command without rows never creates the file or starts the command,
    and a file that cannot be opened fails the query after it ran, its rows going nowhere.
    """

    def __init__(self, ctx: Context, target: str) -> None:
        self.ctx = ctx
        self.target = target
        self._stream: TextIO | None = None
        self._close: object = None

    def open_now(self) -> bool:
        """Open it unless open; False (the error printed) if it cannot be."""
        if self._stream is None:
            opened = open_target(self.ctx, self.target)
            if opened is None:
                return False
            self._stream, self._close = opened
        return True

    def write(self, text: str) -> int:
        if self._stream is None and not self.open_now():
            return len(text)
        return self._stream.write(text)  # type: ignore[union-attr]

    def flush(self) -> None:
        if self._stream is not None:
            self._stream.flush()

    def isatty(self) -> bool:
        return False

    @property
    def broken(self) -> bool:
        """A |COMMAND that stopped reading (PipeWriter)."""
        return getattr(self._stream, "broken", False)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.flush()
            self._close()  # type: ignore[operator]
            self._stream = None


def open_target(ctx: Context, target: str) -> tuple[TextIO, Callable[[], None]] | None:
    """Open a \\o / \\g / -o target: a file, or `|command` piped through the shell."""
    ctx.streams.stdout.flush()
    try:
        if target.startswith("|"):
            proc = subprocess.Popen(target[1:], shell=True, stdin=subprocess.PIPE, text=True)
            pipe = PipeWriter(proc)
            return cast(TextIO, pipe), pipe.close
        stream = open(os.path.expanduser(target), "w", encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
        return stream, stream.close
    except OSError as exc:
        ctx.error(f"{target}: {exc.strerror}")
        return None


@command("o", "out", usage="\\o [FILE]", group=IO, help="send all query results to file or |pipe")
def do_output(call: Call) -> Result:
    ctx = call.ctx
    target = call.args.next("filepipe")
    streams = ctx.streams
    if streams.query_out_close is not None:
        streams.query_out.flush()  # type: ignore[union-attr]
        streams.query_out_close()
    streams.query_out, streams.query_out_close = None, None
    if target is None:
        return Result.OK
    opened = open_target(ctx, target)
    if opened is None:
        return Result.ERROR
    streams.query_out, streams.query_out_close = opened
    return Result.OK


def _g_options(call: Call) -> QueryOptions | None:
    """\\g [(name=value ...)] [FILE]: one-off \\pset options and target, psql 16+."""
    import copy

    ctx = call.ctx
    popt = None
    first = call.args.next("filepipe")
    if first is not None and first.startswith("("):
        popt = copy.copy(ctx.popt)
        words: list[str] = []
        token: str | None = first[1:]
        while token is not None:
            done = token.endswith(")")
            if done:
                token = token[:-1]
            if token:
                words.append(token)
            if done:
                break
            token = call.args.next()
        for word in words:
            name, sep, value = word.partition("=")
            try:
                set_option(popt, name, value if sep else None)
            except PsetError as exc:
                ctx.error(str(exc))
                return None
        first = call.args.next("filepipe")
    options = QueryOptions(popt=popt)
    if call.name == "gx":
        options.popt = copy.copy(options.popt or ctx.popt)
        options.popt.expanded = "on"
    if first is not None:
        target = DeferredTarget(ctx, first)
        options.out, options.open_out, options.close = cast(TextIO, target), target.open_now, target.close
    return options


@command("g", usage="\\g [(OPTIONS)] [FILE]", group=GENERAL,
         help="execute query (and send result to file or |pipe);\n\\g with no arguments is equivalent to a semicolon")
def do_go(call: Call) -> Result:
    if refused_in_pipeline(call):
        return Result.ERROR
    options = _g_options(call)
    if options is None:
        call.runner.scanner.take_buffer()
        return Result.ERROR
    warn_extra_args(call)
    call.runner.send_buffer(options)  # failures are counted by the runner (ON_ERROR_STOP)
    return Result.OK


@command("gx", usage="\\gx [(OPTIONS)] [FILE]", group=GENERAL, help="as \\g, but forces expanded output mode")
def do_go_expanded(call: Call) -> Result:
    return do_go(call)


@command("gset", usage="\\gset [PREFIX]", group=GENERAL,
         help="execute query and store result in dsqlsh variables")
def do_gset(call: Call) -> Result:
    if refused_in_pipeline(call):
        return Result.ERROR
    prefix = call.args.next() or ""
    warn_extra_args(call)
    call.runner.send_buffer(QueryOptions(gset_prefix=prefix))
    return Result.OK


@command("gdesc", usage="\\gdesc", group=GENERAL, help="describe result of query, without executing it")
def do_gdesc(call: Call) -> Result:
    warn_extra_args(call)
    call.runner.send_buffer(QueryOptions(describe=True))
    return Result.OK


@command("gexec", usage="\\gexec", group=GENERAL, help="execute query, then execute each value in its result")
def do_gexec(call: Call) -> Result:
    if refused_in_pipeline(call):
        return Result.ERROR
    warn_extra_args(call)
    call.runner.send_buffer(QueryOptions(gexec=True))
    return Result.OK


@command("p", "print", usage="\\p", group=BUFFER, help="show the contents of the query buffer")
def do_print(call: Call) -> Result:
    text = call.runner.scanner.buffer or call.runner.previous_buffer
    out = call.ctx.streams.stdout
    out.write(text + "\n" if text else "Query buffer is empty.\n")
    return Result.OK


@command("w", "write", usage="\\w FILE", group=BUFFER, help="write query buffer to file")
def do_write(call: Call) -> Result:
    ctx = call.ctx
    target = call.args.next("filepipe")
    if target is None:
        ctx.error(f"\\{call.name}: missing required argument")
        return Result.ERROR
    opened = open_target(ctx, target)
    if opened is None:
        return Result.ERROR
    stream, close = opened
    text = call.runner.scanner.buffer or call.runner.previous_buffer
    if text:
        stream.write(text + "\n")
    close()
    return Result.OK


@command("r", "reset", usage="\\r", group=BUFFER, help="reset (clear) the query buffer")
def do_reset(call: Call) -> Result:
    call.runner.scanner.take_buffer()
    if not call.ctx.quiet:
        call.ctx.streams.stdout.write("Query buffer reset (cleared).\n")
    return Result.OK


@command("!", usage="\\! [COMMAND]", group="Operating System",
         help="execute command in shell or start interactive shell")
def do_shell(call: Call) -> Result:
    ctx = call.ctx
    text = call.args.next("whole_line")
    ctx.streams.stdout.flush()
    ctx.streams.out.flush()
    shell = os.environ.get("SHELL", "/bin/sh")
    if text is None or not text.strip():
        code = subprocess.call([shell])
    else:
        code = subprocess.call(text, shell=True)
    exit_code = code if code >= 0 else 128 - code
    ctx.variables.set_internal("SHELL_EXIT_CODE", str(exit_code))
    ctx.variables.set_internal("SHELL_ERROR", "false" if code == 0 else "true")
    return Result.OK


@command("cd", usage="\\cd [DIR]", group="Operating System", help="change the current working directory")
def do_cd(call: Call) -> Result:
    ctx = call.ctx
    target = call.args.next() or str(Path.home())
    try:
        os.chdir(target)
    except OSError as exc:
        ctx.error(f'\\cd: could not change directory to "{target}": {exc.strerror}')
        return Result.ERROR
    return Result.OK


@command("q", "quit", usage="\\q", group=GENERAL, help="quit dsqlsh")
def do_quit(call: Call) -> Result:
    return Result.QUIT


@command("?", usage="\\? [commands]", group="Help", help="show help on backslash commands")
def do_help(call: Call) -> Result:
    from dsqlsh.meta.help import help_text

    topic = (call.args.next() or "").lower()
    if topic and "options".startswith(topic):  # psql: "\\? options", "\\? o"
        from dsqlsh.usage import USAGE

        call.ctx.streams.stdout.write(USAGE)
        return Result.OK
    if topic and "variables".startswith(topic):
        from dsqlsh.data.variables_help import variables_help

        call.ctx.streams.stdout.write(variables_help())
        return Result.OK
    call.ctx.streams.stdout.write(help_text(call.ctx))
    return Result.OK


# \? options and \? variables are lines of psql's \? of their own; do_help serves them.
@command(usage="\\? options", group="Help", help="show help on dsqlsh command-line options")
def _help_options_line(call: Call) -> Result:
    return do_help(call)


@command(usage="\\? variables", group="Help", help="show help on special variables")
def _help_variables_line(call: Call) -> Result:
    return do_help(call)
