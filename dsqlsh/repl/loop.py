"""The interactive loop: read a buffer with prompt_toolkit, feed its lines to the main loop's Runner.

Enter runs the buffer when psql would (scanner.is_complete); otherwise the buffer grows by a
line shown with PROMPT2, so a multi-line statement can still be edited as a whole. Every line goes
through the same Runner as -f and piped input; only the prompt, history and key handling are here.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prompt_toolkit.application import get_app
from prompt_toolkit.completion import Completer, DynamicCompleter
from prompt_toolkit.enums import EditingMode
from prompt_toolkit.formatted_text import ANSI, StyleAndTextTuples
from prompt_toolkit.lexers import DynamicLexer, Lexer
from prompt_toolkit.output.color_depth import ColorDepth
from prompt_toolkit.shortcuts.prompt import PromptSession
from prompt_toolkit.utils import is_dumb_terminal

from dsqlsh.errors import ConnectionFailed, ConnectionLost, ExitCode, ScriptStop, Terminated
from dsqlsh.mainloop import Runner
from dsqlsh.repl import commands  # noqa: F401  (registers \refresh and \s)
from dsqlsh.repl.highlight import colour_wanted, make_style
from dsqlsh.repl.history import ShellHistory
from dsqlsh.repl.keys import make_bindings
from dsqlsh.repl.known_names import KnownNamesLoader, opener
from dsqlsh.repl.prompt import COPY, READY, expand, info_from, visible_width
from dsqlsh.repl.toolbar import check_note, toolbar_fragments
from dsqlsh.scanner import Scanner, is_complete

if TYPE_CHECKING:
    from dsqlsh.context import Context
    from dsqlsh.engine import Engine
    from dsqlsh.repl.early_prompt import EarlyPrompt

__all__ = ["run_shell", "ReplRunner", "Shell"]

TOOLBAR_REFRESH = 5.0  # seconds between redraws, for the connection age
MENU_LINES = 4


class ReplRunner(Runner):
    """The Runner of the terminal session; its shell is what \\refresh, \\s and \\e act on."""

    shell: Shell | None = None
    follows_transactions = True  # for the offer to run again what an OCC conflict rolled back (Shell.run)


def run_shell(ctx: Context, engine: Engine, history_file: Path, early: EarlyPrompt | None) -> ExitCode:
    """The loop of repl/start.py's run_interactive, once the banner is out (and maybe the first prompt)."""
    runner = ReplRunner(engine)
    shell = Shell(ctx, runner, history_file, early)
    runner.shell = shell
    runner.read_line = shell.read_data_line
    runner.asker = shell.ask
    shell.refresh_catalog()
    with _terminations(shell):
        while True:
            text = shell.read()
            if text is None:
                if shell.leaving():
                    ctx.streams.stdout.write("\\q\n")
                    return ExitCode.OK
                continue
            try:
                shell.run(text)
            except ScriptStop as stop:
                return stop.exit_code


@contextmanager
def _terminations(shell: Shell) -> Iterator[None]:
    """SIGTERM and SIGHUP at the prompt or mid-statement become Terminated, so everything unwinds first
    (prompt_toolkit gives the terminal back, a running statement is cancelled, the connection closes, the
    playground is released); cli.main then ends by the same signal, as psql ends."""
    import signal

    def terminate(signum: int, frame: object) -> None:
        app = shell.session.app
        if shell.at_prompt and app.loop is not None:
            # At the prompt: raising here would land in prompt_toolkit's event loop, which reports it and waits
            # for Enter. Ask the application to end with it instead, so it gives the terminal back first.
            app.loop.call_soon_threadsafe(end_prompt, app, signum)
            return
        raise Terminated(signum)

    def end_prompt(app: Any, signum: int) -> None:
        if app.future is not None and not app.future.done():
            app.exit(exception=Terminated(signum))
        else:  # the line was just accepted: the prompt is returning; end right after it
            shell.pending_signal = signum

    caught = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {s: signal.signal(s, terminate) for s in caught}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


class Shell:
    """One terminal session's editor state: the prompt_toolkit session, history and catalog."""

    def __init__(self, ctx: Context, runner: ReplRunner, history_file: Path, early: EarlyPrompt | None = None) -> None:
        self.ctx = ctx
        self.runner = runner
        self.early = early  # the first prompt, drawn before prompt_toolkit loaded: handed over at the first read
        self.dumb = is_dumb_terminal()
        self.colour = colour_wanted()
        self.pending: deque[str] = deque()  # lines of the buffer being run, for COPY FROM STDIN to read
        self.copying = False
        self.prompt1_width = 0
        self.eof_count = 0
        self.at_prompt = False  # prompt_toolkit is reading a line (signals then end its application first)
        self.pending_signal = 0  # a signal that came as the prompt was returning its line
        self.next_default = ""  # text the next prompt starts with (\e puts the edited query there)
        self.inputrc_vi = _inputrc_says_vi()
        self.loader = KnownNamesLoader()
        self.history = ShellHistory(history_file, lambda: ctx.variables.choice("HISTCONTROL"))
        self._states: tuple[str, list[str]] = ("", [])
        self._finding: tuple[str, str | None] = ("", None)
        self._sql_completer: Completer | None = None
        self._lexer: Lexer | None = None  # loaded once the first prompt is drawn (_load_lexer)
        self.session: PromptSession[str] = self._make_session()

    # ---- reading ---------------------------------------------------------------------------
    def _completer(self) -> Completer:
        """Made at the first Tab: sqlparse and the keyword tables are not paid for before then."""
        if self._sql_completer is None:
            from dsqlsh.repl.completer import SqlCompleter

            self._sql_completer = SqlCompleter(
                self.loader,
                variables=lambda: (name for name, _ in self.ctx.variables.items()),
                case_mode=lambda: self.ctx.variables.choice("COMP_KEYWORD_CASE"),
                meta_commands=_meta_names,
            )
        return self._sql_completer

    def _make_session(self) -> PromptSession[str]:
        return PromptSession(
            message=self._message,
            multiline=not self.dumb,
            prompt_continuation=self._continuation,
            lexer=DynamicLexer(lambda: self._lexer) if self.colour else None,
            completer=DynamicCompleter(self._completer),
            complete_while_typing=False,
            history=self.history,
            key_bindings=make_bindings(self._wants_run),
            bottom_toolbar=None if self.dumb else self._toolbar,
            include_default_pygments_style=False,
            enable_suspend=True,
            enable_open_in_editor=True,
            search_ignore_case=True,
            reserve_space_for_menu=MENU_LINES,
            refresh_interval=0 if self.dumb else TOOLBAR_REFRESH,
            color_depth=None if self.colour else ColorDepth.DEPTH_1_BIT,
            tempfile_suffix=".sql",
        )

    def _prompt(self, **options: Any) -> str:
        """session.prompt, with at_prompt set while it reads."""
        self.at_prompt = True
        if self.colour and self._lexer is None:
            options["pre_run"] = self._load_lexer_after_drawing
        early, self.early = self.early, None
        if early is not None:
            early.hand_over()
        try:
            text = self.session.prompt(**options)
        finally:
            self.at_prompt = False
            if early is not None:
                early.restore()  # prompt_toolkit restored the echo-off modes it found: give back the user's
        if self.pending_signal:
            raise Terminated(self.pending_signal)
        return text

    def _load_lexer_after_drawing(self) -> None:
        """Called as the prompt starts: a task of its event loop, which runs once the prompt is drawn (the
        application draws before it first waits), loads the highlighter. Keys typed meanwhile wait in the
        terminal's input, none lost; the line is coloured at the redraw that follows (issue 19)."""
        get_app().create_background_task(self._load_lexer())

    async def _load_lexer(self) -> None:
        from dsqlsh.repl.sql_lexer import make_lexer

        self._lexer = make_lexer()
        get_app().invalidate()

    def read(self) -> str | None:
        """One buffer from the user; "" after Ctrl-C, None at Ctrl-D on an empty line."""
        v = self.ctx.variables
        options: dict[str, Any] = {
            "default": self.next_default,
            "style": make_style(v.get("DSQLSH_STYLE"), self.colour),
            "editing_mode": _editing_mode(v.get("DSQLSH_EDITING_MODE"), self.inputrc_vi),
        }
        if not self.dumb:
            options["bottom_toolbar"] = self._toolbar if v.get("DSQLSH_TOOLBAR") != "off" else None
        self.next_default = ""
        try:
            text = self._prompt(**options)
        except KeyboardInterrupt:
            self.runner.scanner.take_buffer()  # psql: Ctrl-C discards the buffer
            self.eof_count = 0
            return ""
        except EOFError:
            return None
        self.eof_count = 0
        return text

    def read_data_line(self) -> str | None:
        """A line for COPY FROM STDIN: the rest of a pasted buffer first, then PROMPT3 input."""
        if self.pending:
            return self.pending.popleft()
        self.copying = True
        self.history.paused = True
        try:
            line = self._prompt()
        except (EOFError, KeyboardInterrupt):
            return None
        finally:
            self.copying = False
            self.history.paused = False
        self.runner.lineno += 1
        return line

    def ask(self, text: str, secret: bool = False) -> str | None:
        """\\prompt and \\password: one line typed after text (hidden when secret), kept out of the history; None
        on Ctrl-D or Ctrl-C."""
        self.history.paused = True
        self.copying = True  # one line: Enter answers, as for COPY data
        try:
            return self._prompt(message=text, is_password=secret)
        except (EOFError, KeyboardInterrupt):
            return None
        finally:
            self.history.paused = False
            self.copying = False
            self.session.is_password = False  # prompt_toolkit keeps what it was given: the next line shows again
            self.session.message = self._message  # prompt_toolkit keeps the last message given: the prompt again

    def leaving(self) -> bool:
        """Ctrl-D on an empty line: psql's IGNOREEOF, and a warning first when a transaction is open."""
        self.eof_count += 1
        ignore = self.ctx.variables.integer("IGNOREEOF")
        if ignore > 0 and self.eof_count <= ignore:
            self.ctx.streams.stdout.write('Use "\\q" to leave dsqlsh.\n')
            return False
        conn = self.ctx.conn
        if conn is not None and conn.in_transaction and self.eof_count == 1:
            self.ctx.streams.stdout.write("A transaction is open: leaving rolls it back. "
                                          "Press Ctrl-D again to leave.\n")
            return False
        return True

    # ---- running ---------------------------------------------------------------------------
    def run(self, text: str) -> None:
        """Feed every line of a buffer to the Runner; \\q comes back as ScriptStop."""
        ctx = self.ctx
        conn_before = ctx.conn
        self.pending = deque(text.split("\n"))
        try:
            while self.pending:
                self.runner.lineno += 1
                self.runner.feed_line(self.pending.popleft())
        except ConnectionLost:
            self._reset()
        except ConnectionFailed as exc:  # a reconnect refused (DSQL's rate limit, a network down): try again later
            self.runner.scanner.take_buffer()
            ctx.error(f"could not reconnect: {exc.args[0]}")
            ctx.streams.stderr.write("Nothing was sent. The statement stays in the history: run it again once the "
                                     "server answers.\n")
        except KeyboardInterrupt:  # Ctrl-C outside a query (printing, a \! command): back to the prompt
            ctx.streams.stdout.write("\n")
            self.runner.scanner.take_buffer()
        finally:
            self.pending.clear()
            ctx.streams.stdout.flush()
        if ctx.conn is not None and (ctx.conn is not conn_before or _changes_schema(text)):
            self.refresh_catalog()
        lost, self.runner.lost_to_occ = self.runner.lost_to_occ, None
        if lost and self._yes_to_run_again(lost):
            self.run("\n".join(lost))

    def _yes_to_run_again(self, statements: list[str]) -> bool:
        """After an OCC conflict rolled a transaction back: show its statements and ask before running them again."""
        err = self.ctx.streams.stderr
        err.write("The transaction was rolled back: nothing of it was committed. Its statements were:\n")
        err.writelines(f"  {line}\n" for statement in statements for line in statement.split("\n"))
        err.flush()
        self.history.paused = True  # the answer is not a command
        self.copying = True  # one line: Enter answers, as for COPY data
        try:
            answer = self._prompt(message="Run them again now? [y/N] ")
        except (EOFError, KeyboardInterrupt):
            answer = ""
        finally:
            self.history.paused = False
            self.copying = False
            self.session.message = self._message  # prompt_toolkit keeps the last message given: the prompt again
        return answer.strip().lower() in ("y", "yes")

    def _reset(self) -> None:
        """psql's interactive reset after a lost connection; on DSQL, a fresh token."""
        from dsqlsh.session import reconnect

        ctx = self.ctx
        self.runner.scanner.take_buffer()
        ctx.streams.stderr.write("The connection to the server was lost. Attempting reset: ")
        ctx.streams.stderr.flush()
        try:
            reconnect(ctx, "the connection was lost", announce=False)
            ctx.streams.stderr.write("Succeeded.\n")  # psql's words; then what is DSQL's own
            if ctx.conn is not None and ctx.conn.params.is_dsql:
                ctx.streams.stderr.write("The new connection has a fresh IAM token. Nothing was sent again: run "
                                         "the statement again if it should run.\n")
        except ConnectionFailed as exc:
            ctx.streams.stderr.write(f"Failed.\n{exc.args[0]}\n")
            ctx.conn = None

    def take_edited(self, text: str) -> None:
        """After \\e: a complete buffer runs next (shown first, as typed), else the next prompt starts with it."""
        if text.strip() and is_complete(text):
            self.ctx.streams.stdout.write(text + "\n")
            self.pending.extendleft(reversed(text.split("\n")))
        else:
            self.next_default = text

    def refresh_catalog(self) -> None:
        """Reload completion names in the background, on a connection of their own."""
        if self.ctx.conn is not None:
            self.loader.refresh(opener(self.ctx.conn.params))

    # ---- what the editor shows -------------------------------------------------------------
    def _wants_run(self, text: str) -> bool:
        if self.dumb or self.copying or self.ctx.variables.flag("SINGLELINE"):
            return True  # -S: the end of a line ends the statement, as in psql
        pending = self.runner.scanner.buffer
        return is_complete(f"{pending}\n{text}" if pending else text)

    def _expand(self, name: str, status: str, lineno: int) -> str:
        ctx = self.ctx
        info = info_from(ctx, active_branch=self.runner.active)
        return expand(ctx.variables.get(name) or "", info, status, lineno=lineno,
                      variable=ctx.variables.get, prompt1_width=self.prompt1_width)

    def _message(self) -> ANSI:
        if self.copying:
            return ANSI(self._expand("PROMPT3", COPY, 1))
        status = self.runner.scanner.state
        if status == "=":
            text = self._expand("PROMPT1", READY, 1)
            self.prompt1_width = visible_width(text)
            return ANSI(text)
        pending = self.runner.scanner.buffer.count("\n") + 2
        return ANSI(self._expand("PROMPT2", status, pending))

    def _continuation(self, width: int, line_number: int, wrap_count: int) -> ANSI:
        """PROMPT2 for line line_number (from 0) of the buffer, with %R from the lexer's state there."""
        if wrap_count > 0:
            return ANSI("")
        states = self._line_states(self.session.default_buffer.text)
        status = states[line_number - 1] if 0 < line_number <= len(states) else "-"
        pending = self.runner.scanner.buffer
        lineno = (pending.count("\n") + 1 if pending else 0) + line_number + 1
        return ANSI(self._expand("PROMPT2", "-" if status == "=" else status, lineno))

    def _line_states(self, text: str) -> list[str]:
        """psql's %R after each line of text (scanned once per distinct buffer)."""
        if self._states[0] == text and self._states[1]:
            return self._states[1]
        scanner = Scanner()
        pending = self.runner.scanner.buffer
        for number, line in enumerate(pending.split("\n") if pending else [], 1):
            for _ in scanner.feed(line, number):
                pass
        states = []
        for number, line in enumerate(text.split("\n"), 1):
            for _ in scanner.feed(line, number):
                pass
            states.append(scanner.state)
        self._states = (text, states)
        return states

    def _toolbar(self) -> StyleAndTextTuples:
        ctx = self.ctx
        conn = ctx.conn
        check = ctx.variables.get("DSQL_CHECK") or "off"
        return toolbar_fragments(info_from(ctx), check=check, expanded=ctx.popt.expanded,  # type: ignore[return-value]
                                 age=conn.age if conn is not None else None,
                                 finding=self._check_finding(self.session.default_buffer.text, check))

    def _check_finding(self, text: str, mode: str) -> str | None:
        """The DSQL checker's note on the buffer as typed, computed once per distinct text."""
        if self._finding[0] != text:
            self._finding = (text, check_note(text, mode))
        return self._finding[1]

def _changes_schema(text: str) -> bool:
    """Cheap test first: most buffers hold no DDL word at all, and suggest.py costs an import."""
    lowered = text.lower()
    if not any(word in lowered for word in ("create", "alter", "drop", "comment", "grant", "revoke", "truncate",
                                            "import", "security", "reindex")):
        return False
    from dsqlsh.repl.suggest import changes_schema

    return changes_schema(text)


def _meta_names() -> list[str]:
    """The names Tab offers after a backslash: each command once, with its + form, not every order of the
    describe commands' S, x and + letters the table also takes (thousands of them)."""
    from dsqlsh.meta.registry import listing

    return [name for spec in listing() for name in _offered(spec.names)]


def _offered(names: tuple[str, ...]) -> list[str]:
    """A command's names but its S/x/+ variants and \\dt's mixes of relation letters (\\dti...); with + forms."""
    def variant(name: str) -> bool:
        return any(name != other and name.startswith(other) and set(name[len(other):]) <= set("Sx+")
                   for other in names)

    kept = [name for name in names if not variant(name) and (name == names[0] or not name.startswith("d"))]
    return kept + [name + "+" for name in kept if name + "+" in names]


def _editing_mode(setting: str | None, inputrc_vi: bool) -> EditingMode:
    """vi when DSQLSH_EDITING_MODE says so, else as readline's ~/.inputrc (set editing-mode vi) says."""
    if setting:
        return EditingMode.VI if setting.lower() == "vi" else EditingMode.EMACS
    return EditingMode.VI if inputrc_vi else EditingMode.EMACS


def _inputrc_says_vi() -> bool:
    """Whether readline's init file sets vi mode (psql users set it there)."""
    path = os.environ.get("INPUTRC") or os.path.expanduser("~/.inputrc")
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return any(line.split()[:3] == ["set", "editing-mode", "vi"] for line in f)
    except OSError:
        return False

