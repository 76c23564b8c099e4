"""Connection: the one place that talks to libpq (through psycopg's pq layer).

psql sends every statement with the simple query protocol and prints the server's text, so we do
the same at the libpq level: no type adaptation, every result of a multi-statement string, and
notices delivered as they arrive.
"""

from __future__ import annotations

import select
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from psycopg import pq
from psycopg.pq import ConnStatus, ExecStatus, TransactionStatus

from dsqlsh.errors import ConnectionFailed, ConnectionLost, Terminated
from dsqlsh.statements import setting_change

if TYPE_CHECKING:
    from psycopg.pq.abc import PGconn, PGresult

__all__ = ["ERROR_STATUSES", "Connection", "ConnectParams", "ExecStatus", "Extended", "SessionSets",
           "TransactionStatus", "command_rows", "conninfo_settings", "conninfo_string", "python_codec"]

CANCEL_WAIT = 5.0  # seconds to wait for a cancel request to go out
GIVE_UP_AFTER = 2.0  # seconds after a cancel request when another Ctrl-C gives the connection up

# The ExecStatusType values of a failed statement (ExecStatus and TransactionStatus are re-exported: callers
# name libpq's statuses through this module, the one that talks to libpq).
ERROR_STATUSES = (ExecStatus.FATAL_ERROR, ExecStatus.BAD_RESPONSE, ExecStatus.NONFATAL_ERROR)
# A transaction block is open, failed or not (read three times per statement: an enum member lookup is not free,
# before Python 3.12 each goes through EnumType.__getattr__; so are the two below).
_IN_BLOCK = (TransactionStatus.INTRANS, TransactionStatus.INERROR)
_IDLE = TransactionStatus.IDLE
_BAD = ConnStatus.BAD


# PostgreSQL encoding name -> Python codec (the ones a client is likely to meet).
CODECS = {
    "UTF8": "utf-8", "SQL_ASCII": "utf-8", "LATIN1": "latin-1", "LATIN2": "iso8859-2",
    "LATIN9": "iso8859-15", "WIN1252": "cp1252", "WIN1251": "cp1251", "EUC_JP": "euc_jp",
    "SJIS": "shift_jis", "GBK": "gbk", "BIG5": "big5", "EUC_KR": "euc_kr", "KOI8R": "koi8_r",
}


def python_codec(pg_encoding: str) -> str:
    """The Python codec for a PostgreSQL client encoding (UTF-8 when unknown)."""
    return CODECS.get(pg_encoding.upper(), "utf-8")


class ConnectParams(NamedTuple):
    """What to connect with, as psql gathers it. Unset fields are left to libpq (and so to PG* env).

    A NamedTuple (immutable; a changed copy is params._replace(...)): as a frozen dataclass it cost 0.9 ms of every
    start to define (issue 19). Its repr leaves out the password and the token maker."""

    host: str | None = None
    port: str | None = None
    user: str | None = None
    dbname: str | None = None  # may be a conninfo string or a URI, expanded as psql does
    password: str | None = None
    client_encoding: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    # For DSQL hosts: makes a fresh IAM token per connect (auth.TokenProvider); None for plain PostgreSQL.
    tokens: Any = None

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields
                          if name not in ("password", "tokens"))
        return f"ConnectParams({shown})"

    @property
    def is_dsql(self) -> bool:
        return self.tokens is not None

    def as_user(self, user: str, dbname: str) -> ConnectParams:
        """The same target as another role, staying in dbname (a conninfo's own user= must not win)."""
        extra = self.extra
        if self.dbname is not None and is_conninfo(self.dbname):
            given = {k: v for k, v in conninfo_settings(self.dbname).items() if k not in ("user", "dbname")}
            extra = tuple(given.items()) + extra
        return self._replace(user=user, dbname=dbname, extra=extra)

    def conninfo(self, password: str | None = None) -> str:
        """A libpq conninfo string with psql's precedence: a conninfo dbname overrides -h/-p/-U."""
        params: dict[str, str] = {}
        for key in ("host", "port", "user"):
            value = getattr(self, key)
            if value is not None:
                params[key] = value
        if self.dbname is not None:
            if is_conninfo(self.dbname):
                params.update(conninfo_settings(self.dbname))
            else:
                params["dbname"] = self.dbname
        params.update(dict(self.extra))
        params.setdefault("fallback_application_name", "dsqlsh")
        if self.client_encoding:
            params.setdefault("client_encoding", self.client_encoding)
        if password is not None:
            params["password"] = password
        return conninfo_string(params)


class Extended(NamedTuple):
    """How the next query goes by the extended protocol (psql's \\bind, \\parse, \\bind_named, \\close_prepared):
    kind "bind" (the text with params), "parse" (prepare the text as `name`), "bind_named" (run statement `name`
    with params), "describe" (describe statement `name`) or "close" (close statement `name`).

    A NamedTuple, as statements.Command: a pipeline makes one per \\bind, and a frozen dataclass's __init__
    costs several times more (issue 19)."""

    kind: str
    name: str = ""
    params: tuple[str, ...] = ()

    @property
    def needs_text(self) -> bool:
        return self.kind in ("bind", "parse")

    @property
    def returns_rows(self) -> bool:  # libpq takes chunked mode only after a query of these kinds
        return self.kind in ("bind", "bind_named")


class SessionSets:
    """The SET statements in force on a session, so a reconnect can restore them.

    Only committed ones count: SETs inside a transaction wait for its COMMIT and vanish at ROLLBACK.
    """

    def __init__(self) -> None:
        self._in_force: dict[str, str] = {}
        self._pending: list[tuple[str, str | None]] = []

    def record(self, sql: str, *, in_transaction: bool) -> None:
        """Note a statement that succeeded, if it is a SET or RESET."""
        change = setting_change(sql)
        if change is None:
            return
        if in_transaction:
            self._pending.append(change)
        else:
            self._apply(change)

    def settle(self, command_status: str) -> None:
        """The transaction ended: COMMIT keeps its SETs, anything else drops them."""
        if command_status == "COMMIT":
            for change in self._pending:
                self._apply(change)
        self._pending.clear()

    def statements(self) -> list[str]:
        """What to run on a new connection, oldest first."""
        return list(self._in_force.values())

    def copy(self) -> SessionSets:
        twin = SessionSets()
        twin._in_force = dict(self._in_force)
        return twin

    def _apply(self, change: tuple[str, str | None]) -> None:
        name, statement = change
        if name == "all" and statement is None:
            self._in_force.clear()
        elif statement is None:
            self._in_force.pop(name, None)
        else:
            self._in_force.pop(name, None)  # re-insert: the latest SET runs last
            self._in_force[name] = statement


def command_rows(res: PGresult) -> int:
    """The row count of a command's status (INSERT 0 3: 3), 0 for a command without one (psql's ROW_COUNT)."""
    tuples = res.command_tuples
    return int(tuples) if tuples else 0


def conninfo_settings(conninfo: str) -> dict[str, str]:
    """The settings a conninfo string or URI gives, read by libpq's own parser (PQconninfoParse). One libpq
    refuses raises ConnectionFailed in libpq's words, as psql reports it (`invalid connection option "foo"`)."""
    from psycopg import errors  # loaded already: psycopg's pq module imports it

    try:
        options = pq.Conninfo.parse(conninfo.encode())
    except errors.OperationalError as exc:
        raise ConnectionFailed(str(exc).rstrip("\n")) from None
    return {o.keyword.decode(): o.val.decode() for o in options if o.val is not None}


def conninfo_string(params: dict[str, str]) -> str:
    """params as a libpq conninfo string: each value in single quotes, its quotes and backslashes escaped with a
    backslash (libpq's rules for keyword/value strings). Not psycopg.conninfo.make_conninfo: importing that module
    costs about 3% of a `-c` start-up (issue 19), and libpq checks the keywords itself when it connects."""
    return " ".join(f"{key}='{_conninfo_escaped(value)}'" for key, value in params.items())


def _conninfo_escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def is_conninfo(dbname: str) -> bool:
    """libpq's recognized_connection_string: a URI prefix or an '=' makes it a conninfo."""
    return dbname.startswith(("postgresql://", "postgres://")) or "=" in dbname


class Connection:
    """An open libpq connection and the results of what we send on it."""

    def __init__(self, pgconn: PGconn, params: ConnectParams) -> None:
        self.pgconn = pgconn
        self.params = params
        self.is_dsql = params.is_dsql  # asked per statement: an attribute costs less than the property
        self.opened_at = time.monotonic()
        # SET statements in force, replayed after a reconnect (session.py).
        self.session_sets = SessionSets()
        # The local playground's PostgreSQL takes DSQL-only syntax rewritten (set by session.connect).
        self.rewrite: Callable[[str], str] | None = None
        # psql's cancel_pressed: Ctrl-C came during a statement on this connection. A script stops at its next
        # line (mainloop.Runner), as psql stops one with exit 3.
        self.cancel_pressed = False
        self._encoding_seen: bytes | None = None
        self._codec = "utf-8"

    @property
    def age(self) -> float:
        """Seconds since this connection was opened."""
        return time.monotonic() - self.opened_at

    def closed_by_server(self) -> bool:
        """Whether the server has closed, or is closing, this idle connection; nothing is sent to find out.

        However the close comes: EOF, a TCP reset, or a FATAL ErrorResponse (a PostgreSQL server's goodbye,
        08xxx or 57P01) whose close may follow a moment later. An idle connection has nothing to say but
        notifications and parameter changes, which libpq takes in itself; an error while idle reaches the notice
        handler, and whatever its severity, a session that sent one is not one to send a statement into.
        """
        pg = self.pgconn
        if self.is_bad:
            return True
        goodbyes: list[bool] = []
        handler = pg.notice_handler
        # The goodbye is not news to print. It is judged inside the handler: libpq frees a notice's result as
        # soon as the handler returns.
        pg.notice_handler = lambda res: goodbyes.append(_is_goodbye(res))
        try:
            for _ in range(16):  # drain what is readable now: the goodbye, then perhaps the EOF behind it
                readable, _, _ = select.select([pg.socket], [], [], 0)
                if not readable or self.is_bad:
                    break
                pg.consume_input()
                pg.is_busy()  # PQconsumeInput only reads: parsing (the goodbye reaching the handler) happens here
        except Exception:
            return True
        finally:
            pg.notice_handler = handler
        return self.is_bad or any(goodbyes)

    @classmethod
    def open(cls, params: ConnectParams, *, password: str | None = None) -> Connection:
        """Connect; raises ConnectionFailed carrying libpq's message (psql's wording)."""
        if params.tokens is not None:
            password = params.tokens.token(params.user)  # a new token for every connect, never kept
        conninfo = params.conninfo(password)
        pgconn = _connect(conninfo.encode())
        del conninfo  # holds the password: drop it as soon as libpq has it
        if pgconn.status != pq.ConnStatus.OK:
            needs_password = bool(pgconn.needs_password) and params.tokens is None
            message = scrub(_text(pgconn.error_message).rstrip("\n"), password)
            pgconn.finish()
            raise ConnectionFailed(message, needs_password) if needs_password else ConnectionFailed(message)
        pgconn.nonblocking = 0  # libpq flushes whole queries for us; reads are waited for below
        return cls(pgconn, params)

    def close(self) -> None:
        self.pgconn.finish()

    # What psql shows in its variables and \conninfo.
    @property
    def user(self) -> str:
        return _text(self.pgconn.user)

    @property
    def dbname(self) -> str:
        return _text(self.pgconn.db)

    @property
    def host(self) -> str:
        return _text(self.pgconn.host)

    @property
    def hostaddr(self) -> str:
        return _text(self.pgconn.hostaddr)

    @property
    def port(self) -> str:
        return _text(self.pgconn.port)

    @property
    def server_version(self) -> int:
        return int(self.pgconn.server_version)

    def parameter(self, name: str) -> str:
        value = self.pgconn.parameter_status(name.encode())
        return _text(value) if value is not None else ""

    @property
    def encoding(self) -> str:
        return self.parameter("client_encoding") or "UTF8"

    @property
    def codec(self) -> str:
        """The Python codec of the client encoding (asked of libpq each time: SET can change it)."""
        raw = self.pgconn.parameter_status(b"client_encoding")
        if raw != self._encoding_seen:
            self._encoding_seen = raw
            self._codec = python_codec(_text(raw) if raw else "UTF8")
        return self._codec

    @property
    def transaction_status(self) -> TransactionStatus:
        """libpq's PQtransactionStatus: IDLE, ACTIVE, INTRANS, INERROR or UNKNOWN."""
        return TransactionStatus(self.pgconn.transaction_status)

    @property
    def is_idle(self) -> bool:
        """No transaction block is open (psql's PQTRANS_IDLE)."""
        return self.pgconn.transaction_status == _IDLE

    @property
    def in_transaction(self) -> bool:
        """A transaction block is open, failed or not (INTRANS or INERROR)."""
        return self.pgconn.transaction_status in _IN_BLOCK

    @property
    def is_bad(self) -> bool:
        return self.pgconn.status == _BAD

    def tls(self) -> dict[str, str]:
        """TLS protocol, cipher and library of this connection (libpq's PQsslAttribute); {} without TLS."""
        if not self.pgconn.ssl_in_use:
            return {}
        attribute = _ssl_attribute_function()
        if attribute is None:
            return {}
        found = {}
        for name in ("library", "protocol", "cipher", "key_bits", "compression", "alpn"):
            value = attribute(self.pgconn.pgconn_ptr, name.encode())  # type: ignore[attr-defined]  # the C impl has it
            if value:
                found[name] = value.decode()
        return found

    def set_notice_handler(self, handler: Callable[[PGresult], None]) -> None:
        """Deliver each NOTICE/WARNING as libpq parses it, so it prints in order with the results."""
        self.pgconn.notice_handler = handler

    def execute(self, sql: str, *, fetch_count: int = 0, extended: Extended | None = None) -> Iterator[PGresult]:
        """Send one query string (any number of statements) and yield each result as it arrives.

        With fetch_count > 0, rows arrive in chunks of that size (libpq chunked mode, as psql 17+).
        Ctrl-C while waiting sends a cancel request and keeps reading, as psql does.
        """
        self.send(sql, fetch_count=fetch_count, extended=extended)
        while (result := self.next_result()) is not None:
            yield result

    def send(self, sql: str, *, fetch_count: int = 0, extended: Extended | None = None) -> None:
        """execute's sending half: its results are then read with next_result() until it returns None."""
        pg = self.pgconn
        try:
            if extended is None:
                pg.send_query(sql.encode(self.codec, "surrogateescape"))
            else:
                self._send_extended(sql, extended)
            if fetch_count > 0 and (extended is None or extended.returns_rows):
                pg.set_chunked_rows_mode(fetch_count)
        except Exception as exc:
            raise self._lost(exc) from None

    # ---- pipeline mode (psql 18's \\startpipeline and friends; dsqlsh/pipeline.py keeps the counts) ----
    def enter_pipeline(self) -> None:
        self.pgconn.enter_pipeline_mode()

    def exit_pipeline(self) -> None:
        self.pgconn.exit_pipeline_mode()

    def send_in_pipeline(self, sql: str, extended: Extended | None) -> None:
        """Queue one query (always by the extended protocol, as libpq's pipeline mode requires)."""
        try:
            self._send_extended(sql, extended)
        except Exception as exc:
            raise self._lost(exc) from None

    def send_bound_in_pipeline(self, sql: str, params: tuple[str, ...]) -> None:
        """send_in_pipeline for an unnamed \\bind (a pipeline's usual line), without making its Extended."""
        try:
            self._send_bound(sql, params)
        except Exception as exc:
            raise self._lost(exc) from None

    def pipeline_sync(self) -> None:
        self.pgconn.pipeline_sync()

    def send_flush_request(self) -> None:
        self.pgconn.send_flush_request()
        self.pgconn.flush()

    def flush(self) -> None:
        self.pgconn.flush()

    def chunk_next_result(self, size: int) -> bool:
        """Ask for the next pipeline result in chunks of size rows; False when libpq refuses (a sync is next)."""
        from psycopg import errors

        try:
            self.pgconn.set_chunked_rows_mode(size)
        except errors.OperationalError:
            return False
        return True

    def _send_extended(self, sql: str, extended: Extended | None) -> None:
        """Send by the extended protocol; None is an unnamed \\bind without parameters (a pipeline's `;`)."""
        if extended is None or extended.kind == "bind":  # the usual one (\\bind ... \\sendpipeline): no name
            self._send_bound(sql, extended.params if extended is not None else None)
            return
        pg = self.pgconn
        codec = self.codec  # once: each read asks libpq
        kind = extended.kind
        params = [p.encode(codec, "surrogateescape") for p in extended.params]
        name = extended.name.encode(codec, "surrogateescape")
        if kind == "parse":
            pg.send_prepare(name, sql.encode(codec, "surrogateescape"))
        elif kind == "bind_named":
            pg.send_query_prepared(name, params)
        elif kind == "describe":
            pg.send_describe_prepared(name)
        else:
            pg.send_close_prepared(name)

    def _send_bound(self, sql: str, params: tuple[str, ...] | None) -> None:
        """An unnamed statement with its parameters (None: none), all as text (libpq's PQsendQueryParams)."""
        codec = self.codec  # once: each read asks libpq (a pipeline queues thousands of these)
        encoded = None if params is None else [p.encode(codec, "surrogateescape") for p in params]
        self.pgconn.send_query_params(sql.encode(codec, "surrogateescape"), encoded)

    def next_result(self) -> PGresult | None:
        """The next result (of a pipeline, or of execute's query): None ends one command's results; waits for it."""
        pg = self.pgconn
        cancelled_at: float | None = None
        try:
            while pg.is_busy():
                try:
                    select.select([pg.socket], [], [])
                except Terminated:  # SIGTERM/SIGHUP mid-statement: it does not go on running on the server
                    self.cancel()
                    raise
                except KeyboardInterrupt:
                    if cancelled_at is not None and time.monotonic() - cancelled_at >= GIVE_UP_AFTER:
                        raise self._abandon() from None
                    self.cancel_pressed = True
                    self.cancel()
                    cancelled_at = cancelled_at or time.monotonic()
                    continue
                pg.consume_input()
            return pg.get_result()
        except (ConnectionLost, Terminated):
            raise
        except Exception as exc:
            if self.is_bad:
                raise self._lost(exc) from None
            raise

    def _abandon(self) -> ConnectionLost:
        """Ctrl-C again, a while after a cancel request the server has not answered (a server or network that
        stopped answering): give the connection up, so the prompt comes back. Nothing is sent again."""
        self.pgconn.finish()
        return ConnectionLost("the server answered neither the statement nor the cancel request: the connection "
                              "was given up")

    def cancel(self) -> None:
        """Ask the server to cancel the running query (psql's SIGINT behaviour). The request goes from a thread
        waited on for a few seconds at most: a server that stopped answering must not hold Ctrl-C too."""
        import sys
        import threading

        outcome: list[str] = []

        def send() -> None:
            try:
                self.pgconn.get_cancel().cancel()
                outcome.append("Cancel request sent\n")
            except Exception as exc:  # best effort; the query's own result says what happened
                outcome.append(f"Could not send cancel request: {exc}\n")

        sender = threading.Thread(target=send, name="dsqlsh-cancel", daemon=True)
        sender.start()
        sender.join(CANCEL_WAIT)
        sys.stderr.write(outcome[0] if outcome else "Could not send cancel request: no answer from the server\n")

    def copy_out(self) -> Iterator[bytes]:
        """The rows of a COPY TO STDOUT, as the server sends them."""
        pg = self.pgconn
        while True:
            nbytes, data = pg.get_copy_data(1)
            if nbytes > 0:
                yield bytes(data)
            elif nbytes == 0:
                select.select([pg.socket], [], [])
                pg.consume_input()
            else:
                return

    def copy_in(self, chunks: Iterator[bytes], error: str | None = None) -> None:
        """Send COPY FROM STDIN data, then end the copy (or fail it with error)."""
        pg = self.pgconn
        for chunk in chunks:
            pg.put_copy_data(chunk)
        pg.put_copy_end(error.encode() if error else None)

    def _lost(self, exc: Exception) -> ConnectionLost:
        message = _text(self.pgconn.error_message).strip() or str(exc)
        return ConnectionLost(message)


def _connect(conninfo: bytes) -> PGconn:
    """libpq's connect, driven from here (PQconnectStart/PQconnectPoll) rather than PQconnectdb: Ctrl-C while
    connecting to a server that does not answer stops it (PQconnectdb would wait, deaf to it), and
    connect_timeout (conninfo or PGCONNECT_TIMEOUT, at least 2 s, as libpq rounds it) is enforced here the way
    PQconnectdb enforces it, on each wait."""
    pgconn = pq.PGconn.connect_start(conninfo)
    timeout = _connect_timeout(pgconn)
    try:
        status = pq.PollingStatus.WRITING
        while pgconn.status != ConnStatus.BAD:
            if status == pq.PollingStatus.OK or status == pq.PollingStatus.FAILED:
                break
            fd = pgconn.socket
            wanted = ([fd], []) if status == pq.PollingStatus.READING else ([], [fd])
            ready = select.select(*wanted, [], timeout)
            if timeout is not None and not (ready[0] or ready[1]):
                raise ConnectionFailed("timeout expired")
            status = pq.PollingStatus(pgconn.connect_poll())
    except BaseException:  # Ctrl-C, or the timeout: nothing is left half open
        pgconn.finish()
        raise
    return pgconn


def _connect_timeout(pgconn: PGconn) -> float | None:
    """The connect_timeout libpq would use for pgconn (seconds; None for none)."""
    for option in pgconn.info:
        if option.keyword == b"connect_timeout" and option.val:
            try:
                seconds = int(option.val)
            except ValueError:
                return None
            return float(max(seconds, 2)) if seconds > 0 else None
    return None


def _is_goodbye(res: PGresult) -> bool:
    """A message that ends the session: FATAL or PANIC, or a connection-failure or shutdown SQLSTATE."""
    severity = (res.error_field(ord("V")) or res.error_field(ord("S")) or b"").decode("ascii", "replace")
    sqlstate = (res.error_field(ord("C")) or b"").decode("ascii", "replace")
    return severity in ("FATAL", "PANIC") or sqlstate.startswith(("08", "57P"))


def _ssl_attribute_function() -> Any:
    """PQsslAttribute from the libpq psycopg already loaded (psycopg's pq layer does not wrap it)."""
    import ctypes
    import glob
    import os

    candidates: list[str] = []
    if pq.__impl__ == "binary":
        import psycopg_binary

        libs = os.path.join(os.path.dirname(os.path.dirname(psycopg_binary.__file__)), "psycopg_binary.libs")
        candidates = sorted(glob.glob(os.path.join(libs, "libpq*.so*")))
    import ctypes.util

    system = ctypes.util.find_library("pq")
    if system:
        candidates.append(system)
    for path in candidates:
        try:
            function = ctypes.CDLL(path).PQsslAttribute
        except (OSError, AttributeError):
            continue
        function.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        function.restype = ctypes.c_char_p
        return function
    return None


def scrub(text: str, secret: str | None) -> str:
    """Remove a password or token from text that could echo it (libpq never should; be sure)."""
    if secret:
        text = text.replace(secret, "<token>")
        if "X-Amz-Signature=" in text:
            import re

            text = re.sub(r"X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=<redacted>", text)
    return text


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", "replace") if value else ""
