"""The meta-command table: handlers register with @command; dispatch() runs one.

The table fills as handler modules are imported, each when a command it handles is first asked for
(meta/handlers.py says which module that is), and never changes otherwise; everything a handler changes
lives on the Context it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from dsqlsh.meta.args import ArgReader

if TYPE_CHECKING:
    from dsqlsh.context import Context
    from dsqlsh.mainloop import Runner
    from dsqlsh.statements import Command

__all__ = ["Call", "Result", "command", "dispatch", "listing", "lookup", "warn_extra_args", "COMMANDS", "Spec"]


class Result(Enum):
    """psql's backslashResult, reduced to what callers act on."""

    OK = "ok"
    ERROR = "error"
    QUIT = "quit"

    @classmethod
    def of(cls, ok: bool) -> Result:
        """OK or ERROR, as a command's work went."""
        return cls.OK if ok else cls.ERROR


class Call:
    """One invocation: which runner it came from, its name and its argument reader.

    Call and Spec are not dataclasses: with them, the command table cost a script 2.6 ms to define (issue 19)."""

    __slots__ = ("runner", "name", "args")

    def __init__(self, runner: Runner, name: str, args: ArgReader) -> None:
        self.runner = runner
        self.name = name
        self.args = args

    @property
    def ctx(self) -> Context:
        return self.runner.ctx


Handler = Callable[[Call], "Result | None"]
H = TypeVar("H", bound=Handler)


class Spec(NamedTuple):
    """One backslash command: its names, handler and its line in \\?."""

    names: tuple[str, ...]
    handler: Handler
    usage: str  # the \? line, e.g. "\\echo [-n] [STRING]"
    help: str
    group: str
    listed_before: str | None = None  # \? lists it just before this command
    seq: int = 0  # registration order, which within a module is its order in the source


COMMANDS: dict[str, Spec] = {}
CONDITIONALS = ("if", "elif", "else", "endif")  # the only commands that run inside a skipped branch
_REGISTERED: list[Spec] = []


def command(*names: str, usage: str, help: str, group: str, listed_before: str | None = None) -> Callable[[H], H]:
    """Register a handler under one or more names (without the backslash); \\? lists it in the order of
    meta/handlers.py's modules and each module's source, or just before the command listed_before names (in an
    earlier module or earlier in the same one) where psql places it so."""

    def register(handler: H) -> H:
        spec = Spec(names, handler, usage, help, group, listed_before, len(_REGISTERED))
        _REGISTERED.append(spec)
        for name in names:
            COMMANDS[name] = spec
        return handler

    return register


def lookup(name: str) -> Spec | None:
    """The command registered under name, its handler module imported first if need be."""
    spec = COMMANDS.get(name)
    if spec is None:
        from dsqlsh.meta.handlers import load_handlers_of

        load_handlers_of(name)
        spec = COMMANDS.get(name)
    return spec


def listing() -> list[Spec]:
    """Every command, in the order \\? and Tab list them (whichever handler modules happened to load first)."""
    from dsqlsh.meta.handlers import HANDLER_MODULES, load_all_handlers

    load_all_handlers()
    rank = {f"dsqlsh.meta.{module}": i for i, module in enumerate(HANDLER_MODULES)}
    order: list[Spec] = []
    # Commands registered elsewhere (the REPL's own \\s and \\refresh, as the REPL loads) come after.
    for spec in sorted(_REGISTERED, key=lambda s: (rank.get(s.handler.__module__, len(rank)), s.seq)):
        ahead = COMMANDS.get(spec.listed_before) if spec.listed_before else None
        order.insert(order.index(ahead) if ahead in order else len(order), spec)
    return order


# psql 18's own commands (command.c's exec_command), for those dsqlsh does not have yet: inside a skipped \\if
# branch psql reads past them quietly; every \\d... and \\lo_... name reaches psql's own handler first.
PSQL_COMMANDS = frozenset({
    "a", "bind", "bind_named", "C", "c", "connect", "cd", "close_prepared", "conninfo", "copy", "copyright",
    "crosstabview", "e", "edit", "echo", "ef", "ev", "encoding", "errverbose", "endpipeline", "f", "flush",
    "flushrequest", "g", "gx", "gdesc", "getenv", "getresults", "gexec", "gset", "h", "help", "H", "html", "i",
    "include", "ir", "include_relative", "l", "list", "o", "out", "p", "print", "parse", "password", "prompt",
    "pset", "q", "quit", "r", "reset", "restrict", "s", "sendpipeline", "set", "setenv", "sf", "sf+", "sv", "sv+",
    "startpipeline", "syncpipeline", "t", "T", "timing", "unrestrict", "unset", "w", "write", "watch", "warn", "x",
    "z", "!", "?",
})


def _psql_knows(name: str) -> bool:
    return name in PSQL_COMMANDS or name.startswith(("d", "lo_", "l+", "lx", "z"))


def dispatch(runner: Runner, cmd: Command) -> Result:
    """Run one backslash command; unknown ones, and all but \\unrestrict in restricted mode, fail as in psql."""
    ctx = runner.ctx
    name = cmd.name
    if ctx.restrict_key is not None and name != "unrestrict":
        # psql 18's exec_command refuses before any lookup, so an unknown command gets this message too.
        ctx.error("backslash commands are restricted; only \\unrestrict is allowed")
        return Result.ERROR
    spec = lookup(name)
    if spec is None and not runner.active and _psql_knows(name):
        ArgReader(cmd.args, _no_variable).rest()  # as psql: a skipped branch never reaches "invalid command"
        return Result.OK
    if spec is None:
        ctx.error(f"invalid command \\{name}")
        if ctx.interactive:
            ctx.streams.stderr.write("Try \\? for help.\n")
        return Result.ERROR
    if name not in CONDITIONALS and not runner.active:
        ArgReader(cmd.args, _no_variable).rest()  # a skipped branch: read past the arguments only
        return Result.OK
    call = Call(runner, name, ArgReader(cmd.args, ctx.variables.get, _run_backtick))
    result = spec.handler(call) or Result.OK
    if result is Result.OK:  # psql skips this warning after a failed command
        warn_extra_args(call)
    return result


def warn_extra_args(call: Call) -> None:
    """psql's warning for the arguments a command left unread. psql gives it as the command returns, so a
    command that sends the query buffer (\\g, \\gset...) calls this before sending, for the same order."""
    for extra in call.args.rest():
        call.ctx.warning(f'\\{call.name}: extra argument "{extra}" ignored')


def _run_backtick(command_text: str) -> str:
    """A `...` argument's shell command, run: its raw output (ArgReader drops the one trailing newline, as psql
    does)."""
    import subprocess

    return subprocess.run(command_text, shell=True, stdout=subprocess.PIPE, text=True).stdout


def _no_variable(name: str) -> str | None:
    return None
