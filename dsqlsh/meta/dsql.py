"""DSQL meta-commands: \\seq, \\identity, \\async-indexes (FACTS.md sections 4 and 5).

DSQL sequences and identity columns need CACHE 1 or CACHE >= 65536, and its indexes are built by
background jobs (`CREATE INDEX ASYNC` returns a job id; the index stays invalid until the job is done).
These commands show both from the catalogs and from `sys.jobs`, in psql's table layout; on plain
PostgreSQL they work too, minus the jobs.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, TextIO

from dsqlsh.meta.describe_query import SYSTEM_SCHEMAS, Catalog, Rows, acl_column
from dsqlsh.meta.registry import Call, Result, command
from dsqlsh.output.pager import is_terminal

if TYPE_CHECKING:
    from dsqlsh.context import Context

__all__ = ["dsql_cache_ok"]

GROUP = "DSQL"
# DSQL accepts CACHE 1 or CACHE >= 65536 for sequences and identity columns (FACTS.md section 5).
DSQL_MIN_CACHE = 65536
_CACHE_CHECK = ("CASE WHEN {0} = 1 OR {0} >= 65536 THEN 'yes' ELSE 'no' END AS \"DSQL-valid cache?\"")
# Job types that are the system's own bookkeeping, hidden unless \\async-indexes+ asks for everything.
_SYSTEM_JOBS = "('ANALYZE', 'DROP')"
_FINISHED = ("completed", "failed", "cancelled")


def dsql_cache_ok(cache: int) -> bool:
    """Whether DSQL accepts this CACHE value."""
    return cache == 1 or cache >= DSQL_MIN_CACHE


# ---- \seq ---------------------------------------------------------------------------------------------

@command("seq", "seq+", usage="\\seq[+]  [PATTERN]", group=GROUP,
         help="list sequences: cache, last value, owning column\n"
              "(+: owner, privileges, whether DSQL accepts the cache)")
def do_seq(call: Call) -> Result:
    verbose = call.name.endswith("+")
    pattern = call.args.next(semicolon=True)
    return Result.OK if list_sequences(Catalog(call.ctx), pattern, verbose=verbose) else Result.ERROR


def list_sequences(catalog: Catalog, pattern: str | None, *, verbose: bool) -> bool:
    """Every sequence from pg_sequences, with the table.column that owns it, if any."""
    sql = ('SELECT n.nspname AS "Schema",\n  c.relname AS "Name",\n'
           '  pg_catalog.format_type(s.data_type, NULL) AS "Type",\n  s.start_value AS "Start",\n'
           '  s.min_value AS "Minimum",\n  s.max_value AS "Maximum",\n  s.increment_by AS "Increment",\n'
           "  CASE WHEN s.cycle THEN 'yes' ELSE 'no' END AS \"Cycles?\",\n  s.cache_size AS \"Cache\",\n"
           '  s.last_value AS "Last value",\n'
           "  (SELECT pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.relname) || '.' ||\n"
           "          pg_catalog.quote_ident(a.attname) || CASE d.deptype WHEN 'i' THEN ' (identity)' ELSE '' END\n"
           "   FROM pg_catalog.pg_depend d\n"
           "        JOIN pg_catalog.pg_class t ON t.oid = d.refobjid\n"
           "        JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace\n"
           "        JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid\n"
           "   WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
           "     AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
           "     AND d.objid = c.oid AND d.deptype IN ('a', 'i')\n"
           '   LIMIT 1) AS "Owned by"')
    if verbose:
        sql += (',\n  pg_catalog.pg_get_userbyid(c.relowner) AS "Owner",\n  ' + acl_column("c.relacl")
                + ",\n  " + _CACHE_CHECK.format("s.cache_size"))
    sql += ("\nFROM pg_catalog.pg_class c\n     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
            "     JOIN pg_catalog.pg_sequences s ON s.schemaname = n.nspname AND s.sequencename = c.relname\n"
            "WHERE c.relkind = 'S'\n")
    if pattern is None:
        sql += SYSTEM_SCHEMAS
    return catalog.listing(sql, pattern, title="List of sequences", order_by="1, 2", namevar="c.relname",
                           visibility="pg_catalog.pg_table_is_visible(c.oid)")


# ---- \identity ----------------------------------------------------------------------------------------

@command("identity", "identity+", usage="\\identity[+] [PATTERN]", group=GROUP,
         help="list identity columns: ALWAYS/BY DEFAULT, start, cache, last value\n"
              "(+: minimum, maximum, cycles, whether DSQL accepts the cache)")
def do_identity(call: Call) -> Result:
    verbose = call.name.endswith("+")
    pattern = call.args.next(semicolon=True)
    return Result.OK if list_identity_columns(Catalog(call.ctx), pattern, verbose=verbose) else Result.ERROR


def list_identity_columns(catalog: Catalog, pattern: str | None, *, verbose: bool) -> bool:
    """information_schema.columns' identity facts, plus the backing sequence's cache and last value.

    The pattern matches tables, as \\dt's does.
    """
    serial = ("pg_catalog.pg_get_serial_sequence(pg_catalog.quote_ident(c.table_schema) || '.' || "
              "pg_catalog.quote_ident(c.table_name), c.column_name)")
    sql = ('SELECT c.table_schema AS "Schema",\n  c.table_name AS "Table",\n  c.column_name AS "Column",\n'
           '  c.data_type AS "Type",\n  c.identity_generation AS "Generated",\n'
           '  c.identity_start::pg_catalog.int8 AS "Start",\n  c.identity_increment::pg_catalog.int8 AS "Increment",\n')
    if verbose:
        sql += ('  c.identity_minimum::pg_catalog.int8 AS "Minimum",\n'
                '  c.identity_maximum::pg_catalog.int8 AS "Maximum",\n'
                "  CASE c.identity_cycle WHEN 'YES' THEN 'yes' ELSE 'no' END AS \"Cycles?\",\n")
    sql += '  s.cache_size AS "Cache",\n  s.last_value AS "Last value",\n'
    if verbose:
        sql += "  " + _CACHE_CHECK.format("s.cache_size") + ",\n"
    sql += (f'  {serial} AS "Sequence"\n'
            "FROM information_schema.columns c\n"
            "     JOIN pg_catalog.pg_namespace n ON n.nspname = c.table_schema\n"
            "     JOIN pg_catalog.pg_class t ON t.relnamespace = n.oid AND t.relname = c.table_name\n"
            "     LEFT JOIN pg_catalog.pg_sequences s\n"
            "       ON pg_catalog.quote_ident(s.schemaname) || '.' || pg_catalog.quote_ident(s.sequencename) =\n"
            f"          {serial}\n"
            "WHERE c.is_identity = 'YES'\n")
    if pattern is None:
        sql += SYSTEM_SCHEMAS
    return catalog.listing(sql, pattern, title="List of identity columns", order_by="1, 2, c.ordinal_position",
                           namevar="t.relname", visibility="pg_catalog.pg_table_is_visible(t.oid)")


# ---- \async-indexes -----------------------------------------------------------------------------------

@command("async-indexes", "async-indexes+", usage="\\async-indexes[+] [PATTERN]", group=GROUP,
         help="list async index jobs (sys.jobs) and invalid indexes, newest first\n(+: every job type)")
def do_async_indexes(call: Call) -> Result:
    verbose = call.name.endswith("+")
    first = call.args.next(semicolon=True)
    catalog = Catalog(call.ctx)
    if first == "wait" and call.args.quote == "":
        job_id = call.args.next(semicolon=True)
        return Result.OK if wait_for_jobs(catalog, job_id) else Result.ERROR
    return Result.OK if list_async_indexes(catalog, first, verbose=verbose) else Result.ERROR


@command(usage="\\async-indexes wait [JOB_ID]", group=GROUP,
         help="wait for a job (or every unfinished one); Ctrl-C stops\nwaiting, not the job")
def _wait_help(call: Call) -> Result:
    """Only a \\? line: the wait is do_async_indexes with `wait`."""
    return Result.OK


def has_jobs(catalog: Catalog) -> bool | None:
    """Whether sys.jobs is there: always on DSQL; on PostgreSQL only if someone made one. None on error."""
    if catalog.is_dsql:
        return True
    rows = catalog.query("SELECT pg_catalog.to_regclass('sys.jobs') IS NOT NULL;")
    return None if rows is None else rows.flag(0, 0)


def list_async_indexes(catalog: Catalog, pattern: str | None, *, verbose: bool) -> bool:
    """Jobs from sys.jobs (when it exists), then indexes whose pg_index.indisvalid is false."""
    jobs = has_jobs(catalog)
    if jobs is None:
        return False
    if jobs:
        if not _list_jobs(catalog, pattern, verbose=verbose):
            return False
    else:
        catalog.ctx.message("Note: sys.jobs does not exist here (not Aurora DSQL): listing invalid indexes only.")
    return _list_invalid_indexes(catalog, pattern, with_jobs=jobs)


def _list_jobs(catalog: Catalog, pattern: str | None, *, verbose: bool) -> bool:
    object_name = ("COALESCE(j.object_name, pg_catalog.quote_ident(n.nspname) || '.' || "
                   "pg_catalog.quote_ident(c.relname))")
    sql = ('SELECT j.job_id AS "Job ID",\n  j.job_type AS "Type",\n  j.status AS "Status",\n'
           f'  {object_name} AS "Object",\n  j.details AS "Details",\n'
           '  j.start_time AS "Started",\n  j.update_time AS "Updated"\n'
           "FROM sys.jobs j\n"
           "     LEFT JOIN pg_catalog.pg_class c\n"
           "       ON c.oid = j.object_id AND j.class_id = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
           "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n")
    have_where = not verbose
    if not verbose:
        sql += f"WHERE j.job_type NOT IN {_SYSTEM_JOBS}\n"
    clause = catalog.where(pattern, have_where=have_where, schemavar="n.nspname", namevar="c.relname",
                           visibility=None if pattern is None else "pg_catalog.pg_table_is_visible(c.oid)")
    if clause is None:
        return False
    rows = catalog.query(sql + clause.sql + "ORDER BY j.start_time DESC, j.job_id;")
    if rows is None:
        return False
    catalog.show(rows, title="Async jobs")
    return True


def _list_invalid_indexes(catalog: Catalog, pattern: str | None, *, with_jobs: bool) -> bool:
    sql = ('SELECT n.nspname AS "Schema",\n  c.relname AS "Name",\n  t.relname AS "Table",\n'
           '  pg_catalog.pg_get_indexdef(i.indexrelid, 0, true) AS "Definition"')
    if with_jobs:
        for column, label in (("job_id", "Job ID"), ("status", "Job status")):
            sql += (f",\n  (SELECT j.{column} FROM sys.jobs j\n"
                    "   WHERE j.object_id = c.oid AND j.class_id = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
                    f'   ORDER BY j.start_time DESC LIMIT 1) AS "{label}"')
    sql += ("\nFROM pg_catalog.pg_index i\n     JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid\n"
            "     JOIN pg_catalog.pg_class t ON t.oid = i.indrelid\n"
            "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
            "WHERE NOT i.indisvalid\n")
    if pattern is None:
        sql += SYSTEM_SCHEMAS
    clause = catalog.where(pattern, have_where=True, schemavar="n.nspname", namevar="c.relname",
                           visibility="pg_catalog.pg_table_is_visible(c.oid)")
    if clause is None:
        return False
    # Newest first: OIDs are handed out in creation order.
    rows = catalog.query(sql + clause.sql + "ORDER BY c.oid DESC;")
    if rows is None:
        return False
    catalog.show(rows, title="Invalid indexes")
    return True


# ---- \async-indexes wait -------------------------------------------------------------------------------

def wait_for_jobs(catalog: Catalog, job_id: str | None) -> bool:
    """CALL sys.wait_for_job for one job, or for each unfinished one; True if every one completed."""
    ctx = catalog.ctx
    jobs = has_jobs(catalog)
    if jobs is None:
        return False
    if not jobs:
        ctx.error("\\async-indexes wait: sys.jobs does not exist here; async jobs are an Aurora DSQL feature")
        return False
    if ctx.conn is not None and not ctx.conn.is_idle:
        # A wait may outlast DSQL's 5-minute transaction limit: run it on its own.
        ctx.error("\\async-indexes wait: not inside a transaction block")
        return False
    sql = ("SELECT j.job_id, j.job_type, j.status,\n"
           "  COALESCE(j.object_name, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname))\n"
           "FROM sys.jobs j\n     LEFT JOIN pg_catalog.pg_class c\n"
           "       ON c.oid = j.object_id AND j.class_id = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
           "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n")
    if job_id is not None:
        sql += f"WHERE j.job_id = {catalog.literal(job_id)};"
    else:
        sql += (f"WHERE j.status NOT IN ('completed', 'failed', 'cancelled') AND j.job_type NOT IN {_SYSTEM_JOBS}\n"
                "ORDER BY j.start_time, j.job_id;")
    rows = catalog.query(sql, implicit_begin=False)
    if rows is None:
        return False
    out = ctx.streams.stdout
    if not rows.values:
        if job_id is not None:
            ctx.error(f'\\async-indexes wait: no job "{job_id}" in sys.jobs')
            return False
        out.write("No unfinished async jobs.\n")
        out.flush()
        return True
    all_done = True
    for i in range(len(rows)):
        outcome = _wait_one(catalog, rows, i)
        if outcome is None:
            return False
        all_done = all_done and outcome
    return all_done


def _wait_one(catalog: Catalog, jobs: Rows, i: int) -> bool | None:
    """Wait for job i of jobs: True if it completed, False if it failed, None if the wait stopped."""
    ctx = catalog.ctx
    out = ctx.streams.stdout
    job_id, kind, status = jobs.text(i, 0), jobs.text(i, 1), jobs.text(i, 2)
    what = " ".join(part for part in (kind, jobs.text(i, 3)) if part)
    count = f"[{i + 1}/{len(jobs)}] " if len(jobs) > 1 else ""
    label = f"{count}Waiting for job {job_id} ({what}, {status})"
    if status in _FINISHED:  # nothing to wait for
        return _report(catalog, job_id, None)
    started = time.monotonic()
    ticker = _Ticker(out, label) if is_terminal(out) else None
    if ticker is None:
        out.write(label + " ...\n")
        out.flush()
    else:
        ticker.start()
    try:
        result = catalog.query(f"CALL sys.wait_for_job({catalog.literal(job_id)});", implicit_begin=False)
    finally:
        if ticker is not None:
            ticker.stop()
    if result is None and _cancelled(ctx):
        out.write(f"Stopped waiting; job {job_id} carries on (\\async-indexes shows it).\n")
        out.flush()
        return None
    if result is None:  # the wait itself failed (its error is printed): say where the job stands
        return _report(catalog, job_id, None) and False
    return _report(catalog, job_id, time.monotonic() - started if ticker is not None else None)


def _report(catalog: Catalog, job_id: str, seconds: float | None) -> bool | None:
    """Print how a job ended: True if it completed."""
    out = catalog.ctx.streams.stdout
    final = catalog.query(f"SELECT status, details FROM sys.jobs WHERE job_id = {catalog.literal(job_id)};",
                          implicit_begin=False)
    if final is None:
        return None
    state = final.text(0, 0) if final.values else "gone"
    details = final.text(0, 1) if final.values else ""
    line = f"Job {job_id}: {state}"
    if seconds is not None:
        line += f" after {seconds:.1f} s"
    if details and state != "completed":
        line += f": {details}"
    out.write(line + "\n")
    out.flush()
    return state == "completed"


def _cancelled(ctx: Context) -> bool:
    """Whether the last error was a cancel (Ctrl-C): SQLSTATE 57014."""
    from dsqlsh.diagnostics import SQLSTATE, field

    res = ctx.last_error
    return res is not None and field(res, SQLSTATE) == "57014"


class _Ticker:
    """The seconds spent waiting, rewritten in place once a second on a terminal."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.started = time.monotonic()
        self.width = 0

    def start(self) -> None:
        self._show()
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join()
        self.stream.write("\r" + " " * self.width + "\r" + self.label + "\n")
        self.stream.flush()

    def _run(self) -> None:
        while not self.done.wait(1.0):
            self._show()

    def _show(self) -> None:
        text = f"{self.label} ... {time.monotonic() - self.started:.0f} s"
        self.width = max(self.width, len(text))
        self.stream.write("\r" + text)
        self.stream.flush()
