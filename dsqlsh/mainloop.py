"""psql's MainLoop: lines from any source (the REPL, -c, -f, stdin, the rc file, \\i) become statements for the
engine and backslash commands for the meta-command table.

A Runner follows one input source: it feeds lines to the Scanner, sends complete statements with the engine,
and dispatches commands. \\i and \\ir reach include() through the Runner their command came from, so meta/
never imports this module.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, TextIO

from dsqlsh.errors import ExitCode, ScriptStop
from dsqlsh.statements import Command, Statement

if TYPE_CHECKING:
    from dsqlsh.context import Context
    from dsqlsh.engine import Engine, QueryOptions
    from dsqlsh.meta.conditionals import Branch
    from dsqlsh.scanner import Scanner

__all__ = ["Runner", "include", "input_lines", "run_command_string", "run_file", "run_rc_file", "run_stdin"]


class Runner:
    """psql's MainLoop for one input source: feed it lines; it sends statements and runs commands.

    name is the locus for messages ("file" in `dsqlsh:file:LINE:`), None for plain stdin and the REPL.
    read_line lets COPY FROM STDIN take data lines from the same source. Not a dataclass: defining one cost
    0.9 ms of every start (issue 19).
    """

    follows_transactions = False  # ReplRunner's says True: see since_begin

    def __init__(self, engine: Engine, name: str | None = None, base_dir: str | None = None) -> None:
        # Here, once a Runner: -c sends its text unscanned and never loads the lexer (issue 19).
        from dsqlsh.scanner import Scanner

        self.engine = engine
        self.name = name
        self.base_dir = base_dir  # for \\ir
        self.read_line: Callable[[], str | None] | None = None
        self.lineno = 0
        self.previous_buffer = ""
        self.failed = False
        self.conditions: list[Branch] = []  # the \\if stack (meta/conditionals.py)
        # The statements of the open transaction block, and those of the last one an OCC conflict rolled back at
        # its end (for the REPL to offer to run again; never run again without asking). Kept only by a runner that
        # follows transactions: the REPL's own (ReplRunner); a script's would keep them for no one.
        self.since_begin: list[str] = []
        self.lost_to_occ: list[str] | None = None
        self.asker: Callable[[str, bool], str | None] | None = None  # the REPL's way to ask for a line (\\prompt...)
        # The engine's Context, which never changes: an attribute, not a property, as it is read several times a line
        self.ctx: Context = engine.ctx
        variables = self.ctx.variables
        # psql expands no variables inside a skipped \\if branch.
        self.scanner: Scanner = Scanner(lambda var: variables.get(var) if self.active else None)

    @property
    def active(self) -> bool:
        """False inside a skipped \\if branch, where SQL is discarded and commands are not run."""
        return not self.conditions or self.conditions[-1].state in ("true", "else-true")

    def run(self, lines: Iterable[str]) -> ExitCode:
        """Run every line of a script (without its newline: input_lines()). \\q and ON_ERROR_STOP unwind past it
        as ScriptStop."""
        it = iter(lines)

        def read_line() -> str | None:
            line = next(it, None)
            if line is None:
                return None
            self.lineno += 1
            if self.name is not None:  # stdin has no locus: set once, below
                self._locate()
            return line

        self.read_line = read_line
        if self.name is None:
            self._locate()
        self.ctx.terse = True
        self._forget_ctrl_c()
        ctx = self.ctx
        while True:
            # Ctrl-C is asked of the connection before each line; the method only when it was pressed (a call less)
            if (conn := ctx.conn) is not None and conn.cancel_pressed and self._stopped_by_ctrl_c():
                break
            if (line := read_line()) is None:
                break
            self.feed_line(line)
        self.finish()
        return ExitCode.OK

    def _forget_ctrl_c(self) -> None:
        if self.ctx.conn is not None:
            self.ctx.conn.cancel_pressed = False

    def _stopped_by_ctrl_c(self) -> bool:
        """psql's check before each line of a file: Ctrl-C during a statement ends a script (exit 3); a file run
        with \\i from the prompt just ends, and the prompt comes back."""
        conn = self.ctx.conn
        if conn is None or not conn.cancel_pressed:
            return False
        if not self.ctx.interactive:
            raise ScriptStop(ExitCode.USER)
        self._forget_ctrl_c()
        self.scanner.take_buffer()  # the rest of the file is not run, nor its unfinished statement
        return True

    def _locate(self) -> None:
        self.ctx.location = None if self.name is None else f"{self.name}:{self.lineno}"

    def feed_line(self, line: str) -> None:
        """Process one line (already counted in lineno); raises ScriptStop to end the run."""
        ctx = self.ctx
        if ctx.variables.choice("ECHO") == "all" and not ctx.interactive and not self.scanner.ignores(line):
            ctx.streams.stdout.write(line + "\n")
            ctx.streams.stdout.flush()
        if ctx.pipeline is not None and self._sent_bound(line):
            return
        text = self.scanner.take_statement_line(line, self.lineno)
        if text is not None:  # the usual line: one whole statement (feed() would yield just it)
            if not self.conditions or self.active:
                self.previous_buffer = text
                if not self._send(text):
                    self._after(False)
            return
        for item in self.scanner.feed(line, self.lineno):
            if isinstance(item, Statement):
                if not self.active:
                    continue  # psql discards a statement completed inside a skipped branch
                self.previous_buffer = item.text
                self._after(self._send(item.text))
            elif isinstance(item, Command):
                self._run_command(item)
        if ctx.variables.flag("SINGLELINE") and self.scanner.state == "-":
            self.send_buffer()  # -S: the end of a line ends the statement (outside quotes and parens)

    def finish(self) -> None:
        """End of input: psql sends an unterminated statement left in the buffer."""
        if self.conditions:
            self.ctx.error("reached EOF without finding closing \\endif(s)")
            unfinished_active = self.active
            self.conditions.clear()
            if not unfinished_active:
                self.scanner.take_buffer()
            self._after(False)
        statement = self.scanner.finish()
        if statement is not None and not self.failed:
            self.previous_buffer = statement.text
            self._after(self._send(statement.text))

    def _send(self, sql: str) -> bool:
        if not self.follows_transactions:  # a script: no transaction status asked before and after each statement
            return _send_with_copy(self.engine, sql, self.read_line, first_line=self.lineno + 1)
        conn = self.ctx.conn
        was_in = conn is not None and conn.in_transaction
        ok = _send_with_copy(self.engine, sql, self.read_line, first_line=self.lineno + 1)
        # A call less for the usual autocommit statement. The connection is asked again: sending may replace it.
        if was_in or (conn := self.ctx.conn) is not None and conn.in_transaction:
            self._follow_transaction(sql, was_in, ok)
        return ok

    def _follow_transaction(self, sql: str, was_in: bool, ok: bool) -> None:
        """Keep the open block's statements; when its end failed on an OCC conflict, keep them as lost."""
        conn = self.ctx.conn
        now_in = conn is not None and conn.in_transaction
        if now_in or was_in:
            if not was_in:
                self.since_begin = []
            self.since_begin.append(sql)
        if not now_in and was_in:
            if not ok:
                from dsqlsh.occ import SERIALIZATION_FAILURE  # here: an import costs ~0.6 us even when done

                if self.ctx.variables.get("SQLSTATE") == SERIALIZATION_FAILURE:
                    self.lost_to_occ = self.since_begin
            self.since_begin = []

    def _sent_bound(self, line: str) -> bool:
        """A pipeline's usual line, `SQL \\bind ARGS \\sendpipeline` (Scanner.take_bound_line), run as its two
        commands without scanning them out and dispatching each (issue 19: 227 k -> 73 k instructions a line, with
        a few smaller changes). Only where they would run as usual: in an active branch, commands not restricted."""
        ctx = self.ctx
        if self.conditions and not self.active or ctx.restrict_key is not None or ctx.conn is None:
            return False
        bound = self.scanner.take_bound_line(line, self.lineno)
        if bound is None:
            return False
        self.previous_buffer = bound[0]  # never blank: the line's SQL starts with a word
        ctx.extended = None  # \\sendpipeline uses up the line's \\bind (and an earlier one it replaced)
        ctx.pipeline.send_bound(*bound)  # type: ignore[union-attr]  # feed_line asks only inside a pipeline
        return True

    def _run_command(self, command: Command) -> None:
        meta = _meta_commands()
        result = meta.dispatch(self, command)
        if result is meta.Result.OK:
            return
        if result is meta.Result.ERROR:
            self.scanner.skip_rest_of_line()  # psql drops the line's rest
            self._after(False)
        elif result is meta.Result.QUIT:
            raise ScriptStop(ExitCode.OK)

    def ask(self, text: str, *, secret: bool = False) -> str | None:
        """\\prompt's answer, read where psql reads it: at the REPL's prompt; for a script file (-f FILE, \\i), from
        stdin with the text on stdout; for a script on stdin, from the terminal when there is one, else from
        the script's next line. A secret (\\password) is psql's simple_prompt: the terminal, not echoed, else
        stdin. None at end of input."""
        if self.asker is not None:
            return self.asker(text, secret)
        if secret:
            return self._ask_secret(text)
        if self.name is not None:
            out = self.ctx.streams.stdout
            out.write(text)
            out.flush()
            return self._next_input_line()
        try:
            with open("/dev/tty", "r+", encoding="utf-8") as tty:
                tty.write(text)
                tty.flush()
                line = tty.readline()
                return line.rstrip("\n") if line else None
        except OSError:  # no terminal: the prompt goes to stderr and the answer is the input's next line
            self.ctx.streams.stderr.write(text)
            self.ctx.streams.stderr.flush()
            return self._next_input_line()

    def _next_input_line(self) -> str | None:
        """The answer when no terminal is asked: the script's own next line when the script comes on stdin,
        else stdin's next line (a -f FILE script's questions are answered there, as psql reads them)."""
        if self.name in (None, "<stdin>") and self.read_line is not None:
            return self.read_line()
        line = sys.stdin.readline()
        return line.rstrip("\n") if line else None

    def _ask_secret(self, text: str) -> str | None:
        import getpass

        try:
            with open("/dev/tty", "r+", encoding="utf-8"):
                pass
        except OSError:  # no terminal: the prompt on stderr, the answer from stdin (the script itself, if there)
            err = self.ctx.streams.stderr
            err.write(text)
            err.flush()
            answer = self._next_input_line()
            err.write("\n")  # simple_prompt ends the unechoed line itself
            err.flush()
            return answer
        try:
            return getpass.getpass(text)
        except EOFError:
            return None

    def send_buffer(self, options: QueryOptions | None = None) -> bool:
        """\\g and friends: send the query buffer, or the previous one when it is empty."""
        text = self.scanner.take_buffer()
        if not text.strip():
            text = self.previous_buffer
        else:
            self.previous_buffer = text
        extended = self.ctx.extended
        if not text.strip() and (extended is None or extended.needs_text):
            if options and options.close:
                options.close()
            return True
        ok = self.engine.send_query(text, options, copy_source=self.read_line)
        if not ok:
            self._after(ok)
        return ok

    def include(self, name: str, *, relative: bool) -> bool:
        """\\i and \\ir: run another file (or - for stdin) through a nested runner; False if it cannot open."""
        path = name
        if relative and self.base_dir and not os.path.isabs(name):
            path = os.path.join(self.base_dir, name)
        outer_location = self.ctx.location
        try:
            return include(self.engine, path) is not None
        finally:
            self.ctx.location = outer_location

    def _after(self, ok: bool) -> None:
        """psql's check after each command: ON_ERROR_STOP ends a script with exit 3."""
        if ok:
            return
        if self.ctx.variables.flag("ON_ERROR_STOP") and not self.ctx.interactive:
            raise ScriptStop(ExitCode.USER)


@lru_cache(maxsize=1)
def _meta_commands() -> ModuleType:
    """dsqlsh.meta.registry, imported with the first backslash command (-c 'select 1' never loads the table).
    Kept: an import statement costs ~0.65 us even once the module is loaded, and a script may run thousands of
    commands."""
    from dsqlsh.meta import registry

    return registry


def _send_with_copy(engine: Engine, sql: str, read_line: Callable[[], str | None] | None, *, first_line: int) -> bool:
    """A complete statement: a COPY FROM STDIN whose data follows goes in batches where \\copy would batch (on DSQL:
    under its 3,000-row transactions); anything else to the engine."""
    # A cheap first look (it runs for every statement): could this be a COPY, or a comment that may hide one?
    # str operations, not a regular expression, and inline: a match and a call cost several times more (issue 19).
    first = sql[:1]
    if first.isalpha() and first not in "cC":  # most statements: one test
        return engine.send_query(sql, copy_source=read_line)
    head = sql.lstrip()[:4].lower()
    if head == "copy" or head.startswith(("--", "/*")):
        from dsqlsh.copy import script_copy_in

        done = script_copy_in(engine.ctx, sql, read_line, first_line=first_line)
        if done is not None:
            return done
    return engine.send_query(sql, copy_source=read_line)


def input_lines(stream: TextIO) -> Iterator[str]:
    """Lines without their newline (psql also drops a CR before it); a last unterminated line counts."""
    for line in stream:
        if line.endswith("\n"):
            line = line[:-2] if line.endswith("\r\n") else line[:-1]
        yield line


def include(engine: Engine, path: str) -> ExitCode | None:
    """psql's process_file: run a file (- is stdin, named <stdin>) through its own Runner; None (error printed)
    when it cannot be opened. \\q and ON_ERROR_STOP unwind past it as ScriptStop."""
    ctx = engine.ctx
    if path == "-":
        return Runner(engine, name="<stdin>").run(input_lines(sys.stdin))
    try:
        stream = open(path, encoding="utf-8", errors="surrogateescape", newline="")  # noqa: SIM115
    except OSError as exc:
        ctx.error(f"{path}: {exc.strerror}")
        return None
    with stream:
        return Runner(engine, name=path, base_dir=os.path.dirname(path)).run(input_lines(stream))


def until_stop(run: Callable[[], ExitCode]) -> ExitCode:
    """Run a script; \\q and ON_ERROR_STOP unwind to here as ScriptStop."""
    try:
        return run()
    except ScriptStop as stop:
        return stop.exit_code


def run_stdin(engine: Engine) -> ExitCode:
    """Commands piped on stdin, psql's MainLoop on a non-terminal: no locus in messages."""
    return until_stop(lambda: Runner(engine).run(input_lines(sys.stdin)))


def run_file(engine: Engine, name: str) -> ExitCode:
    """-f FILE (or -f - for stdin, named <stdin> in messages)."""
    engine.ctx.location = None
    return until_stop(lambda: _opened(include(engine, name)))


def _opened(code: ExitCode | None) -> ExitCode:
    return ExitCode.FAILURE if code is None else code


def run_rc_file(engine: Engine) -> None:
    """The startup file, unless -X: ~/.dsqlshrc ($DSQLSHRC), else psql's ~/.psqlrc ($PSQLRC),
    so a psql user's settings (\\pset null, \\timing, \\x auto ...) carry over."""
    candidates = [os.environ.get("DSQLSHRC") or "~/.dsqlshrc", os.environ.get("PSQLRC") or "~/.psqlrc"]
    path = next((p for p in map(os.path.expanduser, candidates) if os.path.isfile(p)), None)
    if path is None:
        return
    until_stop(lambda: _opened(include(engine, path)))
    engine.ctx.location = None


def run_command_string(engine: Engine, text: str) -> ExitCode:
    """-c: SQL is sent as one query, uninterpolated; a leading backslash runs one meta-command."""
    ctx = engine.ctx
    if ctx.variables.choice("ECHO") == "all":
        ctx.streams.stdout.write(text + "\n")
    ctx.location = None
    ctx.terse = True
    if text.startswith("\\"):
        from dsqlsh.meta.registry import Result, dispatch
        from dsqlsh.scanner import scan

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
    ok = _send_with_copy(engine, text, _stdin_reader(), first_line=1)
    return ExitCode.OK if ok else ExitCode.FAILURE


def _stdin_reader() -> Callable[[], str | None]:
    def read() -> str | None:
        line = sys.stdin.readline()
        return line.rstrip("\n") if line else None

    return read
