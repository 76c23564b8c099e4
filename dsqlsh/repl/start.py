"""The way into the interactive shell: what comes before the line editor loads, so the first prompt is drawn early.

Imports no prompt_toolkit: the banner, the prompt settings and the history file's choice (which may warn) come
first, then the prompt is drawn ahead of the editor (early_prompt.py), then repl/loop.py and prompt_toolkit load
(issue 19).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.repl.early_prompt import early_prompt
from dsqlsh.repl.history_file import history_file
from dsqlsh.repl.prompt import PSQL_DEFAULT, default_prompt, info_from

if TYPE_CHECKING:
    from dsqlsh.context import Context
    from dsqlsh.engine import Engine
    from dsqlsh.errors import ExitCode

__all__ = ["run_interactive"]


def run_interactive(ctx: Context, engine: Engine) -> ExitCode:
    """psql's interactive MainLoop: until \\q or Ctrl-D; returns the exit code."""
    ctx.interactive = True
    ctx.terse = True  # psql at its prompt: "ERROR:  ..." and "invalid command \\x", no "psql: " prefix
    _psql_defaults_to_ours(ctx)
    ctx.streams.stdout.write(f'dsqlsh ({ctx.variables.get("VERSION")})\nType "\\?" for help.\n\n')
    ctx.streams.stdout.flush()
    history = history_file(ctx.variables.get("HISTFILE"), ctx.warning)
    with early_prompt(ctx) as early:
        from dsqlsh.repl.editor_imports import defer_unused_by_the_editor

        defer_unused_by_the_editor()  # before the line editor's imports
        from dsqlsh.repl.loop import run_shell

        return run_shell(ctx, engine, history, early)


def _psql_defaults_to_ours(ctx: Context) -> None:
    """Where the user kept psql's default, use dsqlsh's: prompts that show the role, ignorespace."""
    v = ctx.variables
    if ctx.conn is not None:
        ours = default_prompt(info_from(ctx))
        for name in ("PROMPT1", "PROMPT2"):
            if v.get(name) == PSQL_DEFAULT:
                v.set(name, ours)
    if v.choice("HISTCONTROL") == "none":
        v.set("HISTCONTROL", "ignorespace")
