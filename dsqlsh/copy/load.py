"""A batched load from start to end: records cut into batches, loaded on COPY_JOBS connections (DSQL's default
of 4 on a DSQL host) opened with the session's SETs, the progress line, then psql's status and result
variables, or what is committed and how to resume."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dsqlsh import reporting
from dsqlsh.copy.batches import split_batches
from dsqlsh.copy.data_format import Record, record_bytes
from dsqlsh.copy.parallel import ParallelLoad
from dsqlsh.copy.progress import Progress
from dsqlsh.copy.resume import explain_failure, explain_unknown_commit
from dsqlsh.session import DEFAULT_MAX_AGE, adopt, connect, recover, restore_sets

if TYPE_CHECKING:
    from dsqlsh.connection import Connection
    from dsqlsh.context import Context
    from dsqlsh.copy.batches import Batch
    from dsqlsh.copy.data_format import Format
    from dsqlsh.copy.parser import CopySpec

__all__ = ["load_batches"]

DSQL_JOBS = 4
COPY_RETRIES = 5  # OCC conflicts a batch may retry (or OCC_RETRY, when higher)


def load_batches(ctx: Context, spec: CopySpec, fmt: Format, lines: Iterator[bytes],
                 limits: tuple[int, int], start_row: int) -> bool:
    """Load in batches, each its own transaction, committed in input order; on failure say what is committed."""
    recs = record_bytes(lines, fmt)
    first = next(recs, None) if fmt.header else None
    header = Record(1, first) if first is not None else None
    batches = split_batches(recs, header, start_row, *limits, first_line=spec.first_line)
    try:
        return _load_parallel(ctx, spec, header, batches, _jobs(ctx), start_row)
    finally:
        recover(ctx)


def _jobs(ctx: Context) -> int:
    assert ctx.conn is not None
    if ctx.variables.get("COPY_JOBS"):
        return max(ctx.variables.integer("COPY_JOBS"), 1)
    return DSQL_JOBS if ctx.conn.params.is_dsql else 1


def _open_jobs(ctx: Context, jobs: int) -> list[Connection]:
    """The connections for jobs > 1, each with its own token and the session's SETs (search_path, datestyle
    and the like change what COPY does). Opened here rather than in the threads: a password prompt needs
    this one."""
    session = ctx.conn
    assert session is not None
    conns: list[Connection] = []
    try:
        for _ in range(jobs if jobs > 1 else 0):
            conns.append(connect(ctx, session.params))
            restore_sets(conns[-1], session.session_sets)
    except BaseException:
        for c in conns:
            c.close()
        raise
    return conns


def _load_parallel(ctx: Context, spec: CopySpec, header: Record | None, batches: Iterator[Batch],
                   jobs: int, start_row: int) -> bool:
    """Load batches on `jobs` connections (one job: the session's own); report what is committed."""
    from dsqlsh.errors import DsqlshError

    session = ctx.conn
    assert session is not None
    try:
        own = _open_jobs(ctx, jobs)
    except DsqlshError as exc:
        ctx.error(str(exc))
        return False
    max_age = ctx.variables.integer("DSQL_MAX_CONNECTION_AGE") or DEFAULT_MAX_AGE
    work = ParallelLoad(own or [session], session, spec.sql, header,
                        retries=max(ctx.variables.integer("OCC_RETRY"), COPY_RETRIES), max_age=max_age)
    work.start()
    seq = 0
    progress = Progress(ctx, spec)
    try:
        try:
            for batch in batches:
                if work.stopped():
                    break
                work.queue.put((seq, batch))
                seq += 1
                progress.show(work.committed_rows, work.committed_bytes)
        except KeyboardInterrupt:
            work.cancel()
        work.finish()
    finally:
        _release(ctx, work.conns, session)
        progress.done(work.committed_rows)
    committed = start_row + work.committed_rows
    if work.stopped() and spec.kind in ("stdio", "pstdio"):
        for _ in batches:  # psql reports at the end of the data ("\."): read up to it first
            pass
    if work.failure is not None:
        failed, trouble = work.failure.batch, work.failure.trouble
        if isinstance(trouble.error, str):
            ctx.message(trouble.error)
        else:
            reporting.report_error(ctx, trouble.error)
        if trouble.commit_unknown:
            explain_unknown_commit(ctx, failed, committed, label=spec.label)
        else:
            explain_failure(ctx, failed, header, committed, trouble.error, label=spec.label)
        reporting.set_result_variables(ctx, ok=False, error=None if isinstance(trouble.error, str) else trouble.error)
        return False
    if work.cancelled:
        explain_failure(ctx, None, header, committed, None, label=spec.label)
        reporting.set_result_variables(ctx, ok=False)
        return False
    reporting.print_status(ctx, f"COPY {work.committed_rows}")
    reporting.set_result_variables(ctx, ok=True, rows=work.committed_rows)
    return True


def _release(ctx: Context, conns: list[Connection], session: Connection) -> None:
    """Close the load's own connections; one that replaced a lost session connection becomes the session's."""
    for conn in conns:
        if conn is session:
            continue
        if session.is_bad and len(conns) == 1 and not conn.is_bad:
            adopt(ctx, conn)
        else:
            conn.close()
