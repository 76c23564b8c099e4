"""Meta-commands that exist only in the terminal session: \\refresh and \\s."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from dsqlsh.meta.registry import Call, Result, command

if TYPE_CHECKING:
    from dsqlsh.repl.loop import Shell

__all__ = ["do_history", "do_refresh"]


def _shell(call: Call) -> Shell | None:
    return getattr(call.runner, "shell", None)


@command("refresh", usage="\\refresh", group="General", help="reload the names Tab completion offers")
def do_refresh(call: Call) -> Result:
    shell = _shell(call)
    if shell is None or call.ctx.conn is None:
        call.ctx.error("\\refresh: completion is only loaded in an interactive session")
        return Result.ERROR
    shell.refresh_catalog()
    if not call.ctx.quiet:
        call.ctx.streams.stdout.write("Completion names are being reloaded in the background.\n")
    return Result.OK


@command("s", usage="\\s [FILE]", group="Input/Output", help="display history or save it to file")
def do_history(call: Call) -> Result:
    """psql's \\s: the session's history to stdout, or to FILE."""
    ctx = call.ctx
    name = call.args.next()
    shell = _shell(call)
    entries = shell.history.get_strings() if shell is not None else []
    text = "".join(entry + "\n" for entry in entries)
    if name is None:
        ctx.streams.stdout.write(text)
        return Result.OK
    try:
        with open(os.path.expanduser(name), "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        ctx.error(f"could not save history to file \"{name}\": {exc.strerror}")
        return Result.ERROR
    if not ctx.quiet:
        ctx.streams.stdout.write(f'Wrote history to file "{name}".\n')
    return Result.OK
