"""Meta-commands about the connection: \\c \\conninfo \\encoding \\errverbose."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from dsqlsh.meta.registry import Call, Result, command

if TYPE_CHECKING:
    from dsqlsh.connection import Connection
    from dsqlsh.context import Context
    from dsqlsh.saved_connections import Entry

GROUP = "Connection"


@command("c", "connect", usage="\\c[onnect] {[DBNAME|- USER|- HOST|- PORT|-] | conninfo}", group=GROUP,
         help="connect to new database (currently \"%s\")")
def do_connect(call: Call) -> Result:
    """psql's do_connect: '-' or a missing value keeps the current one; a conninfo replaces all; @NAME is a saved
    connection (README "Saved connections")."""
    from dsqlsh.connection import ConnectParams, is_conninfo
    from dsqlsh.errors import ConnectionFailed
    from dsqlsh.session import connect

    ctx = call.ctx
    if call.args.remaining.lstrip().startswith("@"):  # \c @NAME: a saved connection, its name as written
        return _connect_saved(call, (call.args.next("sqlidhack") or "@")[1:])
    words = [call.args.next("sqlid") for _ in range(4)]
    old = ctx.conn
    first = words[0]
    if first is not None and is_conninfo(first):
        params = ConnectParams(dbname=first)
    else:
        current = old.params if old else ConnectParams()

        def pick(value: str | None, keep: str | None) -> str | None:
            return keep if value in (None, "-") else value

        params = ConnectParams(
            dbname=pick(words[0], old.dbname if old else current.dbname),
            user=pick(words[1], old.user if old else current.user),
            host=pick(words[2], old.host if old else current.host),
            port=pick(words[3], old.port if old else current.port),
        )
    try:
        conn = connect(ctx, params)
    except ConnectionFailed as exc:
        return _connect_failed(ctx, exc.args[0])
    return _connected(ctx, conn)


def _connected(ctx: Context, conn: Connection) -> Result:
    """The new connection becomes the session's, said as psql says it."""
    from dsqlsh.session import adopt

    adopt(ctx, conn)
    if not ctx.quiet:
        ctx.streams.stdout.write(f'You are now connected to database "{conn.dbname}" as user "{conn.user}".\n')
    return Result.OK


def _connect_failed(ctx: Context, message: str) -> Result:
    """psql: a failed \\connect keeps the old connection at the prompt; in a script it drops it and ends the run."""
    from dsqlsh.errors import ExitCode, ScriptStop
    from dsqlsh.session import detach

    ctx.error(f"\\connect: {message}")
    if ctx.interactive:
        ctx.streams.stderr.write("Previous connection kept\n")
        return Result.ERROR
    detach(ctx)
    raise ScriptStop(ExitCode.BADCONN) from None


def _connect_saved(call: Call, name: str) -> Result:
    """\\c @NAME: the saved entry's fields replace the current connection's, the others are kept (as \\c keeps
    them); a DSQL host gets its IAM tokens (the entry's region and profile, else the command line's). Its shell
    settings (dsql_check, pager, style, vi) apply once connected. An unknown name fails as a connection does."""
    from dsqlsh.auth import dsql_params
    from dsqlsh.connection import ConnectParams
    from dsqlsh.errors import DsqlshError
    from dsqlsh.saved_connections import config_path, load
    from dsqlsh.session import connect

    ctx = call.ctx
    saved = load(config_path(os.environ))
    for warning in saved.warnings:
        ctx.warning(warning)
    old = ctx.conn
    try:
        entry = saved.entry(name)
        params = ConnectParams(
            dbname=entry.dbname or (old.dbname if old else None), user=entry.user or (old.user if old else None),
            host=entry.host or (old.host if old else None), port=entry.port or (old.port if old else None),
            extra=(("sslrootcert", entry.sslrootcert),) if entry.sslrootcert else (),
        )
        s = ctx.settings
        conn = connect(ctx, dsql_params(params, region=entry.region or s.region, profile=entry.profile or s.profile,
                                        expires=s.token_expires))
    except DsqlshError as exc:  # a connection refused, or no such name
        return _connect_failed(ctx, str(exc.args[0]))
    result = _connected(ctx, conn)
    _apply_shell_settings(ctx, entry)
    return result


def _apply_shell_settings(ctx: Context, entry: Entry) -> None:
    from dsqlsh.output.pset import set_option

    v = ctx.variables
    if entry.dsql_check:
        v.set("DSQL_CHECK", entry.dsql_check)
    if entry.style:
        v.set("DSQLSH_STYLE", entry.style)
    if entry.vi is not None:
        v.set("DSQLSH_EDITING_MODE", "vi" if entry.vi else "emacs")
    if entry.pager:
        set_option(ctx.popt, "pager", entry.pager)


@command("conninfo", usage="\\conninfo", group=GROUP, help="display information about current connection")
def do_conninfo(call: Call) -> Result:
    """psql 18's \\conninfo table (without the TLS rows for plain connections)."""
    from dsqlsh.output.formats import print_table
    from dsqlsh.output.options import Table

    ctx = call.ctx
    conn = ctx.conn
    if conn is None:
        ctx.streams.stdout.write("You are currently not connected to a database.\n")
        return Result.OK
    pg = conn.pgconn
    host = conn.host
    rows: list[list[str | None]] = [
        ["Database", conn.dbname],
        ["Client User", conn.user],
        ["Socket Directory" if host.startswith("/") else "Host", host],
    ]
    hostaddr = conn.hostaddr
    if hostaddr and hostaddr != host and not host.startswith("/"):
        rows.append(["Host Address", hostaddr])
    rows += [
        ["Server Port", conn.port],
        ["Options", (pg.options or b"").decode()],
        ["Protocol Version", f"{pg.protocol_version}.0"],
        ["Password Used", "true" if pg.used_password else "false"],
        ["GSSAPI Authenticated", "true" if pg.used_gssapi else "false"],
        ["Backend PID", str(pg.backend_pid)],
        ["SSL Connection", "true" if pg.ssl_in_use else "false"],
    ]
    tls = conn.tls()
    for key, label in (("library", "SSL Library"), ("protocol", "SSL Protocol"), ("key_bits", "SSL Key Bits"),
                       ("cipher", "SSL Cipher"), ("compression", "SSL Compression"), ("alpn", "ALPN")):
        if tls:
            rows.append([label, tls.get(key, "")])
    rows += [
        ["Superuser", conn.parameter("is_superuser")],
        ["Hot Standby", conn.parameter("in_hot_standby")],
    ]
    if conn.params.is_dsql:
        rows += _dsql_rows(ctx, conn)
    table = Table(headers=["Parameter", "Value"], aligns=["l", "l"], rows=rows, title="Connection Information")
    print_table(ctx.streams.out, table, ctx.popt)
    return Result.OK


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m {secs:02d}s"


def _dsql_rows(ctx: Context, conn: Connection) -> list[list[str | None]]:
    """What a DSQL user needs to see: the role and its token kind, TLS, and the 60-minute clock."""
    from dsqlsh.auth import ADMIN, action_for
    from dsqlsh.session import DEFAULT_MAX_AGE

    endpoint = conn.params.tokens.endpoint
    max_age = ctx.variables.integer("DSQL_MAX_CONNECTION_AGE") or DEFAULT_MAX_AGE
    admin = conn.user == ADMIN
    return [
        ["DSQL Cluster", endpoint.cluster_id],
        ["DSQL Region", endpoint.region],
        ["Role", f"{conn.user} (ADMIN)" if admin else conn.user],
        ["Token Action", action_for(conn.user)],
        ["Connection Age", _duration(conn.age)],
        ["Next Reconnect", f"in {_duration(max(0.0, max_age - conn.age))} (when idle, with a fresh token)"],
    ]


@command("role", usage="\\role [NAME]", group=GROUP,
         help="show the role, or reconnect as NAME (admin: DbConnectAdmin token)")
def do_role(call: Call) -> Result:
    """Switch role inside one session: the new connection is made first, then the old one dropped."""
    from dsqlsh.auth import ADMIN, action_for
    from dsqlsh.errors import ConnectionFailed
    from dsqlsh.session import switch_to

    ctx = call.ctx
    old = ctx.conn
    name = call.args.next("sqlidhack")
    if old is None:
        ctx.error("\\role: not connected")
        return Result.ERROR
    if name is None:
        kind = f" ({action_for(old.user)} token)" if old.params.is_dsql else ""
        ctx.streams.stdout.write(f'Current role is "{old.user}"{kind}.\n')
        return Result.OK
    if not old.is_idle:
        ctx.error("\\role: cannot switch role inside a transaction; COMMIT or ROLLBACK first")
        return Result.ERROR
    try:
        new = switch_to(ctx, old.params.as_user(name, old.dbname))
    except ConnectionFailed as exc:
        ctx.error(f"\\role: could not connect as \"{name}\": {exc.args[0]}")
        if old.params.is_dsql:
            hint = ("the admin role needs the IAM permission dsql:DbConnectAdmin" if name == ADMIN else
                    f"the role must exist WITH LOGIN, be granted to your IAM identity "
                    f"(as admin: AWS IAM GRANT {name} TO '<your-iam-role-arn>'), and your IAM identity "
                    f"needs the permission dsql:DbConnect")
            ctx.streams.stderr.write(f"HINT:  {hint}. Still connected as \"{old.user}\".\n")
        else:
            ctx.streams.stderr.write(f'Still connected as "{old.user}".\n')
        return Result.ERROR
    if not ctx.quiet:
        kind = f" ({action_for(name)} token)" if new.params.is_dsql else ""
        marker = " -- ADMIN" if name == ADMIN and new.params.is_dsql else ""
        ctx.streams.stdout.write(f'You are now connected as role "{new.user}"{kind}{marker}.\n')
    return Result.OK


@command("encoding", usage="\\encoding [ENCODING]", group=GROUP, help="show or set client encoding")
def do_encoding(call: Call) -> Result:
    from dsqlsh.connection import ExecStatus

    ctx = call.ctx
    name = call.args.next()
    conn = ctx.conn
    if name is None:
        ctx.streams.stdout.write((conn.encoding if conn else "SQL_ASCII") + "\n")
        return Result.OK
    if conn is None:
        return Result.ERROR
    ok = True
    for res in conn.execute(f"SET client_encoding TO '{name.replace(chr(39), chr(39) * 2)}'"):
        ok = ok and res.status == ExecStatus.COMMAND_OK
    if not ok:
        ctx.error(f"{name}: invalid encoding name or conversion procedure not found")
        return Result.ERROR
    ctx.variables.set_internal("ENCODING", conn.encoding)
    return Result.OK


@command("errverbose", usage="\\errverbose", group="General",
         help="show most recent error message at maximum verbosity")
def do_errverbose(call: Call) -> Result:
    from dsqlsh.diagnostics import format_message

    ctx = call.ctx
    if ctx.last_error is None:
        ctx.streams.stdout.write("There is no previous error.\n")
        return Result.OK
    ctx.error(format_message(ctx.last_error, "verbose", "always"))
    return Result.OK
