"""psql 18's restricted mode: \\restrict KEY and \\unrestrict KEY.

pg_dump (from 17.6, CVE-2025-8714) opens every plain-text dump with \\restrict KEY and closes it with
\\unrestrict KEY, so that data in the dump cannot smuggle in a meta-command (\\! above all). In between, SQL
runs as usual and every backslash command but \\unrestrict fails; dispatch() in registry.py makes that check,
before it even looks the command up, as psql's exec_command does. The key lives on the Context.
"""

from __future__ import annotations

from dsqlsh.meta.registry import Call, Result, command

__all__ = ["do_restrict", "do_unrestrict"]

GROUP = "General"
_TRAILING = " \t\n\r\f\v;"  # psql 18 drops trailing whitespace (C's isspace) and semicolons from the key


# psql's help.c gives both usages a line of their own (the leading newline), though this one would fit.
@command("restrict", usage="\\restrict RESTRICT_KEY", group=GROUP, help="\nenter restricted mode with provided key")
def do_restrict(call: Call) -> Result:
    """psql's exec_command_restrict: the key is one ordinary argument (quotes, :var and `cmd` apply, a
    trailing ; is dropped); psql checks nothing about its characters, only that it is not empty."""
    ctx = call.ctx
    key = call.args.next(semicolon=True)
    for message in call.args.errors:  # "unterminated quoted string", printed as psql's lexer does
        ctx.error(message)
    if not key:
        ctx.error(f"\\{call.name}: missing required argument")
        return Result.ERROR
    ctx.restrict_key = key
    return Result.OK


@command("unrestrict", usage="\\unrestrict RESTRICT_KEY", group=GROUP, help="\nexit restricted mode if key matches")
def do_unrestrict(call: Call) -> Result:
    """psql's exec_command_unrestrict: the key is the rest of the line, raw (OT_WHOLE_LINE: no quotes, no
    variables; leading whitespace and trailing whitespace and semicolons dropped), compared exactly with
    \\restrict's."""
    ctx = call.ctx
    key = (call.args.next("whole_line") or "").rstrip(_TRAILING)
    if not key:
        ctx.error(f"\\{call.name}: missing required argument")
        return Result.ERROR
    if ctx.restrict_key is None:
        ctx.error(f"\\{call.name}: not currently in restricted mode")
        return Result.ERROR
    if key != ctx.restrict_key:
        ctx.error(f"\\{call.name}: wrong key")
        return Result.ERROR
    ctx.restrict_key = None
    return Result.OK
