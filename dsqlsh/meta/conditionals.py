"""\\if \\elif \\else \\endif: psql's conditional blocks, one stack per input source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.meta.registry import Call, Result, command
from dsqlsh.variables import BadVariable, parse_bool

if TYPE_CHECKING:
    from dsqlsh.mainloop import Runner
    from dsqlsh.statements import BufferMark

GROUP = "Conditional"

# psql's ifState values (src/fe_utils/conditional.h)
TRUE, FALSE, IGNORED, ELSE_TRUE, ELSE_FALSE = "true", "false", "ignored", "else-true", "else-false"
ACTIVE = (TRUE, ELSE_TRUE)


class Branch:
    """One open \\if: its state (one of the above) and the scanner's mark when the branch began. Not a dataclass:
    a script's first \\if would import dataclasses for it (issue 19)."""

    __slots__ = ("state", "mark")

    def __init__(self, state: str, mark: BufferMark) -> None:
        self.state = state
        self.mark = mark


def is_active(runner: Runner) -> bool:
    """Whether commands and SQL run here: no open \\if, or the innermost branch is taken."""
    return not runner.conditions or runner.conditions[-1].state in ACTIVE


def _evaluate(call: Call) -> bool | None:
    """The \\if/\\elif expression: all arguments joined by spaces, read as a psql boolean."""
    words = call.args.all()
    text = " ".join(words)
    try:
        return parse_bool(text, f"\\{call.name} expression")
    except BadVariable as exc:
        call.ctx.error(str(exc))
        return None


def _leave_branch(runner: Runner, top: Branch) -> None:
    """Keep what an active branch added to the query buffer; drop what a skipped one collected."""
    scanner = runner.scanner
    if top.state in ACTIVE:
        top.mark = scanner.mark()
    else:
        scanner.discard_to(top.mark)


@command("if", usage="\\if EXPR", group=GROUP, help="begin conditional block")
def do_if(call: Call) -> Result:
    runner = call.runner
    mark = runner.scanner.mark()
    if not is_active(runner):
        call.args.rest()
        runner.conditions.append(Branch(IGNORED, mark))
        return Result.OK
    value = _evaluate(call)
    # psql treats an invalid expression as false, after reporting it.
    runner.conditions.append(Branch(TRUE if value else FALSE, mark))
    return Result.OK if value is not None else Result.ERROR


@command("elif", usage="\\elif EXPR", group=GROUP, help="alternative within current conditional block")
def do_elif(call: Call) -> Result:
    runner = call.runner
    if not runner.conditions:
        call.args.rest()
        call.ctx.error("\\elif: no matching \\if")
        return Result.ERROR
    top = runner.conditions[-1]
    if top.state in (ELSE_TRUE, ELSE_FALSE):
        call.args.rest()
        call.ctx.error("\\elif: cannot occur after \\else")
        return Result.ERROR
    _leave_branch(runner, top)
    if top.state == FALSE:
        value = _evaluate(call)
        top.state = TRUE if value else FALSE
        return Result.OK if value is not None else Result.ERROR
    call.args.rest()
    top.state = IGNORED  # a branch was already taken, or the whole block is inside a skipped one
    return Result.OK


@command("else", usage="\\else", group=GROUP, help="final alternative within current conditional block")
def do_else(call: Call) -> Result:
    runner = call.runner
    if not runner.conditions:
        call.ctx.error("\\else: no matching \\if")
        return Result.ERROR
    top = runner.conditions[-1]
    if top.state in (ELSE_TRUE, ELSE_FALSE):
        call.ctx.error("\\else: cannot occur after \\else")
        return Result.ERROR
    _leave_branch(runner, top)
    top.state = ELSE_TRUE if top.state == FALSE else ELSE_FALSE
    return Result.OK


@command("endif", usage="\\endif", group=GROUP, help="end conditional block")
def do_endif(call: Call) -> Result:
    runner = call.runner
    if not runner.conditions:
        call.ctx.error("\\endif: no matching \\if")
        return Result.ERROR
    top = runner.conditions.pop()
    if top.state not in ACTIVE:
        runner.scanner.discard_to(top.mark)
    return Result.OK
