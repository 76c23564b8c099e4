"""\\e, \\ef and \\ev: the query buffer, a file, or a function's or view's definition in the external editor
(meta/editor.py runs it, as psql's do_edit); what comes back goes to the prompt as if typed, so these work in the
terminal session only."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol

from dsqlsh.meta.registry import Call, Result, command
from dsqlsh.meta.show_definitions import BODY_STARTS, C_SPACE, definition_lines, object_argument, object_definition

if TYPE_CHECKING:
    from dsqlsh.context import Context

__all__ = ["do_edit", "do_edit_function", "do_edit_view"]

# \ef and \ev without a name: psql's templates to fill in.
_FUNCTION_TEMPLATE = ("CREATE FUNCTION ( )\n RETURNS \n LANGUAGE \n"
                      " -- common options:  IMMUTABLE  STABLE  STRICT  SECURITY DEFINER\n"
                      "AS $function$\n\n$function$\n")
_VIEW_TEMPLATE = "CREATE VIEW  AS\n SELECT \n  -- something...\n"


class _Editing(Protocol):
    """What \\e, \\ef and \\ev need of the terminal session (repl's Shell): somewhere to put the edited text."""

    def take_edited(self, text: str) -> None: ...


@command("e", "edit", usage="\\e [FILE] [LINE]", group="Query Buffer",
         help="edit the query buffer (or file) with external editor")
def do_edit(call: Call) -> Result:
    """psql's \\e: the buffer (else the last query) or FILE in $PSQL_EDITOR; a complete result runs at once,
    an incomplete one comes back at the prompt to finish."""
    ctx = call.ctx
    shell: _Editing | None = getattr(call.runner, "shell", None)
    if shell is None:
        ctx.error("\\e: only in an interactive session")
        return Result.ERROR
    from dsqlsh.meta.editor import edit_file, edit_text

    name, line = call.args.next(), call.args.next()
    lineno = int(line) if line is not None and line.isdigit() else -1
    runner = call.runner
    if name is not None:
        edited = edit_file(ctx, os.path.expanduser(name), lineno)
    else:
        text = runner.scanner.take_buffer() or runner.previous_buffer
        outcome = edit_text(ctx, text, lineno)
        edited = (text if outcome.text is None else outcome.text) if outcome.ok else None
    if edited is None:
        ctx.error("\\e: could not start the editor")
        return Result.ERROR
    shell.take_edited(edited.rstrip("\n"))
    return Result.OK


@command("ef", usage="\\ef [FUNCNAME [LINE]]", group="Query Buffer",
         help="edit function definition with external editor")
def do_edit_function(call: Call) -> Result:
    """\\ef [FUNCNAME [LINE]]: LINE 1 is the first line of the function's body."""
    return _edit(call, is_func=True)


@command("ev", usage="\\ev [VIEWNAME [LINE]]", group="Query Buffer",
         help="edit view definition with external editor")
def do_edit_view(call: Call) -> Result:
    """\\ev [VIEWNAME [LINE]]."""
    return _edit(call, is_func=False)


def _edit(call: Call, *, is_func: bool) -> Result:
    """psql's exec_command_ef_ev: the definition (or a template) replaces the query buffer and opens in the
    editor at LINE; what comes back is run as if typed, as after \\e."""
    ctx = call.ctx
    shell: _Editing | None = getattr(call.runner, "shell", None)
    desc = object_argument(call)
    if shell is None:  # as \e: the edited text goes back to the prompt
        ctx.error(f"\\{call.name}: only in an interactive session")
        return Result.ERROR
    call.runner.scanner.take_buffer()  # psql replaces the query buffer, or empties it on any failure
    desc, lineno = _strip_line_number(ctx, desc)
    if lineno == 0:
        return Result.ERROR
    if desc is None:
        text: str | None = _FUNCTION_TEMPLATE if is_func else _VIEW_TEMPLATE
    else:
        text = object_definition(ctx, desc, is_func=is_func)
    if text is None:
        return Result.ERROR
    if is_func and desc is not None and lineno > 0:
        lineno += _header_lines(text)
    from dsqlsh.meta.editor import edit_text

    outcome = edit_text(ctx, text, lineno)
    if not outcome.ok:
        return Result.ERROR
    if outcome.text is None:
        ctx.streams.stdout.write("No changes\n")
        return Result.OK
    shell.take_edited(outcome.text.rstrip("\n"))
    return Result.OK


def _strip_line_number(ctx: Context, desc: str | None) -> tuple[str | None, int]:
    """psql's strip_lineno_from_objdesc: a trailing number after a space or ")" is the LINE (-1 when none,
    0 after printing that it is invalid); the name keeps that space or ")"."""
    if not desc:
        return desc, -1
    end = len(desc) - 1
    while end > 0 and desc[end] in C_SPACE:
        end -= 1
    if end == 0 or not desc[end].isascii() or not desc[end].isdigit():
        return desc, -1
    while end > 0 and desc[end].isascii() and desc[end].isdigit():
        end -= 1
    if end == 0 or not (desc[end] in C_SPACE or desc[end] == ")"):
        return desc, -1
    digits = desc[end + 1:]  # ASCII digits, then only the whitespace skipped above
    lineno = int(digits.rstrip(C_SPACE))
    if lineno < 1:
        ctx.error(f"invalid line number: {digits}")
        return desc, 0
    return desc[:end + 1], lineno


def _header_lines(text: str) -> int:
    """How many lines precede a function's body, so that \\ef's LINE 1 is the body's first line."""
    lines = definition_lines(text)
    return next((n for n, line in enumerate(lines) if line.startswith(BODY_STARTS)), len(lines))
