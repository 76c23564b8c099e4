"""The batches themselves: each job walks its key range on its own connection, one transaction per batch:

    BEGIN; SELECT the last of the next `rows` keys the statement chooses (and how many)
    <the statement, limited to the keys after the last batch's up to that one>; COMMIT

Both steps run in one transaction, so the statement changes exactly the keys the SELECT counted. A batch that
fails with nothing committed (an OCC conflict; on DSQL a connection closed before the COMMIT went) is tried
again, with backoff, on a fresh connection when the old one is gone; one over DSQL's row or size limit is halved.
A COMMIT sent and never answered is never sent again blindly: a DELETE's batch is checked by key (its rows are
gone, or all still there); for an UPDATE or INSERT the walk stops and says so.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from dsqlsh.batch.keys import Key, KeyOrder, Range
from dsqlsh.connection import ExecStatus
from dsqlsh.diagnostics import SQLSTATE
from dsqlsh.diagnostics import field as error_field

if TYPE_CHECKING:
    from psycopg.pq.abc import PGresult

    from dsqlsh.batch.statement import Shape
    from dsqlsh.connection import Connection

__all__ = ["Walk", "Stop"]

TOO_MUCH = "54000"  # DSQL: transaction row limit exceeded, or transaction size limit 10mb exceeded


@dataclass
class Stop:
    """Why a job stopped: the server's error (or libpq's text for a lost connection), and the batch it was on.
    unknown: the batch's COMMIT was sent and never answered, so whether it is committed is not known."""

    error: PGresult | str
    batch: Range
    unknown: bool = False


@dataclass
class Job:
    """One key range being walked: done up to `at` (None: nothing yet), to `span.upto`."""

    span: Range
    at: Key | None
    finished: bool = False
    stop: Stop | None = None

    def left(self) -> Range:
        return Range(self.at, self.span.upto)


@dataclass
class _Outcome:
    """One try at a batch: rows changed and the last key (None when the range had no rows left), or trouble."""

    rows: int = 0
    last: Key | None = None
    error: PGresult | str | None = None
    retry: bool = False
    halve: bool = False
    unknown: bool = False


@dataclass
class Walk:
    """Jobs walked on one connection each, at once; rows counts what is committed."""

    shape: Shape
    keys: KeyOrder
    jobs: list[Job]
    conns: list[Connection]
    session: Connection  # the session's own connection (whose SETs fresh connections get); never closed here
    size: int
    retries: int
    reconnect: bool  # DSQL: replace closed or old connections with fresh ones (a fresh token each)
    max_age: float
    rows: int = 0
    cancelled: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    connect_lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, tick: Callable[[], None] | None = None) -> None:
        """Walk every job to its end or its stop; Ctrl-C lets each job finish its batch, then stops them."""
        from dsqlsh.workers import Workers

        workers = Workers([partial(self._walk, i) for i in range(len(self.jobs))])
        workers.start()
        workers.wait(tick, self._cancel)

    def _cancel(self) -> None:
        self.cancelled = True

    def stops(self) -> list[Stop]:
        return [job.stop for job in self.jobs if job.stop is not None]

    def _walk(self, index: int) -> None:
        job = self.jobs[index]
        try:
            while not job.finished and job.stop is None and not self.cancelled:
                self._batch(index, job)
        except Exception as exc:  # anything unforeseen stops this job with its message, not a dead thread
            job.stop = Stop(str(exc), job.left())

    def _batch(self, index: int, job: Job) -> None:
        """One batch of job, tried again while that is safe; moves job.at on when it is committed."""
        from dsqlsh import occ

        size, attempt = self.size, 0
        while True:
            outcome = self._try(index, job, size)
            if outcome.error is None:
                with self.lock:
                    self.rows += outcome.rows
                if outcome.last is None:
                    job.finished = True
                else:
                    job.at = outcome.last
                return
            if outcome.halve and size > 1:
                size = max(1, size // 2)
                continue
            if not outcome.retry or attempt >= self.retries or self.cancelled:
                job.stop = Stop(outcome.error, Range(job.at, outcome.last or job.span.upto), outcome.unknown)
                return
            attempt += 1
            time.sleep(occ.backoff_seconds(attempt))

    def _try(self, index: int, job: Job, size: int) -> _Outcome:
        conn = self._connection(index)
        keys, shape = self.keys, self.shape
        ahead = Range(job.at, job.span.upto)
        chosen = shape.keys_sql(keys.listed(), keys.condition(ahead), keys.order(), size)
        last_of = (f"SELECT s.*, count(*) OVER () FROM ({chosen}) s "
                   f"ORDER BY {', '.join(f'{i} DESC' for i in range(1, len(keys.columns) + 1))} LIMIT 1")
        found, error = _run(conn, "BEGIN; " + last_of)
        if error is None and not found:
            _run(conn, "COMMIT")
            return _Outcome(last=None)
        if error is None:
            last: Key = tuple(v or "" for v in found[0][:-1])
            expected = int(found[0][-1] or 0)
            changed, error = _run(conn, shape.batch_sql(keys.condition(Range(job.at, last))), tag=True)
        if error is not None:  # nothing of the batch can be committed: its COMMIT has not been sent
            return self._failed(conn, error, committing=False)
        done, error = _run(conn, "COMMIT", tag=True)
        if error is None and done != [("COMMIT",)]:
            error = "the server rolled the batch back at COMMIT"
        if error is None:
            return _Outcome(rows=int(changed[0][0] or 0) if changed else 0, last=last)
        outcome = self._failed(conn, error, committing=True)
        outcome.last = last
        if outcome.unknown and shape.kind == "DELETE":
            return self._check_delete(index, Range(job.at, last), expected, outcome)
        return outcome

    def _failed(self, conn: Connection, error: PGresult | str, *, committing: bool) -> _Outcome:
        """What a failed step means: a lost connection (retry if nothing can be committed, else unknown), an OCC
        conflict (retry), DSQL's row or size limit (halve the batch), or an error that stops the job."""
        from dsqlsh import occ

        if conn.is_bad or isinstance(error, str):
            if committing:
                return _Outcome(error=error, unknown=True)
            return _Outcome(error=error, retry=self.reconnect)
        if not conn.is_idle:
            _run(conn, "ROLLBACK")
        sqlstate = error_field(error, SQLSTATE)
        return _Outcome(error=error, retry=occ.is_conflict(sqlstate), halve=sqlstate == TOO_MUCH)

    def _check_delete(self, index: int, batch: Range, expected: int, trouble: _Outcome) -> _Outcome:
        """A DELETE's COMMIT went unanswered: if none of the batch's rows are left it is committed; if all are,
        it is not, and is tried again; anything else stays unknown."""
        try:
            conn = self._connection(index)
            sql = self.shape.keys_sql(self.keys.listed(), self.keys.condition(batch), "1")
            found, error = _run(conn, f"SELECT count(*) FROM ({sql}) s")
        except Exception:
            return trouble
        if error is not None or not found:
            return trouble
        left = int(found[0][0] or 0)
        if left == 0:
            return _Outcome(rows=expected, last=batch.upto)
        if left == expected:
            return _Outcome(error=trouble.error, retry=True)
        return trouble

    def _connection(self, index: int) -> Connection:
        """The job's connection; on DSQL a fresh one (fresh token, the session's SETs) when the server closed it
        or it is near DSQL's age limit."""
        from dsqlsh.session import renewed

        self.conns[index] = renewed(self.conns[index], self.session, reconnect=self.reconnect,
                                    max_age=self.max_age, lock=self.connect_lock)
        return self.conns[index]


def _tag(res: PGresult) -> str:
    """A command's row count (UPDATE 5 -> 5), or its word when it has none (COMMIT)."""
    status = bytes(res.command_status or b"").decode()
    return status if res.command_tuples is None else str(res.command_tuples)


Rows = list[tuple[str | None, ...]]


def _run(conn: Connection, sql: str, *, tag: bool = False) -> tuple[Rows, PGresult | str | None]:
    """Run sql; the rows of its last result that has any (with tag, the first command's row count instead), and
    its first error, or libpq's text when the connection was lost."""
    found: Rows = []
    error: PGresult | str | None = None
    counted = False
    try:
        for res in conn.execute(sql):
            if res.status in (ExecStatus.FATAL_ERROR, ExecStatus.BAD_RESPONSE):
                error = error or res
            elif tag and not counted and res.status == ExecStatus.COMMAND_OK:
                found, counted = [(_tag(res),)], True
            elif not tag and res.status == ExecStatus.TUPLES_OK:
                found = [tuple(None if (v := res.get_value(r, c)) is None else bytes(v).decode("utf-8")
                               for c in range(res.nfields)) for r in range(res.ntuples)]
    except Exception:
        if not conn.is_bad:
            raise
    if conn.is_bad:
        text = bytes(conn.pgconn.error_message or b"").decode("utf-8", "replace").strip()
        return found, text or "connection to server was lost"
    return found, error
