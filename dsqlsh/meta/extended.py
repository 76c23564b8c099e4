"""The extended query protocol's commands, as psql 18's: \\bind, \\parse, \\bind_named, \\close_prepared.

\\bind and \\bind_named only say how the next query goes (Context.extended, used up by it); \\parse and
\\close_prepared send at once, as \\g does. A wrong use forgets what an earlier one set, as psql's does."""

from __future__ import annotations

from dsqlsh.connection import Extended
from dsqlsh.meta.registry import Call, Result, command, warn_extra_args

__all__ = ["do_bind", "do_bind_named", "do_parse", "do_close_prepared"]

GROUP = "Extended Query Protocol"


def _rest(call: Call) -> tuple[str, ...]:
    return tuple(call.args.all())


def _named(call: Call, kind: str) -> Extended | None:
    """The statement name a command needs (an empty name is the unnamed statement), or its error."""
    name = call.args.next()
    if name is None:
        call.ctx.error(f"\\{call.name}: missing required argument")
        call.ctx.extended = None
        return None
    return Extended(kind, name, _rest(call) if kind == "bind_named" else ())


@command("bind", usage="\\bind [PARAM]...", group=GROUP, help="set query parameters")
def do_bind(call: Call) -> Result:
    call.ctx.extended = Extended("bind", params=_rest(call))
    return Result.OK


@command("bind_named", usage="\\bind_named STMT_NAME [PARAM]...", group=GROUP,
         help="set query parameters for an existing prepared statement")
def do_bind_named(call: Call) -> Result:
    extended = _named(call, "bind_named")
    if extended is None:
        return Result.ERROR
    call.ctx.extended = extended
    return Result.OK


@command("close_prepared", usage="\\close_prepared STMT_NAME", group=GROUP,
         help="close an existing prepared statement")
def do_close_prepared(call: Call) -> Result:
    return _send(call, _named(call, "close"))


@command("parse", usage="\\parse STMT_NAME", group=GROUP, help="create a prepared statement")
def do_parse(call: Call) -> Result:
    return _send(call, _named(call, "parse"))


def _send(call: Call, extended: Extended | None) -> Result:
    if extended is None:
        return Result.ERROR
    call.ctx.extended = extended
    warn_extra_args(call)
    call.runner.send_buffer()  # failures are counted by the runner (ON_ERROR_STOP)
    return Result.OK
