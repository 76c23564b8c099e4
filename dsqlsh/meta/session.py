"""Meta-commands about the connection: \\c \\conninfo \\encoding \\errverbose."""

from __future__ import annotations

from dsqlsh.meta.registry import Call, Result, command

GROUP = "Connection"


@command("c", "connect", usage="\\c[onnect] {[DBNAME|- USER|- HOST|- PORT|-] | conninfo}", group=GROUP,
         help="connect to new database (currently \"%s\")")
def do_connect(call: Call) -> Result:
    """psql's do_connect: '-' or a missing value keeps the current one; a conninfo replaces all."""
    from dsqlsh.connection import ConnectParams, is_conninfo
    from dsqlsh.errors import ConnectionFailed, ExitCode, ScriptStop
    from dsqlsh.startup import attach, connect

    ctx = call.ctx
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
        ctx.error(f"\\connect: {exc.args[0]}")
        if ctx.interactive:
            ctx.streams.stderr.write("Previous connection kept\n")
            return Result.ERROR
        # psql: a failed \connect in a script drops the old connection and ends the run.
        if old is not None:
            old.close()
            ctx.conn = None
        raise ScriptStop(ExitCode.BADCONN) from None
    if old is not None:
        old.close()
    attach(ctx, conn)
    if not ctx.quiet:
        ctx.streams.stdout.write(f'You are now connected to database "{conn.dbname}" as user "{conn.user}".\n')
    return Result.OK


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
        ["Superuser", conn.parameter("is_superuser")],
        ["Hot Standby", conn.parameter("in_hot_standby")],
    ]
    table = Table(headers=["Parameter", "Value"], aligns=["l", "l"], rows=rows, title="Connection Information")
    print_table(ctx.streams.out, table, ctx.popt)
    return Result.OK


@command("encoding", usage="\\encoding [ENCODING]", group=GROUP, help="show or set client encoding")
def do_encoding(call: Call) -> Result:
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
        ok = ok and int(res.status) == 1
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
