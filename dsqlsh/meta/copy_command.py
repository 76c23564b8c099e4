"""\\copy: psql's client-side COPY (the work is in dsqlsh.copy)."""

from __future__ import annotations

from dsqlsh.meta.registry import Call, Result, command

__all__ = ["do_copy"]


@command("copy", usage="\\copy ...", group="Input/Output",
         help="perform SQL COPY with data stream to the client host")
def do_copy(call: Call) -> Result:
    from dsqlsh.copy import CopyParseError, parse, run_copy

    ctx = call.ctx
    try:
        spec = parse(call.args.next("whole_line"))
    except CopyParseError as exc:
        ctx.error(str(exc))
        return Result.ERROR
    return Result.OK if run_copy(ctx, spec, call.runner.read_line) else Result.ERROR
