"""The session's connection: connect, attach, reconnect with a fresh token, switch role, replay SETs.

The one owner of "which connection is the session's" (ctx.conn). DSQL closes every connection at 60
minutes and may close idle ones sooner, so before a statement is sent an old or server-closed idle
connection is replaced; only between statements and outside a transaction, so nothing is ever sent
twice. Session settings made with SET are replayed on the new connection; data statements never are.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from dsqlsh.connection import Connection, ConnectParams
from dsqlsh.errors import ConnectionFailed

if TYPE_CHECKING:
    import threading

    from dsqlsh.config import Settings
    from dsqlsh.connection import SessionSets
    from dsqlsh.context import Context

__all__ = ["DEFAULT_MAX_AGE", "adopt", "attach", "connect", "detach", "ensure_usable", "params_from", "reconnect",
           "recover", "renewed", "restore_sets", "switch_to", "sync_variables"]

DEFAULT_MAX_AGE = 55 * 60  # seconds: reconnect before DSQL closes the connection at 60 minutes


def params_from(settings: Settings) -> ConnectParams:
    """What to connect to: psql's flags, then DSQL's defaults and IAM tokens when the host is a DSQL endpoint."""
    params = ConnectParams(host=settings.host, port=settings.port, user=settings.user, dbname=settings.dbname,
                           extra=_sslrootcert(settings.sslrootcert, settings.dbname))
    if not _may_name_dsql(settings.host, settings.dbname, os.environ.get("PGHOST")):
        return params
    from dsqlsh.auth import dsql_params

    return dsql_params(params, region=settings.region, profile=settings.profile, expires=settings.token_expires)


def _may_name_dsql(*texts: str | None) -> bool:
    """Whether any of these could name a DSQL cluster (auth.resolve_endpoint decides): an endpoint holds ".dsql",
    an ARN ":dsql:", a bare cluster id is 26 letters and digits. Plain PostgreSQL hosts then skip loading dsqlsh.auth
    (its classes and patterns are about 1% of a `-c` start-up); a false yes only costs that import."""
    import re

    # Matched against lower-cased text: re.IGNORECASE made compiling this pattern cost 1 ms of every start.
    maybe = re.compile(r"[.:]dsql|(?<![a-z0-9])[a-z0-9]{26}(?![a-z0-9])")
    return any(text and maybe.search(text.lower()) for text in texts)


def _sslrootcert(path: str | None, dbname: str | None) -> tuple[tuple[str, str], ...]:
    """A saved connection's sslrootcert as libpq's keyword, unless a conninfo on the command line gives its own."""
    if path is None:
        return ()
    from dsqlsh.connection import conninfo_settings, is_conninfo

    if dbname is not None and is_conninfo(dbname) and "sslrootcert" in conninfo_settings(dbname):
        return ()
    return (("sslrootcert", path),)


def connect(ctx: Context, params: ConnectParams) -> Connection:
    """Open a connection, asking for a password when libpq needs one and a terminal can answer."""
    prompt = ctx.settings.password_prompt
    password = _ask_password(params) if prompt == "force" else None
    try:
        conn = Connection.open(params, password=password)
    except ConnectionFailed as exc:
        wants_password = len(exc.args) > 1 and exc.args[1]
        if not wants_password or prompt == "never" or password is not None or not _has_tty():
            raise ConnectionFailed(_wrong_region(params, exc.args[0]) or exc.args[0]) from None
        conn = Connection.open(params, password=_ask_password(params))
    _set_rewrite(conn)
    return conn


def _wrong_region(params: ConnectParams, message: str) -> str | None:
    """For a DSQL host whose name did not resolve: where the cluster is, when it is in exactly one other region the
    user has configured. Asked only on this failure path; a connection that succeeds never calls AWS."""
    if not params.is_dsql or "could not translate host name" not in message:
        return None
    from dsqlsh.aws.clusters import find_cluster_region

    endpoint = params.tokens.endpoint
    region = find_cluster_region(endpoint.cluster_id, tried=endpoint.region, profile=params.tokens.profile)
    if region is None:
        return None
    fix = f"add --region {region}" if endpoint.given_as_id else f"connect to {endpoint.cluster_id}.dsql.{region}.on.aws"
    return f"cluster {endpoint.cluster_id} is in {region}, not {endpoint.region}: {fix}"


def _set_rewrite(conn: Connection) -> None:
    """On the local playground, DSQL-only syntax (CREATE INDEX ASYNC) is rewritten into what its PostgreSQL runs."""
    if conn.params.is_dsql or not conn.params.extra:  # only a playground's params carry an application_name
        return
    from dsqlsh.playground.handle import is_playground

    if is_playground(conn.params):
        from dsqlsh.playground.rewrite import rewrite_for_playground

        conn.rewrite = lambda sql: rewrite_for_playground(sql)[0] if "sync" in sql.lower() else sql


def _has_tty() -> bool:
    try:
        with open("/dev/tty"):
            return True
    except OSError:
        return False


def _ask_password(params: ConnectParams) -> str:
    import getpass

    user = params.user or os.environ.get("PGUSER") or getpass.getuser()
    return getpass.getpass(f"Password for user {user}: ")


def sync_variables(ctx: Context) -> None:
    """psql's SyncVariables: DBNAME, USER, HOST, PORT, ENCODING and the server version."""
    conn = ctx.conn
    if conn is None:
        return
    v = ctx.variables
    v.set_internal("DBNAME", conn.dbname)
    v.set_internal("USER", conn.user)
    v.set_internal("HOST", conn.host)
    v.set_internal("PORT", conn.port)
    v.set_internal("ENCODING", conn.encoding)
    num = conn.server_version
    name = conn.parameter("server_version").split(" ")[0]
    v.set_internal("SERVER_VERSION_NAME", name)
    v.set_internal("SERVER_VERSION_NUM", str(num))
    from psycopg import pq

    libpq = pq.version()
    v.set_internal("VERSION_NUM", str(libpq))
    v.set_internal("VERSION_NAME", f"{libpq // 10000}.{libpq % 100}")
    from dsqlsh import __version__

    v.set_internal("VERSION", f"dsqlsh {__version__}")


def attach(ctx: Context, conn: Connection) -> None:
    """Make conn the session's connection: notices print as they arrive, variables follow it."""
    from dsqlsh.reporting import print_notice

    ctx.conn = conn
    conn.set_notice_handler(lambda res: print_notice(ctx, res))
    sync_variables(ctx)


def detach(ctx: Context) -> None:
    """Close the session's connection and leave it without one (psql after a failed \\connect in a script)."""
    if ctx.conn is not None:
        ctx.conn.close()
        ctx.conn = None


def adopt(ctx: Context, new: Connection) -> None:
    """Make an open connection the session's, closing the old one."""
    if ctx.conn is not None and ctx.conn is not new:
        ctx.conn.close()
    attach(ctx, new)


def restore_sets(conn: Connection, sets: SessionSets) -> None:
    """Run a session's SET statements on another connection to the same place, and remember them there."""
    for statement in sets.statements():
        for _ in conn.execute(statement):
            pass
    conn.session_sets = sets.copy()


def renewed(conn: Connection, session: Connection, *, reconnect: bool, max_age: float,
            lock: threading.Lock) -> Connection:
    """A job's connection (\\copy's, \\batch's) as it should be used next: conn itself, or a new one (a fresh
    token, the session's SETs) when conn is lost or, on DSQL (reconnect), the server closed it or it is near
    DSQL's age limit. The old one is closed unless it is the session's own. One connects at a time (lock):
    botocore's credential refresh is not made for threads racing through it."""
    if not conn.is_bad and (not reconnect or (conn.age < max_age and not conn.closed_by_server())):
        return conn
    with lock:
        fresh = Connection.open(conn.params)
    restore_sets(fresh, session.session_sets)
    if conn is not session:
        conn.close()
    return fresh


def switch_to(ctx: Context, params: ConnectParams) -> Connection:
    """Open a connection with params (a fresh token on DSQL), restore the session's SET statements on it,
    and only then drop the old one: a failure leaves the old connection in place."""
    try:
        new = connect(ctx, params)
    except KeyboardInterrupt:  # Ctrl-C while connecting to a server that does not answer: as psql's \connect
        raise ConnectionFailed("canceled by Ctrl-C while connecting") from None
    if ctx.conn is not None:
        restore_sets(new, ctx.conn.session_sets)
    adopt(ctx, new)
    return new


def reconnect(ctx: Context, why: str, *, announce: bool = True) -> None:
    """Replace the session's connection with a new one to the same place as the same role (said at the prompt
    unless announce is False: the caller has its own words for it)."""
    assert ctx.conn is not None
    switch_to(ctx, ctx.conn.params)
    if announce and ctx.interactive and not ctx.quiet:
        ctx.streams.stderr.write(f"Reconnected with a fresh token: {why}.\n")


def recover(ctx: Context) -> None:
    """After \\copy's or \\batch's jobs, which said what they lost: on DSQL a session connection left closed is
    replaced now, so the prompt and the next statement find a live one (a refused reconnect is left for the next
    statement to meet and report)."""
    try:
        ensure_usable(ctx)
    except ConnectionFailed:
        pass


def ensure_usable(ctx: Context) -> None:
    """Before sending: on DSQL, replace an old or server-closed idle connection with a fresh one."""
    conn = ctx.conn
    if conn is None or not conn.is_dsql:
        return
    if conn.is_bad:  # closed earlier, and a reconnect then was refused: nothing of it can be in a transaction now
        reconnect(ctx, "the connection was closed")
        return
    if not conn.is_idle:
        return
    max_age = ctx.variables.integer("DSQL_MAX_CONNECTION_AGE") or DEFAULT_MAX_AGE
    if conn.age >= max_age:
        reconnect(ctx, "the connection reached its age limit")
    elif conn.closed_by_server():
        reconnect(ctx, "the server closed the idle connection")
