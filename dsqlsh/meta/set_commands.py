"""Meta-commands that change settings: \\set \\unset \\pset \\x \\a \\t \\f \\C \\H \\T \\timing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.meta.registry import Call, Result, command
from dsqlsh.output.pset import PsetError, describe, list_options, set_option
from dsqlsh.variables import BadVariable, parse_bool

if TYPE_CHECKING:
    from dsqlsh.context import Context

GROUP = "Formatting"
VARS = "Variables"


def pset(call: Call, name: str, value: str | None) -> Result:
    """psql's do_pset: change an option, then describe it unless quiet."""
    ctx = call.ctx
    try:
        show = set_option(ctx.popt, name, value)
    except PsetError as exc:
        ctx.error(str(exc))
        return Result.ERROR
    if show and not ctx.quiet:
        ctx.streams.stdout.write(describe(ctx.popt, name) + "\n")
    return Result.OK


@command("pset", usage="\\pset [NAME [VALUE]]", group=GROUP,
         help="set table output option\n(border|columns|csv_fieldsep|expanded|fieldsep|\n"
              "fieldsep_zero|footer|format|linestyle|null|\nnumericlocale|pager|pager_min_lines|"
              "recordsep|\nrecordsep_zero|tableattr|title|tuples_only|\nunicode_border_linestyle|"
              "unicode_column_linestyle|\nunicode_header_linestyle|xheader_width)")
def do_pset(call: Call) -> Result:
    name = call.args.next()
    if name is None:
        call.ctx.streams.stdout.write(list_options(call.ctx.popt))
        return Result.OK
    return pset(call, name, call.args.next())


@command("x", usage="\\x [on|off|auto]", group=GROUP, help="toggle expanded output (currently %s)")
def do_expanded(call: Call) -> Result:
    return pset(call, "expanded", call.args.next())


@command("a", usage="\\a", group=GROUP, help="toggle between unaligned and aligned output mode")
def do_align_toggle(call: Call) -> Result:
    return pset(call, "format", "unaligned" if call.ctx.popt.format == "aligned" else "aligned")


@command("t", usage="\\t [on|off]", group=GROUP, help="show only rows (currently %s)")
def do_tuples_only(call: Call) -> Result:
    return pset(call, "tuples_only", call.args.next())


@command("f", usage="\\f [STRING]", group=GROUP,
         help="show or set field separator for unaligned query output")
def do_fieldsep(call: Call) -> Result:
    return pset(call, "fieldsep", call.args.next())


@command("C", usage="\\C [STRING]", group=GROUP, help="set table title, or unset if none")
def do_title(call: Call) -> Result:
    return pset(call, "title", call.args.next())


@command("H", usage="\\H", group=GROUP, help="toggle HTML output mode (currently %s)")
def do_html(call: Call) -> Result:
    return pset(call, "format", "aligned" if call.ctx.popt.format == "html" else "html")


@command("T", usage="\\T [STRING]", group=GROUP, help="set HTML <table> tag attributes, or unset if none")
def do_tableattr(call: Call) -> Result:
    return pset(call, "tableattr", call.args.next())


@command("timing", usage="\\timing [on|off]", group="Operating System",
         help="toggle timing of commands (currently %s)")
def do_timing(call: Call) -> Result:
    ctx = call.ctx
    value = call.args.next()
    if value is None:
        ctx.timing = not ctx.timing
    else:
        try:
            ctx.timing = parse_bool(value, "\\timing")
        except BadVariable as exc:
            ctx.error(str(exc))
            return Result.ERROR
    if not ctx.quiet:
        ctx.streams.stdout.write(f"Timing is {'on' if ctx.timing else 'off'}.\n")
    return Result.OK


@command("set", usage="\\set [NAME [VALUE]]", group=VARS,
         help="set internal variable, or list all if no parameters")
def do_set(call: Call) -> Result:
    ctx = call.ctx
    name = call.args.next()
    if name is None:
        out = ctx.streams.stdout
        for key, value in ctx.variables.items():
            out.write(f"{key} = '{value}'\n")
        return Result.OK
    return set_variable(ctx, name, "".join(call.args.all()))


def set_variable(ctx: Context, name: str, value: str) -> Result:
    """Set a psql variable as \\set does: a special variable's refusal is printed in psql's words."""
    try:
        ctx.variables.set(name, value)
    except BadVariable as exc:
        ctx.error(str(exc))
        return Result.ERROR
    return Result.OK


@command("prompt", usage="\\prompt [TEXT] NAME", group=VARS, help="prompt user to set internal variable")
def do_prompt(call: Call) -> Result:
    ctx = call.ctx
    first, second = call.args.next(), call.args.next()
    if first is None:
        ctx.error("\\prompt: missing required argument")
        return Result.ERROR
    text, name = (first, second) if second is not None else ("", first)
    answer = call.runner.ask(text)
    if answer is None:
        ctx.error("\\prompt: could not read value for variable")
        return Result.ERROR
    return set_variable(ctx, name, answer)


@command("unset", usage="\\unset NAME", group=VARS, help="unset (delete) internal variable")
def do_unset(call: Call) -> Result:
    ctx = call.ctx
    name = call.args.next()
    if name is None:
        ctx.error("\\unset: missing required argument")
        return Result.ERROR
    try:
        ctx.variables.unset(name)
    except BadVariable as exc:
        ctx.error(str(exc))
        return Result.ERROR
    return Result.OK
