"""The engine: one way to run text, whatever it came from (REPL line, -c string, -f file, stdin).

Runner follows psql's MainLoop: lines go through the Scanner; complete statements are sent with
SendQuery's rules; backslash commands go to the meta-command registry. Engine.send_query is
psql's SendQuery + ExecQueryAndProcessResults.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from dsqlsh import lifecycle
from dsqlsh.connection import Status
from dsqlsh.diagnostics import PRIMARY, SQLSTATE, format_message
from dsqlsh.diagnostics import field as diag_field
from dsqlsh.errors import ConnectionLost, ExitCode, ScriptStop
from dsqlsh.output.options import PrintOptions
from dsqlsh.output.printer import GATHER_ROWS, STREAMED_FORMATS, gather_rows
from dsqlsh.statements import Command, Scanner, Statement

if TYPE_CHECKING:
    from psycopg import pq

    from dsqlsh.context import Context

__all__ = ["Engine", "QueryOptions", "Runner"]

# psql's frame around a query in the -L log, and around a meta-command's query under -E (ECHO_HIDDEN).
QUERY_OPEN = "/******** QUERY *********/"
QUERY_CLOSE = "/************************/"

# Tuple-returning commands whose status psql also prints (PrintQueryResult).
STATUS_AFTER_ROWS = ("INSERT", "UPDATE", "DELETE", "MERGE")


@dataclass
class QueryOptions:
    """How \\g and friends change one query's output: target, print options, \\gset prefix."""

    out: TextIO | None = None
    popt: PrintOptions | None = None
    gset_prefix: str | None = None
    close: Callable[[], None] | None = None
    open_out: Callable[[], bool] | None = None  # \\g's target opens with the first rows (meta/io.py)
    occ_retry_left: int = 0
    gexec: bool = False


@dataclass
class Outcome:
    """What one query string left behind, for psql's result variables."""

    ok: bool = True
    rows: int = 0
    last: object | None = None  # the last PGresult seen: the error variables come from it
    after_copy_out: bool = False
    error_text: str = ""
    occ_retry: bool = False  # failed on an OCC conflict that may be retried
    gexec_queries: list[str] = field(default_factory=list)
    sql: str = ""

    def output_failed(self) -> None:
        """The statement ran but its output could not be written (a \\g file, a closed pipe): psql counts
        a failure with no server error, so SQLSTATE stays empty and ROW_COUNT is 0."""
        self.ok = False
        self.rows = 0
        self.last = None


class Engine:
    """Sends SQL for a session and prints what comes back, as psql does."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ---- psql's SendQuery ------------------------------------------------------------------
    def send_query(self, sql: str, options: QueryOptions | None = None,
                   copy_source: Callable[[], str | None] | None = None) -> bool:
        """Run one query string (maybe several statements) and print every result. True if all succeeded."""
        ctx = self.ctx
        options = options or QueryOptions()
        echo = ctx.variables.choice("ECHO")
        if echo == "queries":
            ctx.streams.stdout.write(sql + "\n")
            ctx.streams.stdout.flush()
        if ctx.streams.log is not None:
            ctx.streams.log.write(f"{QUERY_OPEN}\n{sql}\n{QUERY_CLOSE}\n\n")
        if ctx.conn is None:
            ctx.error("You are currently not connected to a database.")
            return False
        if ctx.variables.choice("DSQL_CHECK") in ("warn", "strict"):
            from dsqlsh.checking import check_before_send

            if not check_before_send(ctx, sql):
                self._set_result_variables(Outcome(ok=False, sql=sql))
                return False
        lifecycle.ensure_usable(ctx)
        self._maybe_begin(sql)
        savepoint = self._savepoint_first()
        in_transaction = ctx.conn.transaction_status in (2, 3)
        started = time.perf_counter()
        try:
            outcome = self._execute_with_retries(self._as_sent(sql), options, copy_source)
        except ConnectionLost:
            if in_transaction:
                ctx.message("The open transaction is gone: the server rolled it back when the connection closed. "
                            "Nothing of it was committed.")
            raise
        finally:
            if options.close:
                options.close()
        if savepoint:
            self._settle_savepoint(outcome)
        elapsed = (time.perf_counter() - started) * 1000
        if not outcome.ok and echo == "errors":
            ctx.message(f"STATEMENT:  {sql}")
        if ctx.timing:
            ctx.streams.stdout.write(timing_text(elapsed))
            ctx.streams.stdout.flush()
        return outcome.ok

    def _maybe_begin(self, sql: str) -> None:
        """AUTOCOMMIT off: open a transaction first when none is open, as psql does."""
        ctx = self.ctx
        if ctx.variables.flag("AUTOCOMMIT") or ctx.conn is None:
            return
        if ctx.conn.transaction_status == 0 and not _starts_own_transaction(sql):
            for _ in ctx.conn.execute("BEGIN"):
                pass

    def _as_sent(self, sql: str) -> str:
        """The text that goes to the server: on the local playground, DSQL-only syntax (CREATE INDEX
        ASYNC) becomes what its PostgreSQL runs; everywhere else, the statement as written."""
        conn = self.ctx.conn
        if conn is None or conn.params.is_dsql or "sync" not in sql.lower():
            return sql
        from dsqlsh.playground.handle import is_playground

        if not is_playground(conn.params):
            return sql
        from dsqlsh.playground.rewrite import rewrite_for_playground

        return rewrite_for_playground(sql)[0]

    def _savepoint_first(self) -> bool:
        """ON_ERROR_ROLLBACK: inside a transaction, psql guards each statement with a savepoint."""
        ctx = self.ctx
        conn = ctx.conn
        if conn is None or conn.transaction_status != 2:
            return False
        mode = ctx.variables.choice("ON_ERROR_ROLLBACK")
        if mode == "off":
            return False
        if mode == "interactive" and not ctx.interactive:
            return False
        if conn.params.is_dsql:
            return False  # DSQL has no savepoints; the statement runs unguarded
        return self.run_silent("SAVEPOINT pg_psql_temporary_savepoint")

    def _settle_savepoint(self, outcome: Outcome) -> None:
        """Roll back to the savepoint after an error, release it after success (psql's SendQuery)."""
        conn = self.ctx.conn
        if conn is None:
            return
        status = conn.transaction_status
        last = bytes(outcome.last.command_status or b"").decode() if outcome.last is not None else ""  # type: ignore[attr-defined]
        if status == 3:
            self.run_silent("ROLLBACK TO pg_psql_temporary_savepoint")
        elif status == 2 and not last.startswith(("COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.run_silent("RELEASE pg_psql_temporary_savepoint")

    def run_silent(self, sql: str) -> bool:
        """A statement of psql's own: not echoed, not printed; errors shown."""
        assert self.ctx.conn is not None
        ok = True
        for res in self.ctx.conn.execute(sql):
            if int(res.status) == Status.FATAL_ERROR:
                ok = False
                self.ctx.message(format_message(res))
        return ok

    def _execute_with_retries(self, sql: str, options: QueryOptions,
                              copy_source: Callable[[], str | None] | None) -> Outcome:
        """Run once; with OCC_RETRY, re-run a lone auto-commit statement that hit an OCC conflict."""
        ctx = self.ctx
        assert ctx.conn is not None
        retries = ctx.variables.integer("OCC_RETRY")
        retryable = (retries > 0 and ctx.conn.transaction_status == 0 and ctx.variables.flag("AUTOCOMMIT")
                     and _is_single_statement(sql))
        attempt = 0
        while True:
            options.occ_retry_left = retries - attempt if retryable else 0
            outcome = self._execute(sql, options, copy_source)
            if outcome.ok or not outcome.occ_retry or ctx.conn is None or ctx.conn.transaction_status != 0:
                return outcome
            from dsqlsh import occ

            attempt += 1
            time.sleep(occ.backoff_seconds(attempt))

    def _execute(self, sql: str, options: QueryOptions,
                 copy_source: Callable[[], str | None] | None) -> Outcome:
        ctx = self.ctx
        conn = ctx.conn
        assert conn is not None
        popt = options.popt or ctx.popt
        out = options.out or ctx.streams.out
        fetch_count = ctx.variables.integer("FETCH_COUNT") if options.gset_prefix is None else 0
        outcome = Outcome(sql=sql)
        chunks = None
        dropping = False
        if fetch_count > 0 or options.gset_prefix is not None or options.gexec:
            results = conn.execute(sql, fetch_count=fetch_count)
        else:
            # The REPL keeps rows (its CREATE INDEX ASYNC hint reads them); elsewhere a format that
            # measures nothing is printed as the rows come.
            streamed = (not ctx.interactive and popt.format in STREAMED_FORMATS and popt.expanded == "off")
            results = gather_rows(conn.execute(sql, fetch_count=GATHER_ROWS), conn.codec,
                                  render=popt if streamed else None)
        if not ctx.variables.flag("SHOW_ALL_RESULTS"):
            results = _last_result_only(results)
        try:
            for res in results:
                status = int(res.status)
                if status == Status.TUPLES_CHUNK:
                    if chunks is None and not dropping and not self._output_ready(options):
                        dropping = True  # psql 18 counts these rows but, oddly, not as a failure
                    if dropping:
                        outcome.rows += res.ntuples
                        continue
                    if chunks is None:
                        from dsqlsh.output.pager import terminal_width
                        from dsqlsh.output.printer import ChunkedPrinter

                        chunks = ChunkedPrinter(out, conn.codec, popt, term_width=terminal_width(out),
                                                to_stdout=out is ctx.streams.stdout)
                    chunks.add(res, last=False)
                    continue
                if dropping and status == Status.TUPLES_OK:
                    dropping = False
                    outcome.rows += res.ntuples
                    continue
                if chunks is not None and status == Status.TUPLES_OK:
                    chunks.add(res, last=True)
                    outcome.rows = chunks.printed
                    chunks = None
                    self._status_after_rows(res.command_status, ctx.streams.out)
                    continue
                self._handle_result(res, sql, out, popt, options, outcome, copy_source)
        except ConnectionLost as exc:
            # libpq's connection message repeats the FATAL error already printed from its result.
            message = str(exc)
            if outcome.error_text and message.startswith(outcome.error_text.strip()):
                message = message[len(outcome.error_text.strip()):].strip("\n")
            if message:
                ctx.message(message)
            raise
        self._set_result_variables(outcome)
        out.flush()
        if conn.is_bad:
            raise ConnectionLost("connection to server was lost")
        if outcome.ok and conn.params.is_dsql:
            conn.session_settings.record(sql, in_transaction=conn.transaction_status != 0)
        if outcome.gexec_queries:
            outcome.ok = self._gexec(outcome.gexec_queries) and outcome.ok
        return outcome

    def _handle_result(self, res: pq.PGresult, sql: str, out: TextIO, popt: PrintOptions,
                       options: QueryOptions, outcome: Outcome,
                       copy_source: Callable[[], str | None] | None) -> None:
        ctx = self.ctx
        conn = ctx.conn
        assert conn is not None
        status = int(res.status)
        outcome.last = res
        if status == Status.TUPLES_OK:
            outcome.rows = res.ntuples
            if options.gset_prefix is not None:
                outcome.ok = self._gset(res, options.gset_prefix) and outcome.ok
                return
            if options.gexec:
                codec = conn.codec
                outcome.gexec_queries = [bytes(v).decode(codec, "surrogateescape") for r in range(res.ntuples)
                                         for c in range(res.nfields) if (v := res.get_value(r, c)) is not None]
                return
            if not self._output_ready(options):
                outcome.output_failed()
                return
            from dsqlsh.output.formats import print_table
            from dsqlsh.output.pager import Paged, terminal_width
            from dsqlsh.output.printer import table_from_result

            command_status = res.command_status
            text = getattr(res, "text", None)  # printed as it came (printer.gather_rows)
            table = None if text is not None else table_from_result(res, conn.codec, title=popt.title)
            job_id = _async_job_id(table, sql) if ctx.interactive else None
            res.clear()  # the rows live in Python now: free libpq's copy before formatting (peak memory)
            outcome.last = None
            paged = Paged(out, ctx.streams.stdout, ctx.streams.stdin, popt)
            if text is not None:
                paged.stream.writelines(text)
            else:
                print_table(paged.stream, table, popt, term_width=terminal_width(out))
            paged.finish()
            if getattr(out, "broken", False):
                # psql checks ferror() after each table: a \o or \g pipe whose reader has gone fails the query.
                ctx.error("could not print result table: Broken pipe")
                outcome.output_failed()
                return
            if ctx.streams.log is not None:
                if text is not None:
                    ctx.streams.log.writelines(text)
                else:
                    print_table(ctx.streams.log, table, popt)
            self._status_after_rows(command_status, ctx.streams.out)  # psql: to \o's target, not a \g file
            if job_id is not None:
                from dsqlsh.meta.dsql import async_job_hint

                ctx.streams.stderr.write(async_job_hint(job_id) + "\n")
        elif status == Status.COMMAND_OK:
            tuples = res.command_tuples
            outcome.rows = int(tuples) if tuples else 0
            if outcome.after_copy_out:
                # psql leaves out "COPY n" after COPY TO STDOUT: it would mix into the data.
                outcome.after_copy_out = False
            else:
                self._print_status(res.command_status, ctx.streams.out)
        elif status == Status.COPY_OUT:
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
        elif status == Status.COPY_IN:
            self._copy_in(copy_source)
        elif status in (Status.FATAL_ERROR, Status.BAD_RESPONSE, Status.NONFATAL_ERROR):
            outcome.ok = False
            outcome.rows = 0
            ctx.last_error = res
            self._report_error(res, options, outcome)

    def _report_error(self, res: pq.PGresult, options: QueryOptions, outcome: Outcome) -> None:
        """Print a server error as psql does; on DSQL, explain OCC conflicts or quietly retry them."""
        from dsqlsh import occ

        ctx = self.ctx
        sqlstate = diag_field(res, SQLSTATE)
        primary = diag_field(res, PRIMARY) or ""
        if occ.is_conflict(sqlstate) and options.occ_retry_left > 0:
            outcome.occ_retry = True
            ctx.message(f"OCC conflict ({primary}); retrying ({options.occ_retry_left} left)")
            return
        outcome.error_text = format_message(res, ctx.variables.choice("VERBOSITY"),
                                            ctx.variables.choice("SHOW_CONTEXT"))
        ctx.message(outcome.error_text)
        conn = ctx.conn
        explanation = occ.explain(sqlstate, primary, in_transaction=conn is not None and conn.transaction_status != 0
                                  or not _is_single_statement(outcome.sql))
        if explanation:
            ctx.message(explanation)

    @staticmethod
    def _output_ready(options: QueryOptions) -> bool:
        """\\g's target opens with the first rows, as in psql 18; False (error printed) if it cannot.

        The statement has run by then: its rows go nowhere, and the caller decides what psql counts.
        """
        return options.open_out is None or options.open_out()

    def _status_after_rows(self, command_status: bytes | None, out: TextIO) -> None:
        if bytes(command_status or b"").decode().startswith(STATUS_AFTER_ROWS):
            self._print_status(command_status, out)

    def _print_status(self, command_status: bytes | None, out: TextIO) -> None:
        status = bytes(command_status or b"").decode()
        conn = self.ctx.conn
        if conn is not None and conn.params.is_dsql and status in ("COMMIT", "ROLLBACK"):
            conn.session_settings.settle(status)
        if self.ctx.quiet:
            return
        out.write(status + "\n")
        if self.ctx.streams.log is not None:
            self.ctx.streams.log.write(status + "\n")

    def _set_result_variables(self, outcome: Outcome) -> None:
        """psql's SetResultVariables: ERROR, SQLSTATE, ROW_COUNT after every query; on failure the
        LAST_ERROR_* pair comes from the last result, so a client-side failure leaves them empty."""
        v = self.ctx.variables
        v.set_internal("ERROR", "false" if outcome.ok else "true")
        if outcome.ok:
            v.set_internal("SQLSTATE", "00000")
            v.set_internal("ROW_COUNT", str(outcome.rows))
            return
        last = outcome.last
        sqlstate = (diag_field(last, SQLSTATE) if last is not None else None) or ""  # type: ignore[arg-type]
        message = (diag_field(last, PRIMARY) if last is not None else None) or ""  # type: ignore[arg-type]
        v.set_internal("SQLSTATE", sqlstate)
        v.set_internal("ROW_COUNT", "0")
        v.set_internal("LAST_ERROR_SQLSTATE", sqlstate)
        v.set_internal("LAST_ERROR_MESSAGE", message)

    def _gset(self, res: pq.PGresult, prefix: str) -> bool:
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

    def _copy_in(self, read_line: Callable[[], str | None] | None) -> None:
        """COPY FROM STDIN: data lines from the current input up to `\\.` (psql's handleCopyIn)."""
        conn = self.ctx.conn
        assert conn is not None
        from dsqlsh.copy.data_format import inline_data

        conn.copy_in(inline_data(read_line, conn.codec))


def timing_text(ms: float) -> str:
    """psql's PrintTiming: milliseconds, plus a d/h/m/s form from one second up."""
    if ms < 1000:
        return f"Time: {ms:.3f} ms\n"
    seconds = ms / 1000
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"Time: {ms:.3f} ms ({int(minutes):02d}:{seconds:06.3f})\n"
    hours, minutes = divmod(int(minutes), 60)
    if hours < 24:
        return f"Time: {ms:.3f} ms ({hours:02d}:{minutes:02d}:{seconds:06.3f})\n"
    days, hours = divmod(hours, 24)
    return f"Time: {ms:.3f} ms ({days:.0f} d {hours:02d}:{minutes:02d}:{seconds:06.3f})\n"


def _async_job_id(table: object, sql: str) -> str | None:
    """The job id DSQL returns for CREATE INDEX ASYNC (one row, one job_id column), else None."""
    headers, rows = getattr(table, "headers", []), getattr(table, "rows", [])
    if headers == ["job_id"] and len(rows) == 1 and " async" in " ".join(sql.lower().split()[:4]):
        return rows[0][0]
    return None


def _last_result_only(results: Iterator[pq.PGresult]) -> Iterator[pq.PGresult]:
    """SHOW_ALL_RESULTS off: of a multi-statement string's results, only the last is shown (psql).

    Errors and COPY results pass through at once: COPY must be served before libpq moves on.
    """
    held = None
    for res in results:
        if int(res.status) in (Status.TUPLES_OK, Status.COMMAND_OK, Status.EMPTY_QUERY):
            held = res
            continue
        held = None
        yield res
    if held is not None:
        yield held


def _is_single_statement(sql: str) -> bool:
    """Whether a query string holds one statement (retrying a longer one could repeat the others)."""
    from dsqlsh.statements import split

    return len(split(sql)) <= 1


def _starts_own_transaction(sql: str) -> bool:
    """psql's command_no_begin, reduced: statements that must not get an implicit BEGIN."""
    words = sql.lstrip().split(None, 2)
    first = words[0].lower().rstrip(";") if words else ""
    if first in ("begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release",
                 "prepare", "vacuum", "cluster", "discard", "reindex", "checkpoint"):
        return True
    if first in ("create", "drop", "alter") and len(words) > 1:
        second = words[1].lower()
        return second in ("database", "tablespace", "system") or sql.lower().find("concurrently") >= 0
    return False


@dataclass
class Runner:
    """psql's MainLoop for one input source: feed it lines; it sends statements and runs commands.

    name is the locus for messages ("file" in `dsqlsh:file:LINE:`), None for plain stdin and the REPL.
    read_line lets COPY FROM STDIN take data lines from the same source.
    """

    engine: Engine
    name: str | None = None
    read_line: Callable[[], str | None] | None = None
    lineno: int = 0
    previous_buffer: str = ""
    failed: bool = False
    base_dir: str | None = None  # for \ir
    conditions: list = field(default_factory=list)  # the \if stack (meta/conditionals.py)
    scanner: Scanner = field(init=False)

    def __post_init__(self) -> None:
        variables = self.engine.ctx.variables
        # psql expands no variables inside a skipped \if branch.
        self.scanner = Scanner(lambda name: variables.get(name) if self.active else None)

    @property
    def active(self) -> bool:
        """False inside a skipped \\if branch, where SQL is discarded and commands are not run."""
        return not self.conditions or self.conditions[-1].state in ("true", "else-true")

    @property
    def ctx(self) -> Context:
        return self.engine.ctx

    def run(self, lines: Iterable[str]) -> ExitCode:
        """Run every line of a script. \\q and ON_ERROR_STOP unwind past it as ScriptStop."""
        it = iter(lines)

        def read_line() -> str | None:
            line = next(it, None)
            if line is not None:
                self.lineno += 1
                self._locate()
            return None if line is None else line.rstrip("\n")

        self.read_line = read_line
        self.ctx.terse = True
        while (line := read_line()) is not None:
            self.feed_line(line)
        self.finish()
        return ExitCode.OK

    def _locate(self) -> None:
        self.ctx.location = None if self.name is None else f"{self.name}:{self.lineno}"

    def feed_line(self, line: str) -> None:
        """Process one line (already counted in lineno); raises ScriptStop to end the run."""
        if self.ctx.variables.choice("ECHO") == "all" and not self.ctx.interactive:
            self.ctx.streams.stdout.write(line + "\n")
            self.ctx.streams.stdout.flush()
        for item in self.scanner.feed(line, self.lineno):
            if isinstance(item, Statement):
                if not self.active:
                    continue  # psql discards a statement completed inside a skipped branch
                self.previous_buffer = item.text
                self._after(self.engine.send_query(item.text, copy_source=self.read_line))
            elif isinstance(item, Command):
                self._run_command(item)
        if self.ctx.variables.flag("SINGLELINE") and self.scanner.state == "-":
            self.send_buffer()  # -S: the end of a line ends the statement (outside quotes and parens)

    def finish(self) -> None:
        """End of input: psql sends an unterminated statement left in the buffer."""
        if self.conditions:
            self.ctx.error("reached EOF without finding closing \\endif(s)")
            unfinished_active = self.active
            self.conditions.clear()
            if not unfinished_active:
                self.scanner.take_buffer()
            self._after(False)
        statement = self.scanner.finish()
        if statement is not None and not self.failed:
            self.previous_buffer = statement.text
            self._after(self.engine.send_query(statement.text, copy_source=self.read_line))

    def _run_command(self, command: object) -> None:
        from dsqlsh.meta.registry import Result, dispatch

        result = dispatch(self, command)
        if result is Result.ERROR:
            self.scanner.skip_rest_of_line()  # psql drops the line's rest
            self._after(False)
        elif result is Result.QUIT:
            raise ScriptStop(ExitCode.OK)

    def send_buffer(self, options: QueryOptions | None = None) -> bool:
        """\\g and friends: send the query buffer, or the previous one when it is empty."""
        text = self.scanner.take_buffer()
        if not text.strip():
            text = self.previous_buffer
        else:
            self.previous_buffer = text
        if not text.strip():
            if options and options.close:
                options.close()
            return True
        ok = self.engine.send_query(text, options, copy_source=self.read_line)
        self._after(ok)
        return ok

    def _after(self, ok: bool) -> None:
        """psql's check after each command: ON_ERROR_STOP ends a script with exit 3."""
        if ok:
            return
        if self.ctx.variables.flag("ON_ERROR_STOP") and not self.ctx.interactive:
            raise ScriptStop(ExitCode.USER)
