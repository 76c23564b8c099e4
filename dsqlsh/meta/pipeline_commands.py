"""psql 18's pipeline commands: \\startpipeline, \\sendpipeline, \\syncpipeline, \\flushrequest, \\flush,
\\getresults, \\endpipeline (the pipeline itself is dsqlsh/pipeline.py).

Each of them ends the query buffer as a sent query does (psql's PSQL_CMD_SEND): it becomes the previous one."""

from __future__ import annotations

from dsqlsh import reporting
from dsqlsh.meta.registry import Call, Result, command, warn_extra_args
from dsqlsh.pipeline import Pipeline
from dsqlsh.variables import c_atoi

__all__ = ["do_startpipeline", "do_endpipeline", "do_syncpipeline", "do_sendpipeline", "do_flushrequest",
           "do_flush", "do_getresults", "refused_in_pipeline"]

GROUP = "Extended Query Protocol"
NOT_IN_PIPELINE = "cannot send pipeline when not in pipeline mode"  # libpq's words, which psql prints


def refused_in_pipeline(call: Call) -> bool:
    """\\g, \\gx, \\gset, \\gexec and \\watch wait for their results, which a pipeline cannot: psql refuses them
    there, forgetting a \\bind, and keeps the query buffer."""
    if call.ctx.pipeline is None:
        return False
    call.ctx.error(f"\\{call.name} not allowed in pipeline mode")
    call.ctx.extended = None
    return True


def _end_buffer(call: Call) -> None:
    """The query buffer ends as psql's PSQL_CMD_SEND ends it: SendQuery gets it (the previous query when it is
    empty), which ECHO=queries shows and the -L log keeps, though the pipeline command sends no text."""
    runner = call.runner
    text = runner.scanner.take_buffer()
    if text.strip():
        runner.previous_buffer = text
    reporting.echo_query(call.ctx, runner.previous_buffer)


@command("endpipeline", usage="\\endpipeline", group=GROUP, help="exit pipeline mode", listed_before="parse")
def do_endpipeline(call: Call) -> Result:
    _end_buffer(call)
    pipeline = call.ctx.pipeline
    if pipeline is None:
        call.ctx.error(NOT_IN_PIPELINE)
        return Result.ERROR
    call.ctx.pipeline = None
    return Result.OK if pipeline.end() else Result.ERROR


@command("flush", usage="\\flush", group=GROUP, help="flush output data to the server", listed_before="parse")
def do_flush(call: Call) -> Result:
    _end_buffer(call)
    if call.ctx.conn is not None:  # psql: PQflush, which outside a pipeline has nothing to send and fails nothing
        call.ctx.conn.flush()
    return Result.OK


@command("flushrequest", usage="\\flushrequest", group=GROUP,
         help="send request to the server to flush its output buffer", listed_before="parse")
def do_flushrequest(call: Call) -> Result:
    _end_buffer(call)
    if call.ctx.pipeline is not None:  # outside a pipeline psql says nothing here
        call.ctx.pipeline.flush_request()
    return Result.OK


@command("getresults", usage="\\getresults [NUM_RES]", group=GROUP,
         help="read NUM_RES pending results, or all if no argument", listed_before="parse")
def do_getresults(call: Call) -> Result:
    ctx = call.ctx
    arg = call.args.next()
    wanted = c_atoi(arg) if arg is not None else 0
    if wanted < 0:
        ctx.error("\\getresults: invalid number of requested results")
        return Result.ERROR
    _end_buffer(call)
    warn_extra_args(call)
    if ctx.pipeline is None:
        ctx.message("No pending results to get")
        return Result.OK
    return Result.OK if ctx.pipeline.get_results(wanted) else Result.ERROR


@command("sendpipeline", usage="\\sendpipeline", group=GROUP, help="send an extended query to an ongoing pipeline")
def do_sendpipeline(call: Call) -> Result:
    ctx = call.ctx
    if ctx.pipeline is None:
        ctx.error("\\sendpipeline not allowed outside of pipeline mode")
        ctx.extended = None
        return Result.ERROR
    if ctx.extended is None or ctx.extended.kind not in ("bind", "bind_named"):
        ctx.error("\\sendpipeline must be used after \\bind or \\bind_named")
        ctx.extended = None
        return Result.ERROR
    warn_extra_args(call)
    call.runner.send_buffer()
    return Result.OK


@command("startpipeline", usage="\\startpipeline", group=GROUP, help="enter pipeline mode")
def do_startpipeline(call: Call) -> Result:
    ctx = call.ctx
    _end_buffer(call)
    if ctx.conn is None:
        ctx.error("You are currently not connected to a database.")
        return Result.ERROR
    if ctx.pipeline is None:  # psql: no effect inside a pipeline
        ctx.conn.enter_pipeline()
        ctx.pipeline = Pipeline(call.runner.engine)
        ctx.pipeline.publish()
    return Result.OK


@command("syncpipeline", usage="\\syncpipeline", group=GROUP,
         help="add a synchronisation point to an ongoing pipeline")
def do_syncpipeline(call: Call) -> Result:
    _end_buffer(call)
    if call.ctx.pipeline is None:
        call.ctx.error(NOT_IN_PIPELINE)
        return Result.ERROR
    call.ctx.pipeline.sync()
    return Result.OK
