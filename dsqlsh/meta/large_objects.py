"""\\lo_import, \\lo_export and \\lo_unlink, as psql 18's (large_obj.c), through the server's own large-object
functions (lo_from_bytea, lo_get, lo_unlink) rather than libpq's client API, which psycopg does not expose;
the files are read and written here. Each runs in a transaction of its own unless one is open, as psql's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh import reporting, session
from dsqlsh.connection import ERROR_STATUSES, ExecStatus, Extended
from dsqlsh.meta.registry import Call, Result, command
from dsqlsh.variables import c_atoi

if TYPE_CHECKING:
    from dsqlsh.context import Context

__all__ = ["do_lo_export", "do_lo_import", "do_lo_unlink"]

GROUP = "Large Objects"


def _oid(text: str) -> str:
    """psql's atooid: the leading integer as an unsigned 32-bit OID ("-1" is 4294967295, "abc" is 0)."""
    return str(c_atoi(text) % 2**32)


def _run(ctx: Context, sql: str, *params: str) -> list[str | None] | None:
    """One statement with text parameters; its first row (empty when none), or None after printing the error."""
    assert ctx.conn is not None
    row: list[str | None] = []
    failed = None
    for res in ctx.conn.execute(sql, extended=Extended("bind", params=params)):
        if res.status in ERROR_STATUSES:
            failed = failed or res
        elif res.status == ExecStatus.TUPLES_OK and res.ntuples:
            row = [None if (v := res.get_value(0, c)) is None else bytes(v).decode(ctx.conn.codec)
                   for c in range(res.nfields)]
    if failed is not None:
        reporting.report_error(ctx, failed)
        return None
    return row


def _usable(call: Call, *args: str | None) -> bool:
    ctx = call.ctx
    if any(arg is None for arg in args):
        ctx.error(f"\\{call.name}: missing required argument")
        return False
    if ctx.conn is None:
        ctx.error("You are currently not connected to a database.")
        return False
    if ctx.conn.params.is_dsql:
        ctx.error(f"\\{call.name}: Aurora DSQL does not support large objects")
        return False
    session.ensure_usable(ctx)
    return True


def _begin(ctx: Context) -> bool:
    """psql's start_lo_xact: a transaction of the command's own unless one is open (AUTOCOMMIT off opens one,
    as for any statement); whether it is the command's own."""
    assert ctx.conn is not None
    own = ctx.conn.is_idle and ctx.variables.flag("AUTOCOMMIT")
    reporting.begin_if_needed(ctx)
    if own:
        _run(ctx, "BEGIN")
    return own


def _end(ctx: Context, own: bool, ok: bool) -> bool:
    """psql's finish_lo_xact / fail_lo_xact: commit or roll back the command's own transaction."""
    if own:
        ok = _run(ctx, "COMMIT" if ok else "ROLLBACK") is not None and ok
    return ok


def _one(ctx: Context, sql: str, *params: str) -> str | None:
    """A statement in the command's transaction; its first value, or None after an error (rolled back)."""
    own = _begin(ctx)
    row = _run(ctx, sql, *params)
    if not _end(ctx, own, row is not None) or row is None:
        return None
    return row[0] if row else ""


@command("lo_export", usage="\\lo_export LOBOID FILE", group=GROUP, help="write large object to file")
def do_lo_export(call: Call) -> Result:
    ctx = call.ctx
    loid, path = call.args.next(), call.args.next()
    if not _usable(call, loid, path):
        return Result.ERROR
    assert loid is not None and path is not None
    value = _one(ctx, "SELECT pg_catalog.lo_get($1::pg_catalog.oid)", _oid(loid))
    if value is None:
        return Result.ERROR
    data = bytes.fromhex(value[2:])  # bytea's hex output: \\x...
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as exc:
        ctx.error(f'could not open file "{path}": {exc.strerror}')
        return Result.ERROR
    reporting.print_status(ctx, "lo_export")
    return Result.OK


@command("lo_import", usage="\\lo_import FILE [COMMENT]", group=GROUP, help="\nread large object from file")
def do_lo_import(call: Call) -> Result:
    ctx = call.ctx
    path, comment = call.args.next(), call.args.next()
    if not _usable(call, path):
        return Result.ERROR
    assert path is not None
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        ctx.error(f'could not open file "{path}": {exc.strerror}')
        return Result.ERROR
    own = _begin(ctx)
    row = _run(ctx, "SELECT pg_catalog.lo_from_bytea(0, $1::pg_catalog.bytea)", "\\x" + data.hex())
    loid = (row[0] if row else None) or "0"
    if row is not None and comment is not None:
        assert ctx.conn is not None
        from psycopg.pq import Escaping

        literal = Escaping(ctx.conn.pgconn).escape_literal(comment.encode(ctx.conn.codec)).decode(ctx.conn.codec)
        row = _run(ctx, f"COMMENT ON LARGE OBJECT {loid} IS {literal}")
    if not _end(ctx, own, row is not None) or row is None:
        return Result.ERROR
    ctx.variables.set_internal("LASTOID", loid)
    reporting.print_status(ctx, f"lo_import {loid}")
    return Result.OK


@command("lo_unlink", usage="\\lo_unlink LOBOID", group=GROUP, help="delete a large object")
def do_lo_unlink(call: Call) -> Result:
    ctx = call.ctx
    loid = call.args.next()
    if not _usable(call, loid):
        return Result.ERROR
    assert loid is not None
    if _one(ctx, "SELECT pg_catalog.lo_unlink($1::pg_catalog.oid)", _oid(loid)) is None:
        return Result.ERROR
    reporting.print_status(ctx, f"lo_unlink {_oid(loid)}")
    return Result.OK
