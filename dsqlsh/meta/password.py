"""\\password [USERNAME], as psql 18's: the new password asked twice, not echoed, encrypted on the client
(libpq's PQencryptPasswordConn, by the server's password_encryption) and sent as ALTER USER ... PASSWORD."""

from __future__ import annotations

from dsqlsh.meta.describe_query import Catalog
from dsqlsh.meta.registry import Call, Result, command

__all__ = ["do_password"]


@command("password", usage="\\password [USERNAME]", group="Connection",
         help="securely change the password for a user")
def do_password(call: Call) -> Result:
    ctx = call.ctx
    name = call.args.next()
    if ctx.conn is None:
        ctx.error("You are currently not connected to a database.")
        return Result.ERROR
    if ctx.conn.params.is_dsql:
        ctx.error("\\password: Aurora DSQL signs in with IAM tokens; it has no passwords to change")
        return Result.ERROR
    catalog = Catalog(ctx)
    if name is None:  # psql 14+: the current user, asked of the server (not the login name)
        rows = catalog.query("SELECT CURRENT_USER")
        if rows is None or not rows.values:
            return Result.ERROR
        name = rows.values[0][0] or ""
    first = call.runner.ask(f'Enter new password for user "{name}": ', secret=True)
    second = call.runner.ask("Enter it again: ", secret=True) if first is not None else None
    if first is None or second is None:
        return Result.ERROR
    if first != second:
        ctx.error("Passwords didn't match.")
        return Result.ERROR
    return Result.OK if _alter(catalog, name, first) else Result.ERROR


def _alter(catalog: Catalog, user: str, password: str) -> bool:
    from psycopg.pq import Escaping

    from dsqlsh import reporting
    from dsqlsh.connection import ERROR_STATUSES
    from dsqlsh.meta.show_definitions import fmt_id

    conn = catalog.ctx.conn
    assert conn is not None
    try:
        encrypted = conn.pgconn.encrypt_password(password.encode(conn.codec), user.encode(conn.codec))
    except Exception as exc:  # libpq's message (an unknown password_encryption, a lost connection)
        catalog.ctx.message(str(exc))
        return False
    literal = Escaping(conn.pgconn).escape_literal(encrypted).decode(conn.codec)
    # psql sends this one without PSQLexec: ECHO_HIDDEN does not show the password's hash.
    failed = [res for res in conn.execute(f"ALTER USER {fmt_id(user)} PASSWORD {literal}")
              if res.status in ERROR_STATUSES]
    for res in failed[:1]:
        reporting.report_error(catalog.ctx, res)
    return not failed
