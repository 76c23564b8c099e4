"""The first prompt drawn before the line editor has loaded (issue 19).

prompt_toolkit takes longer to import than the rest of dsqlsh's start. So the prompt's text is written as soon as
the session is connected, with the terminal's echo off: keys typed meanwhile wait unechoed in the terminal's input
queue (the kernel's line discipline keeps them) instead of being echoed over the prompt. When prompt_toolkit
starts, a carriage return puts the cursor back at the line's start, where prompt_toolkit expects it: its first
render erases from there and draws the same prompt once, then reads the waiting keys.

prompt_toolkit saves the terminal's modes when it starts and restores them when its prompt ends, so it puts the
echo-off modes back after the first prompt; restore() then gives back the modes dsqlsh found, once. Every other
way out (an exception, Ctrl-C while loading, SIGTERM or SIGHUP) restores them as the context ends.

Drawn early only when it is exactly what prompt_toolkit will draw, and nothing is written in between: both ends
are terminals, TERM names one that is not dumb, PROMPT1 runs no command (%`...`, run once per prompt), the text
is one line of printable ASCII narrower than the screen (no colour or escape sequence for prompt_toolkit to
redraw otherwise), and no style (DSQLSH_STYLE) is named, whose lookup may warn as the prompt starts.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from dsqlsh.errors import Terminated
from dsqlsh.repl.prompt import READY, expand, info_from

if TYPE_CHECKING:
    from dsqlsh.context import Context

__all__ = ["EarlyPrompt", "drawable_text", "early_prompt"]


class EarlyPrompt:
    """A prompt on screen ahead of prompt_toolkit, with the terminal's echo off until restore()."""

    def __init__(self, fd: int, modes: list[Any], out: TextIO) -> None:
        self.fd = fd
        self.modes: list[Any] | None = modes  # as found: given back once
        self.out = out
        self.handed_over = False

    def hand_over(self) -> None:
        """Just before prompt_toolkit starts: the cursor back to the line's start, where its first render
        begins (it erases to the end of the screen from there and draws the prompt again, once)."""
        self.handed_over = True
        self.out.write("\r")
        self.out.flush()

    def restore(self) -> None:
        """The terminal's modes as they were before the prompt was drawn; a no-op after the first call."""
        import termios

        modes, self.modes = self.modes, None
        if modes is not None:
            # TCSANOW, not TCSAFLUSH: keys typed meanwhile stay in the input queue.
            termios.tcsetattr(self.fd, termios.TCSANOW, modes)


def drawable_text(ctx: Context) -> str | None:
    """PROMPT1 as prompt_toolkit will draw it first, when it is safe to draw it ahead (see above); else None."""
    v = ctx.variables
    term = os.environ.get("TERM", "")
    if not term or term.lower() in ("dumb", "unknown") or v.get("DSQLSH_STYLE") not in (None, "", "default"):
        return None
    if ctx.streams.stdout is not sys.stdout or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    template = v.get("PROMPT1") or ""
    if "%`" in template:
        return None
    text = expand(template, info_from(ctx), READY, lineno=1, variable=v.get, prompt1_width=0)
    try:
        columns = os.get_terminal_size(sys.stdout.fileno()).columns
    except OSError:
        return None
    if not text or not text.isascii() or not text.isprintable() or len(text) >= columns:
        return None
    return text


@contextmanager
def early_prompt(ctx: Context) -> Iterator[EarlyPrompt | None]:
    """Draw PROMPT1 now with echo off when drawable_text allows it (else yield None); modes restored at the end."""
    text = drawable_text(ctx)
    if text is None:
        yield None
        return
    import termios

    fd = sys.stdin.fileno()
    try:
        modes = termios.tcgetattr(fd)
    except termios.error:
        yield None
        return
    lflag: int = modes[3]
    quiet = [*modes[:3], lflag & ~(termios.ECHO | termios.ECHONL), *modes[4:]]  # nothing typed shows meanwhile
    early = EarlyPrompt(fd, modes, sys.stdout)

    def terminate(signum: int, frame: object) -> None:
        raise Terminated(signum)  # cli.main ends by the signal once this context has restored the terminal

    caught = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {s: signal.signal(s, terminate) for s in caught}
    try:
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
        sys.stdout.write(text)
        sys.stdout.flush()
        yield early
    except BaseException:
        if not early.handed_over:
            sys.stdout.write("\n")  # ended before prompt_toolkit drew: leave the line with the prompt
            sys.stdout.flush()
        raise
    finally:
        early.restore()
        for s, handler in previous.items():
            signal.signal(s, handler)
