"""Parallel loads: COPY_JOBS connections each load batches in BEGIN ... COMMIT, committed in input order so
what is committed is always a prefix of the input. Here are the retries (OCC conflicts; on DSQL a connection
the server closed before COMMIT was sent, replaced by a new one with a fresh token and the session's SETs)
and the one case never retried: a COMMIT sent and never answered."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from dsqlsh.connection import ExecStatus
from dsqlsh.diagnostics import SQLSTATE, field

if TYPE_CHECKING:
    from psycopg.pq.abc import PGresult

    from dsqlsh.connection import Connection
    from dsqlsh.copy.batches import Batch
    from dsqlsh.copy.data_format import Record

__all__ = ["ParallelLoad"]


@dataclass(frozen=True)
class _Trouble:
    """What stopped one try at a batch: the server's error, or libpq's text for a lost connection.

    transient: nothing of the batch is committed and trying again may work (an OCC conflict, or a
    connection DSQL closed before COMMIT was sent). commit_unknown: COMMIT was sent and the connection
    closed before its answer, so the batch may or may not be committed: it must not be sent again."""

    error: PGresult | str
    transient: bool = False
    commit_unknown: bool = False


@dataclass(frozen=True)
class _Failure:
    """The batch that stopped the load, and why."""

    batch: Batch
    trouble: _Trouble


class ParallelLoad:
    """Batches loaded on several connections at once, each in BEGIN ... COMMIT; a batch commits only after
    the one before it, so what is committed is always a prefix of the input. OCC conflicts (40001) retry
    the batch with backoff; on DSQL so does a connection the server closed (at its 60-minute limit) before
    the batch's COMMIT was sent, on a new connection with a fresh token and the session's SETs."""

    def __init__(self, conns: list[Connection], session: Connection, sql: str, header: Record | None, *,
                 retries: int, max_age: float) -> None:
        import queue
        import threading

        from dsqlsh.workers import Workers

        self.conns = conns  # the connection each worker uses now, by worker index
        self.session = session  # the session's own: replaced here if lost, but never closed here
        self.reconnect = session.params.is_dsql
        self.max_age = max_age
        self.sql = sql
        self.header = header
        self.retries = retries
        self.cond = threading.Condition()
        self.connect_lock = threading.Lock()  # one new connection at a time: botocore's credential refresh
        self.queue: queue.Queue[tuple[int, Batch] | None] = queue.Queue(maxsize=2 * len(conns))
        self.next_commit = 0
        self.committed_rows = 0
        self.committed_bytes = 0
        self.failed_seq: int | None = None
        self.failure: _Failure | None = None
        self.cancelled = False
        self.workers = Workers([partial(self._work, i) for i in range(len(conns))])

    def start(self) -> None:
        self.workers.start()

    def stopped(self) -> bool:
        return self.failed_seq is not None or self.cancelled

    def finish(self) -> None:
        """Let each worker end after what is queued, and wait for them all; Ctrl-C meanwhile drops the rest."""
        self._end_marks()
        self.workers.wait(interrupted=self._cancel_while_finishing)

    def _end_marks(self) -> None:
        for _ in self.workers.threads:
            self.queue.put(None)

    def _cancel_while_finishing(self) -> None:
        self.cancel()  # which empties the queue, end marks and all: put them back
        self._end_marks()

    def cancel(self) -> None:
        with self.cond:
            self.cancelled = True
            self.cond.notify_all()
        while not self.queue.empty():  # let the workers see the end marks
            self.queue.get_nowait()

    def _turn(self, seq: int) -> bool:
        """Wait until this batch may commit; False if it must roll back (an earlier one failed, or Ctrl-C)."""
        self.cond.wait_for(lambda: self.next_commit == seq or self._gone_before(seq))
        return self.next_commit == seq and not self.cancelled

    def _gone_before(self, seq: int) -> bool:
        return self.cancelled or (self.failed_seq is not None and self.failed_seq < seq)

    def _fail(self, seq: int, failure: _Failure) -> None:
        with self.cond:
            if self.failed_seq is None or seq < self.failed_seq:
                self.failed_seq, self.failure = seq, failure
            self.cond.notify_all()

    def _work(self, index: int) -> None:
        while (item := self.queue.get()) is not None:
            seq, batch = item
            if self.stopped():
                continue
            try:
                self._load(index, seq, batch)
            except Exception as exc:  # anything unforeseen stops the load with its message, not a dead thread
                self._fail(seq, _Failure(batch, _Trouble(str(exc))))

    def _load(self, index: int, seq: int, batch: Batch) -> None:
        """Load one batch, trying again with backoff while its failure is transient."""
        from dsqlsh import occ

        attempt = 0
        while (trouble := self._attempt(index, seq, batch)) is not None:
            if not (trouble.transient and attempt < self.retries) or self.stopped():
                self._fail(seq, _Failure(batch, trouble))
                return
            attempt += 1
            time.sleep(occ.backoff_seconds(attempt))

    def _attempt(self, index: int, seq: int, batch: Batch) -> _Trouble | None:
        """BEGIN, COPY, wait for the batch's turn, COMMIT. None when committed, or rolled back because the
        load stopped before its turn; otherwise what went wrong."""
        from dsqlsh import occ
        from dsqlsh.errors import ConnectionFailed

        try:
            conn = self._connection(index)
        except ConnectionFailed as exc:
            return _Trouble(str(exc), transient=True)
        data = [self.header.data, batch.data] if self.header else [batch.data]
        error = _run(conn, "BEGIN")
        if error is None:
            error = _run(conn, self.sql, data)
        if error is None:
            with self.cond:
                if not self._turn(seq):
                    _run(conn, "ROLLBACK")
                    return None
                if self.reconnect and conn.closed_by_server():
                    # Closed while the batch waited for its turn: the server dropped its transaction, and
                    # COMMIT was never sent, so loading it again cannot load it twice.
                    return _Trouble(_lost(conn), transient=True)
                error = _run(conn, "COMMIT")
                if error is None:
                    self.next_commit += 1
                    self.committed_rows += len(batch.rows)
                    self.committed_bytes += batch.size
                    self.cond.notify_all()
                    return None
                if conn.is_bad:
                    return _Trouble(error, commit_unknown=True)
        if conn.is_bad:  # lost before COMMIT was sent: the server rolls back a closed session's transaction
            return _Trouble(error, transient=self.reconnect)
        if not conn.is_idle:
            _run(conn, "ROLLBACK")
        return _Trouble(error, transient=occ.is_conflict(None if isinstance(error, str) else field(error, SQLSTATE)))

    def _connection(self, index: int) -> Connection:
        """The worker's connection; on DSQL a new one first if the server closed it or it is near DSQL's
        age limit (DSQL_MAX_CONNECTION_AGE), as session.ensure_usable does for the session's own."""
        from dsqlsh.session import renewed

        self.conns[index] = renewed(self.conns[index], self.session, reconnect=self.reconnect,
                                    max_age=self.max_age, lock=self.connect_lock)
        return self.conns[index]


def _run(conn: Connection, sql: str, data: list[bytes] | None = None) -> PGresult | str | None:
    """Run one statement (a COPY FROM STDIN when data is given); its error, libpq's text if the connection
    was lost (libpq may raise, or hand back a FATAL result of its own), or None."""
    error = None
    try:
        for res in conn.execute(sql):
            code = res.status
            if code == ExecStatus.COPY_IN:
                conn.copy_in(iter(data or []))
            elif code in (ExecStatus.FATAL_ERROR, ExecStatus.BAD_RESPONSE) and error is None:
                error = res
    except Exception:
        if not conn.is_bad:
            raise
    return _lost(conn) if conn.is_bad else error


def _lost(conn: Connection) -> str:
    text = bytes(conn.pgconn.error_message or b"").decode("utf-8", "replace").strip()
    return text or "connection to server was lost"
