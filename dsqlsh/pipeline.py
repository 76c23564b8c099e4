"""psql 18's pipeline mode: queries queued on the connection without waiting, their results read later.

The counts are psql's, shown in PIPELINE_COMMAND_COUNT (queued since the last sync or flush request),
PIPELINE_SYNC_COUNT (syncs whose results are not read yet) and PIPELINE_RESULT_COUNT (commands whose results
the server was asked to send and that are not read yet). Results are read only when the server was asked for
them (\\flushrequest, \\syncpipeline, \\endpipeline): reading more would wait forever.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dsqlsh.connection import ExecStatus, command_rows
from dsqlsh.errors import ConnectionLost
from dsqlsh.reporting import echo_query, set_result_variables

if TYPE_CHECKING:
    from psycopg.pq.abc import PGresult

    from dsqlsh.connection import Connection, Extended
    from dsqlsh.engine import Engine

__all__ = ["Pipeline"]

# Read for every result: module constants, as in engine.py (an enum member read costs ~5 times more)
_SYNC, _ABORTED, _COMMAND_OK = ExecStatus.PIPELINE_SYNC, ExecStatus.PIPELINE_ABORTED, ExecStatus.COMMAND_OK


class Pipeline:
    """One pipeline on the session's connection, from \\startpipeline to \\endpipeline: how many commands are
    queued since the last sync or flush request, syncs sent and results asked for (psql's PIPELINE_* variables)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.commands = 0
        self.syncs = 0
        self.results = 0

    @property
    def conn(self) -> Connection:
        conn = self.engine.ctx.conn
        assert conn is not None
        return conn

    def publish(self) -> None:
        """psql's PIPELINE_* variables."""
        variables = self.engine.ctx.variables
        variables.set_internal("PIPELINE_COMMAND_COUNT", str(self.commands))
        variables.set_internal("PIPELINE_SYNC_COUNT", str(self.syncs))
        variables.set_internal("PIPELINE_RESULT_COUNT", str(self.results))

    def send(self, sql: str, extended: Extended | None) -> bool:
        """Queue one query (; or \\sendpipeline, \\parse, \\close_prepared)."""
        ctx = self.engine.ctx
        conn = ctx.conn  # self.conn's read inline: a pipeline sends thousands
        assert conn is not None
        conn.send_in_pipeline(sql, extended)
        self.commands += 1
        # the one count a send changes (publish() sets all three: twice the cost)
        ctx.variables.set_internal("PIPELINE_COMMAND_COUNT", str(self.commands))
        return True

    def send_bound(self, sql: str, params: tuple[str, ...]) -> None:
        """A line `SQL \\bind PARAMS \\sendpipeline`, its SQL and arguments read (Scanner.take_bound_line): what
        \\bind then \\sendpipeline do, where neither can fail before the query is sent (both read all their
        arguments, so neither warns of extra ones), and what Engine.send_query does with a query in a pipeline:
        echoed, then queued. Without those layers' calls a pipeline's line is 11% cheaper (issue 19). Counted as
        send() counts."""
        ctx = self.engine.ctx
        echo_query(ctx, sql)
        conn = ctx.conn
        assert conn is not None
        conn.send_bound_in_pipeline(sql, params)
        self.commands += 1
        ctx.variables.set_internal("PIPELINE_COMMAND_COUNT", str(self.commands))

    def sync(self) -> None:
        self.conn.pipeline_sync()
        self.syncs += 1
        self._requested()

    def flush_request(self) -> None:
        self.conn.send_flush_request()
        self._requested()

    def _requested(self) -> None:
        self.results += self.commands
        self.commands = 0
        self.publish()

    def get_results(self, wanted: int = 0) -> bool:
        """Read and print the results the server was asked for: `wanted` of them (a sync counts as one), or all
        when 0. psql prints an error once: the commands it aborted after it stay quiet in the same read."""
        ctx = self.engine.ctx
        if self.results == 0 and self.syncs == 0:
            ctx.message("No pending results to get")
            return True
        conn = self.conn
        chunked = ctx.variables.integer("FETCH_COUNT")
        # psql asks for chunks once, for the first result it reads; libpq refuses when a sync is next
        if chunked > 0 and not conn.chunk_next_result(chunked):
            ctx.error("fetching results in chunked mode failed")
            return False
        ok, shown_error, taken = True, False, 0
        # A command status alone (an INSERT's) takes a shorter way than the generic per-result one (issue 19:
        # \\endpipeline reads back thousands of them): printed when not quiet (Engine.print_command_status), the
        # output flushed and the connection checked as print_results does, and its result variables set once the
        # read ends, if it was the last command read.
        status_only: PGresult | None = None
        # psql's ExecQueryAndProcessResults: a sync read starts the read's success afresh (an error before it was
        # printed, and fails nothing), and the result variables come from the last result read: after a sync,
        # ERROR false, SQLSTATE 00000, ROW_COUNT 0 (\endpipeline's always ends on one).
        after_sync = False
        print_status = not ctx.quiet or conn.is_dsql  # else Engine.print_command_status has nothing to do
        flush, next_result = ctx.streams.out.flush, conn.next_result
        try:
            # One result after another from libpq's buffer: it reads from the socket only when that runs dry, as
            # much as has arrived, so a queued pipeline comes back in a few reads.
            while (self.results > 0 or self.syncs > 0) and (wanted == 0 or taken < wanted):
                first = next_result()
                taken += 1
                status = first.status if first is not None else None
                if status == _SYNC:
                    self.syncs -= 1
                    ok, after_sync, status_only = True, True, None
                    continue
                after_sync = False
                self.results -= 1
                if status == _ABORTED:
                    _drain(conn)
                    ok, status_only = False, None
                    if not shown_error:  # after an error, psql discards the aborted ones up to the sync unseen
                        ctx.message("Pipeline aborted, command did not run")
                        set_result_variables(ctx, ok=False)  # a failure with no server error to name
                    continue
                if status == _COMMAND_OK:
                    assert first is not None
                    if print_status:
                        self.engine.print_command_status(first)
                    status_only, first = first, next_result()
                    if first is None:  # its command's end, as always for one query of the extended protocol
                        if print_status:  # else nothing was written to flush
                            flush()
                        if conn.is_bad:
                            raise ConnectionLost("connection to server was lost")
                        continue
                outcome = self.engine.print_results(_one_command(conn, first))
                status_only = None
                shown_error = shown_error or not outcome.ok
                ok = ok and outcome.ok
        finally:
            if status_only is not None:
                set_result_variables(ctx, ok=True, rows=command_rows(status_only))
            elif after_sync:
                set_result_variables(ctx, ok=True)
        self.publish()
        return ok

    def end(self) -> bool:
        """\\endpipeline: a sync, every result up to it, and the connection back out of pipeline mode."""
        self.sync()
        ok = self.get_results()
        while self.syncs > 0:  # what a failed read left (chunked mode refused): read past it, unshown
            first = self.conn.next_result()
            if first is not None and first.status == ExecStatus.PIPELINE_SYNC:
                self.syncs -= 1
            elif first is not None:
                _drain(self.conn)
        self.conn.exit_pipeline()
        self.commands = self.syncs = self.results = 0
        self.publish()
        return ok


def _one_command(conn: Connection, first: PGresult | None) -> Iterator[PGresult]:
    """One command's results, from the one already read to the None that ends them."""
    res = first
    while res is not None:
        yield res
        res = conn.next_result()


def _drain(conn: Connection) -> None:
    while conn.next_result() is not None:
        pass
