"""The engine: psql's SendQuery + ExecQueryAndProcessResults, whatever the text came from.

check -> send -> gather -> report. The main loop (mainloop.py) hands it complete statements; meta-commands
(\\g and kin) hand it the query buffer. It knows nothing of meta-commands or of the playground.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

from dsqlsh import reporting, session
from dsqlsh.checking import CHECKING_MODES, check_before_send
from dsqlsh.connection import ERROR_STATUSES, ExecStatus, Extended, TransactionStatus, command_rows
from dsqlsh.diagnostics import PRIMARY, SQLSTATE, format_message
from dsqlsh.diagnostics import field as diag_field
from dsqlsh.errors import ConnectionLost
from dsqlsh.output.options import PrintOptions
from dsqlsh.output.printer import GATHER_ROWS, STREAMED_FORMATS, GatheredResult, RowGathering
from dsqlsh.statements import leading_words
from dsqlsh.variables import HOOKED

if TYPE_CHECKING:
    from psycopg.pq.abc import PGresult

    from dsqlsh.connection import Connection
    from dsqlsh.context import Context
    from dsqlsh.output.options import Table

__all__ = ["Engine", "QueryOptions", "inline_data"]

# Tuple-returning commands whose status psql also prints (PrintQueryResult).
STATUS_AFTER_ROWS = ("INSERT", "UPDATE", "DELETE", "MERGE")
# Where psql leaves a statement's transaction: ON_ERROR_ROLLBACK's savepoint is not released after these.
ENDS_SAVEPOINT = ("COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")

ReadLine = Callable[[], "str | None"]

# The statuses read for every result, as module constants: before Python 3.12 each `ExecStatus.X` goes through
# EnumType.__getattr__, ~0.1 us a read against ~0.02 us for a constant.
TUPLES_OK, TUPLES_CHUNK, COMMAND_OK = ExecStatus.TUPLES_OK, ExecStatus.TUPLES_CHUNK, ExecStatus.COMMAND_OK


class QueryOptions:
    """How \\g and friends change one query's output: target, print options, \\gset prefix.

    Made by the meta-commands that ask for something; the engine only reads it (a query without options
    shares _NO_OPTIONS). Not a dataclass: defining one cost 0.6 ms of every start (issue 19)."""

    def __init__(self, *, popt: PrintOptions | None = None, gset_prefix: str | None = None, gexec: bool = False,
                 describe: bool = False, crosstab: list[int | str | None] | None = None) -> None:
        self.out: TextIO | None = None
        self.close: Callable[[], None] | None = None
        self.open_out: Callable[[], bool] | None = None  # \\g's target opens with the first rows (meta/io.py)
        self.popt = popt
        self.gset_prefix = gset_prefix
        self.gexec = gexec
        self.describe = describe  # \\gdesc: describe the result's columns, without running the query
        self.crosstab = crosstab  # \\crosstabview's column references (meta/crosstab.py)


_NO_OPTIONS = QueryOptions()  # never changed: one made per statement cost ~0.3 us for nothing


class Outcome:
    """What one query string left behind, for psql's result variables.

    One is made per query: a plain class whose defaults are class attributes, so making one sets two fields, not
    ten as a dataclass's __init__ does (issue 19)."""

    sql: str
    occ_retry_left: int  # OCC_RETRY: how many more times a conflict may be retried (then occ_retry is set)
    ok: bool = True
    rows: int = 0
    last: PGresult | None = None  # the last result seen: the error variables come from it
    after_copy_out: bool = False
    error_text: str = ""
    occ_retry: bool = False  # failed on an OCC conflict that may be retried
    gexec_queries: list[str] | None = None
    last_status: str = ""  # the last command status, for ON_ERROR_ROLLBACK's savepoint

    def __init__(self, sql: str, occ_retry_left: int = 0) -> None:
        self.sql = sql
        self.occ_retry_left = occ_retry_left

    def output_failed(self) -> None:
        """The statement ran but its output could not be written (a \\g file, a closed pipe): psql counts
        a failure with no server error, so SQLSTATE stays empty and ROW_COUNT is 0."""
        self.ok = False
        self.rows = 0
        self.last = None


def inline_data(read_line: ReadLine | None, codec: str) -> Iterator[bytes]:
    """psql's handleCopyIn: the data lines of the current input up to a line "\\." (or its end), encoded."""
    while read_line is not None:
        line = read_line()
        if line is None or line == "\\.":
            return
        yield (line + "\n").encode(codec, "surrogateescape")


class Engine:
    """Sends SQL for a session and prints what comes back, as psql does."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ---- psql's SendQuery ------------------------------------------------------------------
    def send_query(self, sql: str, options: QueryOptions | None = None,
                   copy_source: ReadLine | None = None) -> bool:
        """Run one query string (maybe several statements) and print every result. True if all succeeded."""
        ctx = self.ctx
        extended, ctx.extended = ctx.extended, None  # psql: one query uses up \bind's settings
        reporting.echo_query(ctx, sql)
        if ctx.conn is None:
            ctx.error("You are currently not connected to a database.")
            return False
        if ctx.pipeline is not None and (options is None or not options.describe):
            return ctx.pipeline.send(sql, extended)  # queued, its results read at \\getresults or \\endpipeline
        options = options or _NO_OPTIONS
        if options.describe:
            return self._describe(sql, options, extended)
        if ctx.variables.choice("DSQL_CHECK") in CHECKING_MODES and (extended is None or extended.needs_text):
            checked = check_before_send(ctx, sql)
            if checked is None:
                reporting.set_result_variables(ctx, ok=False)
                return False
            if not checked:  # the fix is to send nothing (a session setting DSQL refuses)
                reporting.set_result_variables(ctx, ok=True)
                return True
            sql = checked
        # The guards below save a call a statement where there is nothing to do (issue 19: scripts of thousands).
        if ctx.conn.is_dsql:
            session.ensure_usable(ctx)  # may replace the connection: read again below
        if not ctx.variables.flag("AUTOCOMMIT"):
            reporting.begin_if_needed(ctx, sql)
        conn = ctx.conn
        in_transaction = conn.in_transaction
        savepoint = in_transaction and self._savepoint_first()  # ON_ERROR_ROLLBACK: only inside a transaction
        sent = conn.rewrite(sql) if conn.rewrite else sql
        retries = ctx.variables.integer("OCC_RETRY")
        started = time.perf_counter()
        try:
            if retries > 0:
                outcome = self._execute_with_retries(sent, options, copy_source, extended, retries)
            else:
                outcome = self._execute(sent, options, copy_source, extended=extended)
        except ConnectionLost:
            if in_transaction and leading_words(sql, 1) in (["COMMIT"], ["END"]):
                # Sent, never answered: the server may have committed before the connection went. Never retried.
                ctx.message("The COMMIT was sent, but the connection closed before its answer came: whether the "
                            "transaction was committed is unknown. Look at the data before running it again.")
            elif in_transaction:
                ctx.message("The open transaction is gone: the server rolled it back when the connection closed. "
                            "Nothing of it was committed.")
            raise
        finally:
            if options.close:
                options.close()
        if savepoint:
            self._settle_savepoint(outcome)
        if not outcome.ok and ctx.variables.choice("ECHO") == "errors":
            ctx.message(f"STATEMENT:  {sql}")
        if ctx.timing:
            reporting.print_timing(ctx, started)
        return outcome.ok

    def _describe(self, sql: str, options: QueryOptions, extended: Extended | None) -> bool:
        """\\gdesc, as psql's DescribeQuery: prepare sql as the unnamed statement, describe it, and print its
        columns' names and types (a query of format_type over them, printed as any result)."""
        ctx = self.ctx
        conn = ctx.conn
        assert conn is not None
        if ctx.pipeline is not None:  # libpq's words: describing waits for an answer, which a pipeline cannot
            ctx.message("synchronous command execution functions are not allowed in pipeline mode")
            return False
        session.ensure_usable(ctx)
        started = time.perf_counter()
        described = None
        for step in (Extended("parse"), Extended("describe")):
            results = list(conn.execute(sql, extended=step))  # all of them: the next command waits for that
            failed = next((res for res in results if res.status in ERROR_STATUSES), None)
            if failed is not None:
                reporting.report_error(ctx, failed)
                reporting.set_result_variables(ctx, ok=False, error=failed)
                return False
            described = results[-1] if results else None
        if described is None or described.nfields == 0:
            ctx.streams.out.write("The command has no result, or the result has no columns.\n")
            reporting.set_result_variables(ctx, ok=True)
            reporting.print_timing(ctx, started)
            return True
        from psycopg.pq import Escaping

        quote = Escaping(conn.pgconn).escape_literal
        rows = ", ".join(f"({quote(described.fname(i) or b'').decode(conn.codec)}, "
                         f"'{described.ftype(i)}'::pg_catalog.oid, {described.fmod(i)})"
                         for i in range(described.nfields))
        outcome = self._execute('SELECT name AS "Column", pg_catalog.format_type(tp, tpm) AS "Type" '
                                f"FROM (VALUES {rows}) s(name, tp, tpm)", options, None, extended=extended)
        reporting.print_timing(ctx, started)
        return outcome.ok

    def _savepoint_first(self) -> bool:
        """ON_ERROR_ROLLBACK: inside a transaction, psql guards each statement with a savepoint."""
        ctx = self.ctx
        mode = ctx.variables.choice("ON_ERROR_ROLLBACK")
        if mode == "off":  # the usual case, and cheaper to tell than the transaction's exact status
            return False
        conn = ctx.conn
        if conn is None or conn.transaction_status != TransactionStatus.INTRANS:
            return False
        if mode == "interactive" and not ctx.interactive:
            return False
        if conn.is_dsql:
            return False  # DSQL has no savepoints; the statement runs unguarded
        return self.run_silent("SAVEPOINT pg_psql_temporary_savepoint")

    def _settle_savepoint(self, outcome: Outcome) -> None:
        """Roll back to the savepoint after an error, release it after success (psql's SendQuery)."""
        conn = self.ctx.conn
        if conn is None:
            return
        status = conn.transaction_status
        if status == TransactionStatus.INERROR:
            self.run_silent("ROLLBACK TO pg_psql_temporary_savepoint")
        elif status == TransactionStatus.INTRANS and not outcome.last_status.startswith(ENDS_SAVEPOINT):
            self.run_silent("RELEASE pg_psql_temporary_savepoint")

    def run_silent(self, sql: str) -> bool:
        """A statement of psql's own: not echoed, not printed; errors shown."""
        assert self.ctx.conn is not None
        ok = True
        for res in self.ctx.conn.execute(sql):
            if res.status == ExecStatus.FATAL_ERROR:
                ok = False
                self.ctx.message(format_message(res))
        return ok

    def _execute_with_retries(self, sql: str, options: QueryOptions, copy_source: ReadLine | None,
                              extended: Extended | None, retries: int) -> Outcome:
        """OCC_RETRY: run, and re-run a lone auto-commit statement that hit an OCC conflict up to retries times."""
        # Here, not at the top: -c never loads the lexer (issue 19); OCC_RETRY's scan costs far more than this import.
        from dsqlsh.scanner import is_single_statement

        ctx = self.ctx
        assert ctx.conn is not None
        retryable = ctx.conn.is_idle and ctx.variables.flag("AUTOCOMMIT") and is_single_statement(sql)
        attempt = 0
        while True:
            outcome = self._execute(sql, options, copy_source, extended=extended,
                                    occ_retry_left=retries - attempt if retryable else 0)
            if outcome.ok or not outcome.occ_retry or ctx.conn is None or not ctx.conn.is_idle:
                return outcome
            from dsqlsh import occ

            attempt += 1
            time.sleep(occ.backoff_seconds(attempt))

    def _results(self, sql: str, options: QueryOptions, popt: PrintOptions,
                 extended: Extended | None) -> Iterator[tuple[PGresult | GatheredResult, bool]]:
        """The results of sql, each with whether it is the query's last, rows gathered (or printed as they come)
        unless FETCH_COUNT, \\gset or \\gexec."""
        ctx = self.ctx
        conn = ctx.conn
        assert conn is not None
        fetch_count = (0 if options.gset_prefix is not None or options.gexec or options.crosstab is not None
                       else ctx.variables.integer("FETCH_COUNT"))
        if fetch_count > 0:  # chunks are handled as they come: none is held back, none marked last
            results: Iterator[PGresult | GatheredResult] = conn.execute(sql, fetch_count=fetch_count,
                                                                        extended=extended)
            if not ctx.variables.flag("SHOW_ALL_RESULTS"):
                results = _last_result_only(results)
            return ((res, False) for res in results)
        render = None
        if options.gset_prefix is None and not options.gexec:
            conn.send(sql, fetch_count=GATHER_ROWS, extended=extended)
            # The REPL keeps rows (its CREATE INDEX ASYNC hint reads them); elsewhere a format that
            # measures nothing is printed as the rows come.
            if (not ctx.interactive and popt.format in STREAMED_FORMATS and popt.expanded == "off"
                    and options.crosstab is None):
                render = popt
        else:
            conn.send(sql, extended=extended)
        return self._marked_results(conn, render, ctx.variables.flag("SHOW_ALL_RESULTS"))

    @staticmethod
    def _marked_results(conn: Connection, render: PrintOptions | None,
                        show_all: bool) -> Iterator[tuple[PGresult | GatheredResult, bool]]:
        """A sent query's results, chunks gathered, each with whether it is the last (psql's PrintQueryResult
        `last`: the one \\gset, \\gexec and \\crosstabview take). As psql's ExecQueryAndProcessResults, each
        result is held until the next has been read, so a NOTICE the next statement raises prints before it;
        errors and COPY are not held. Without SHOW_ALL_RESULTS only the last of the held ones is shown.

        One generator for what were three stacked ones (issue 19: ~13 k instructions a statement)."""
        gathering: RowGathering | None = None
        held: PGresult | GatheredResult | None = None
        next_result = conn.next_result
        while (res := next_result()) is not None:
            status = res.status
            if status == TUPLES_CHUNK:
                if gathering is None:
                    gathering = RowGathering(conn.codec, render, conn.pgconn)
                gathering.add(res)
                continue
            found: PGresult | GatheredResult = res
            if gathering is not None:
                found = gathering.finish(res)
                gathering = None
            if held is not None:
                if show_all:
                    yield held, False
                held = None
            if status in _AT_ONCE:
                yield found, False
            else:
                held = found
        if held is not None:
            yield held, True

    def print_results(self, results: Iterator[PGresult]) -> Outcome:
        """Print results read elsewhere (a pipeline's) as a query's own are printed."""
        return self._execute("", _NO_OPTIONS, None, ((res, False) for res in results))

    def print_command_status(self, res: PGresult) -> None:
        """A result read elsewhere that is a command status alone (COMMAND_OK: a pipeline's INSERT), printed as
        print_results prints it; the caller sets the result variables (once for a run of these: issue 19, a
        pipeline reads back thousands) and checks the connection after the command's end. It does nothing when
        QUIET outside DSQL (no status to print, no session SETs to settle): a caller may skip it then."""
        self._print_status(bytes(res.command_status or b"").decode())

    def _execute(self, sql: str, options: QueryOptions, copy_source: ReadLine | None,
                 results: Iterator[tuple[PGresult | GatheredResult, bool]] | None = None, *,
                 extended: Extended | None = None, occ_retry_left: int = 0) -> Outcome:
        ctx = self.ctx
        conn = ctx.conn
        assert conn is not None
        popt = options.popt or ctx.popt
        out = options.out or ctx.streams.out
        outcome = Outcome(sql, occ_retry_left)
        chunks = None
        dropping = False
        try:
            # last: \\gset and \\crosstabview take the query's last result only
            for res, last in results if results is not None else self._results(sql, options, popt, extended):
                if isinstance(res, GatheredResult):
                    self._print_rows(res, res.command_status, sql, out, popt, options, outcome,
                                     crosstab=options.crosstab if last else None)
                    continue
                status = res.status
                if status == TUPLES_CHUNK:
                    if chunks is None and not dropping and not self._output_ready(options):
                        dropping = True  # psql 18 counts these rows but, oddly, not as a failure
                    if dropping:
                        outcome.rows += res.ntuples
                        continue
                    if chunks is None:
                        from dsqlsh.output.pager import terminal_width
                        from dsqlsh.output.printer import ChunkedPrinter

                        chunks = ChunkedPrinter(out, conn.codec, popt, term_width=terminal_width(out),
                                                to_stdout=out is ctx.streams.stdout, pgconn=conn.pgconn)
                    chunks.add(res, last=False)
                    continue
                if dropping and status == TUPLES_OK:
                    dropping = False
                    outcome.rows += res.ntuples
                    continue
                if chunks is not None and status == TUPLES_OK:
                    chunks.add(res, last=True)
                    outcome.rows = chunks.printed
                    chunks = None
                    self._status_after_rows(res.command_status)
                    continue
                self._handle_result(res, sql, out, popt, options, outcome, copy_source, last=last)
        except ConnectionLost as exc:
            # libpq's connection message repeats the FATAL error already printed from its result.
            message = str(exc)
            if outcome.error_text and message.startswith(outcome.error_text.strip()):
                message = message[len(outcome.error_text.strip()):].strip("\n")
            if message:
                ctx.message(message)
            raise
        reporting.set_result_variables(ctx, ok=outcome.ok, rows=outcome.rows, error=outcome.last)
        out.flush()
        if conn.is_bad:
            raise ConnectionLost("connection to server was lost")
        if outcome.ok and conn.is_dsql:
            conn.session_sets.record(sql, in_transaction=not conn.is_idle)
        if outcome.gexec_queries:
            outcome.ok = self._gexec(outcome.gexec_queries) and outcome.ok
        return outcome

    def _handle_result(self, res: PGresult, sql: str, out: TextIO, popt: PrintOptions, options: QueryOptions,
                       outcome: Outcome, copy_source: ReadLine | None, *, last: bool = True) -> None:
        ctx = self.ctx
        conn = ctx.conn
        assert conn is not None
        status = res.status
        outcome.last = res
        outcome.last_status = command_status = bytes(res.command_status or b"").decode()
        if status == TUPLES_OK:
            outcome.rows = res.ntuples
            if options.gset_prefix is not None and last:
                outcome.ok = self._gset(res, options.gset_prefix) and outcome.ok
                return
            if options.gexec and last:
                codec = conn.codec
                outcome.gexec_queries = [bytes(v).decode(codec, "surrogateescape") for r in range(res.ntuples)
                                         for c in range(res.nfields) if (v := res.get_value(r, c)) is not None]
                return
            self._print_rows(res, res.command_status, sql, out, popt, options, outcome,
                             crosstab=options.crosstab if last else None)
        elif status == COMMAND_OK:
            outcome.rows = command_rows(res)
            if outcome.after_copy_out:
                # psql leaves out "COPY n" after COPY TO STDOUT: it would mix into the data.
                outcome.after_copy_out = False
            else:
                self._print_status(command_status)
        elif status == ExecStatus.COPY_OUT:
            if self._output_ready(options):
                self._copy_out(out)
                # psql prints no "COPY n" after data sent to the same output; after data sent to \g's, it does.
                outcome.after_copy_out = options.open_out is None
            else:  # the data still has to be read off the connection
                import os

                with open(os.devnull, "w") as nowhere:
                    self._copy_out(nowhere)
                outcome.output_failed()
                outcome.after_copy_out = True
        elif status == ExecStatus.COPY_IN:
            conn.copy_in(inline_data(copy_source, conn.codec))
        elif status in ERROR_STATUSES:
            outcome.ok = False
            outcome.rows = 0
            self._report_error(res, options, outcome)

    def _print_rows(self, res: PGresult | GatheredResult, command_status: bytes | None, sql: str, out: TextIO,
                    popt: PrintOptions, options: QueryOptions, outcome: Outcome,
                    crosstab: list[int | str | None] | None = None) -> None:
        """A complete row-returning result: printed (paged, logged), then its status and the ASYNC job hint."""
        ctx = self.ctx
        conn = ctx.conn
        assert conn is not None
        outcome.rows = res.ntuples
        outcome.last = res.result if isinstance(res, GatheredResult) else res
        outcome.last_status = bytes(command_status or b"").decode()
        if not self._output_ready(options):
            outcome.output_failed()
            return
        text = res.text if isinstance(res, GatheredResult) else None  # printed as it came (printer.gather_rows)
        table: Table | None = None
        if text is None:
            table = self._table(res, popt.title)
        if crosstab is not None and table is not None:
            table, popt = self._pivot(table, crosstab, popt)
        job_id = _async_job_id(table, sql) if ctx.interactive else None
        # The rows live in Python now: free libpq's copy before formatting (peak memory).
        (res.result if isinstance(res, GatheredResult) else res).clear()
        outcome.last = None
        if table is None and text is None:  # \\crosstabview refused the result: psql still prints its status
            outcome.output_failed()
            self._status_after_rows(command_status)
            return
        if not reporting.print_result(ctx, out, popt, table=table, text=text):
            outcome.output_failed()
            return
        self._status_after_rows(command_status)  # psql: to \o's target, not a \g file
        if job_id is not None:
            ctx.streams.stderr.write(reporting.async_job_hint(job_id) + "\n")

    def _table(self, res: PGresult | GatheredResult, title: str | None) -> Table:
        from dsqlsh.output.printer import table_from_result

        codec = self.ctx.conn.codec if self.ctx.conn else "utf-8"
        if isinstance(res, GatheredResult):
            return res.table(codec, title=title)
        return table_from_result(res, codec, title=title)

    def _pivot(self, table: Table, crosstab: list[int | str | None],
               popt: PrintOptions) -> tuple[Table | None, PrintOptions]:
        """\\crosstabview's table (output/crosstab.py) and its print options; None after its error, printed."""
        import copy

        from dsqlsh.output.crosstab import CrosstabError, pivot

        codec = self.ctx.conn.codec if self.ctx.conn else "utf-8"
        try:
            # PrintOptions cannot tell an unset \\pset null from '': an empty one is taken as unset, psql's default.
            pivoted = pivot(table, crosstab, null=popt.null, null_set=popt.null != "", codec=codec)
        except CrosstabError as exc:
            self.ctx.error(str(exc))
            return None, popt
        # psql prints the crosstab with printTable, which leaves out printQuery's numericlocale.
        popt = copy.copy(popt)
        popt.numericlocale = False
        return pivoted, popt

    def _report_error(self, res: PGresult, options: QueryOptions, outcome: Outcome) -> None:
        """Print a server error as psql does; on DSQL, explain OCC conflicts or quietly retry them."""
        from dsqlsh import occ
        from dsqlsh.scanner import is_single_statement  # here: -c never loads the lexer (issue 19)

        ctx = self.ctx
        sqlstate = diag_field(res, SQLSTATE)
        primary = diag_field(res, PRIMARY) or ""
        if occ.is_conflict(sqlstate) and outcome.occ_retry_left > 0:
            ctx.last_error = res
            outcome.occ_retry = True
            ctx.message(f"OCC conflict ({primary}); retrying ({outcome.occ_retry_left} left)")
            return
        outcome.error_text = reporting.report_error(ctx, res)
        conn = ctx.conn
        single = is_single_statement(outcome.sql)
        explanation = (occ.explain(sqlstate, primary, in_transaction=conn is not None and not conn.is_idle
                                   or not single)
                       or (occ.explain_limit(sqlstate, outcome.sql) if single else None))
        if explanation:
            ctx.message(explanation)

    @staticmethod
    def _output_ready(options: QueryOptions) -> bool:
        """\\g's target opens with the first rows, as in psql 18; False (error printed) if it cannot.

        The statement has run by then: its rows go nowhere, and the caller decides what psql counts.
        """
        return options.open_out is None or options.open_out()

    def _status_after_rows(self, command_status: bytes | None) -> None:
        status = bytes(command_status or b"").decode()
        if status.startswith(STATUS_AFTER_ROWS):
            self._print_status(status)

    def _print_status(self, status: str) -> None:
        conn = self.ctx.conn
        if conn is not None and conn.is_dsql and status in ("COMMIT", "ROLLBACK"):
            conn.session_sets.settle(status)
        reporting.print_status(self.ctx, status)

    def _gset(self, res: PGresult, prefix: str) -> bool:
        """\\gset: store the single row's columns as variables (NULL unsets), psql's StoreQueryTuple."""
        ctx = self.ctx
        if res.ntuples < 1:
            ctx.error("no rows returned for \\gset")
            return False
        if res.ntuples > 1:
            ctx.error("more than one row returned for \\gset")
            return False
        codec = ctx.conn.codec if ctx.conn else "utf-8"
        for col in range(res.nfields):
            name = prefix + bytes(res.fname(col) or b"").decode(codec)
            value = res.get_value(0, col)
            if name in HOOKED:
                ctx.warning(f'attempt to \\gset into specially treated variable "{name}" ignored')
                continue
            try:
                if value is None:
                    ctx.variables.unset(name)
                else:
                    ctx.variables.set(name, bytes(value).decode(codec, "surrogateescape"))
            except ValueError as exc:
                ctx.error(str(exc))
                return False
        return True

    def _gexec(self, queries: list[str]) -> bool:
        """\\gexec: run each non-NULL value, row by row, as its own query (psql's ExecQueryTuples).

        They run once the generating query's results are all read: libpq serves one query at a time."""
        ctx = self.ctx
        ok = True
        for query in queries:
            if ctx.variables.choice("ECHO") == "all":
                ctx.streams.stdout.write(query + "\n")
            if not self.send_query(query):
                ok = False
                if ctx.variables.flag("ON_ERROR_STOP"):
                    break
        return ok

    def _copy_out(self, out: TextIO) -> None:
        conn = self.ctx.conn
        assert conn is not None
        codec = conn.codec
        for chunk in conn.copy_out():
            out.write(chunk.decode(codec, "surrogateescape"))


def _async_job_id(table: Table | None, sql: str) -> str | None:
    """The job id DSQL returns for CREATE INDEX ASYNC (one row, one job_id column), else None."""
    if table is None or table.headers != ["job_id"] or len(table.rows) != 1:
        return None
    if " async" in " ".join(sql.lower().split()[:4]):
        return table.rows[0][0]
    return None


# Results handled the moment they come: an error, and COPY (which libpq must be served before it moves on).
_AT_ONCE = (ExecStatus.FATAL_ERROR, ExecStatus.NONFATAL_ERROR, ExecStatus.BAD_RESPONSE, ExecStatus.COPY_IN,
            ExecStatus.COPY_OUT, ExecStatus.COPY_BOTH)


def _last_result_only(results: Iterator[PGresult | GatheredResult]) -> Iterator[PGresult | GatheredResult]:
    """SHOW_ALL_RESULTS off: of a multi-statement string's results, only the last is shown (psql).

    Errors and COPY results pass through at once: COPY must be served before libpq moves on.
    """
    held = None
    for res in results:
        if isinstance(res, GatheredResult) or res.status in (ExecStatus.TUPLES_OK, ExecStatus.COMMAND_OK,
                                                             ExecStatus.EMPTY_QUERY):
            held = res
            continue
        held = None
        yield res
    if held is not None:
        yield held
