"""\\batch: send the query buffer (an UPDATE, DELETE or INSERT ... SELECT) in batches (the work is in dsqlsh.batch)."""

from __future__ import annotations

from dsqlsh.meta.registry import Call, Result, command

__all__ = ["do_batch"]


@command("batch", usage="\\batch [rows=N] [jobs=N]", group="General", listed_before="errverbose",
         help="execute an UPDATE, DELETE or INSERT ... SELECT in batches of N rows,\n"
              "each its own transaction, exactly once (past DSQL's 3,000-row limit)")
def do_batch(call: Call) -> Result:
    from dsqlsh.batch import BatchOptions, run_batch
    from dsqlsh.errors import ConnectionFailed
    from dsqlsh.session import ensure_usable

    ctx, runner = call.ctx, call.runner
    settings: dict[str, int] = {}
    while (arg := call.args.next()) is not None:
        name, _, value = arg.partition("=")
        if name not in ("rows", "jobs") or not value.isdigit() or int(value) < 1:
            ctx.error(f'\\batch: invalid option "{arg}": use rows=N and jobs=N, N a positive whole number')
            runner.scanner.take_buffer()
            return Result.ERROR
        settings[name] = int(value)
    text = runner.scanner.take_buffer()
    if text.strip():
        runner.previous_buffer = text
    else:
        text = runner.previous_buffer
    if not text.strip():
        ctx.error("\\batch: the query buffer is empty: give it an UPDATE, DELETE or INSERT ... SELECT first")
        return Result.ERROR
    try:
        ensure_usable(ctx)  # on DSQL: a fresh connection first if the idle one was closed or is old
    except ConnectionFailed as exc:
        ctx.error(f"\\batch: could not reconnect: {exc.args[0]}")
        return Result.ERROR
    options = BatchOptions(rows=settings.get("rows"), jobs=settings.get("jobs", 1))
    return Result.OK if run_batch(ctx, text, options) else Result.ERROR
