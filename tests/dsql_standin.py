"""A stand-in for an Aurora DSQL endpoint, for tests: TLS, IAM token check, then a relay to a real PostgreSQL.

    standin = DsqlStandIn(pg.host, pg.port, max_age=2.0).start()
    psycopg.connect(host=standin.endpoint, hostaddr="127.0.0.1", port=standin.port, user="admin",
                    sslmode="verify-full", sslrootcert=standin.ca_path, password=make_token(standin.endpoint))
    standin.events.of("connect", ok=True); standin.close_all(); standin.stop()

What a client such as libpq sees, in order (PostgreSQL protocol 3, "Message Flow" in the PostgreSQL docs):
1. SSLRequest -> 'S' and a TLS handshake (or TLS at once with sslnegotiation=direct); GSSENCRequest -> 'N'.
   A plaintext StartupMessage is refused with a FATAL ErrorResponse: DSQL rejects connections without TLS.
   A CancelRequest (plaintext or in TLS) is passed on to the upstream as it is: the BackendKeyData it
   names came from there.
2. StartupMessage (user, database, ...) -> AuthenticationCleartextPassword; the PasswordMessage must hold a
   DSQL auth token, which is checked as DSQL would (FACTS.md section 3) by recomputing its SigV4 query
   signature with botocore's own signer. Without SNI, or with a bad token, FATAL and the connection closes.
3. Then a StartupMessage for the same user (or upstream_user_map[user]) goes to the upstream PostgreSQL
   (trust auth), and everything is relayed both ways, cut into messages only to record what the client
   runs and to know when the session is between messages (max_age closes it only then; with
   close_in_transaction=False only between transactions too). `drop`, when given, sees each simple
   Query's SQL and may close the session there: "before" without running it, "after" once the upstream
   has answered it (its ReadyForQuery, so not for COPY FROM STDIN) but before the client hears the answer:
   a COMMIT whose outcome the client cannot know; or "stall": taken, never run, never answered, the session
   left open (a server that stopped answering). Other faults are switches of the constructor: close_mode
   (how the stand-in says goodbye), refuse (connection attempts refused), stall (nothing answered at all),
   delay (every answer late).
4. With enforce_dsql=True the relay also behaves as DSQL does, by this file's own rules (never dsqlsh's):
   statements of a simple Query (or an extended-protocol Parse) that match RULES, or break DSQL's one-DDL,
   no-DDL-with-DML transactions, are refused with DSQL's SQLSTATE and message without running upstream;
   CREATE INDEX ASYNC and ALTER TABLE ASYNC ... VALIDATE CONSTRAINT run there without ASYNC and answer
   with a job_id row; a transaction may modify at most row_cap rows (counted from the upstream's
   CommandComplete tags). An autocommit data-modifying simple Query runs inside the stand-in's own
   BEGIN ... COMMIT so that going over the cap commits nothing; in a transaction block, going over fails the
   block (its COMMIT answers ROLLBACK). See _DsqlRules for how.

Nothing reaches AWS: the secrets for the fake access keys are handed to the stand-in (`credentials`).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import itertools
import os
import re
import select
import socket
import ssl
import struct
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

__all__ = ["FAKE_ACCESS_KEY", "FAKE_CREDENTIALS", "FAKE_SECRET_KEY", "ROW_CAP", "RULES", "DsqlStandIn",
           "TokenCheck", "check_token", "ensure_roles", "make_token", "refusal", "split_statements"]

FAKE_ACCESS_KEY = "AKIDEXAMPLE"
FAKE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
FAKE_CREDENTIALS = {FAKE_ACCESS_KEY: FAKE_SECRET_KEY}
CLOSE_MODES = ("eof", "fatal", "fatal-late", "reset")
ENDED_BY_CLIENT = (None, "client", "upstream", "reset")  # a session that ended without the stand-in ending it

SSL_REQUEST, GSSENC_REQUEST, CANCEL_REQUEST = 80877103, 80877104, 80877102
TLS_HANDSHAKE = 0x16  # first byte of a TLS ClientHello: sslnegotiation=direct skips the SSLRequest
MAX_TOKEN_LIFETIME = 604_800  # DSQL's one-week maximum for ExpiresIn
CLOCK_SKEW = 300  # how far in the future X-Amz-Date may be, as SigV4 services allow a few minutes
ACCESS_DENIED = "unable to accept connection, access denied"  # DSQL's text for a bad or expired token


@dataclass(frozen=True)
class TokenCheck:
    """The verdict on one token: ok, or why not, and the message the client is sent."""

    ok: bool
    action: str | None = None
    access_key: str | None = None
    reason: str | None = None
    message: str = ACCESS_DENIED


def check_token(token: str, *, user: str, endpoint: str, region: str, credentials: dict[str, str],
                now: float | None = None) -> TokenCheck:
    """Check a DSQL token as the service would: host, scope, action vs user, expiry, then the signature."""
    host, sep, query = token.partition("/?")
    params = dict(parse_qsl(query, keep_blank_values=True))
    needed = ("Action", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-Signature")
    if not sep or any(k not in params for k in needed):
        return TokenCheck(False, reason="not a DSQL auth token")
    action, akid = params["Action"], params["X-Amz-Credential"].split("/")[0]

    def deny(reason: str, message: str = ACCESS_DENIED) -> TokenCheck:
        return TokenCheck(False, action, akid, reason, message)

    if host.lower() != endpoint.lower():
        return deny(f"token is for host {host!r}")
    scope = params["X-Amz-Credential"].split("/")
    if len(scope) != 5 or scope[1] != params["X-Amz-Date"][:8] or scope[4] != "aws4_request":
        return deny("malformed credential scope")
    if scope[2] != region or scope[3] != "dsql":
        return deny(f"credential scope is {scope[2]}/{scope[3]}, not {region}/dsql")
    if params["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256" or params.get("X-Amz-SignedHeaders") != "host":
        return deny("not a SigV4 query signature over the host header")
    if action not in ("DbConnect", "DbConnectAdmin"):
        return deny(f"unknown action {action!r}")
    if (action == "DbConnectAdmin") != (user == "admin"):
        # DSQL's own wording (troubleshooting page, FACTS.md section 3).
        return deny("action does not match user", f"Wrong user to action mapping. user: {user}, action: {action}")
    try:
        signed = datetime.datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
        expires = int(params["X-Amz-Expires"])
    except ValueError:
        return deny("malformed X-Amz-Date or X-Amz-Expires")
    signed_at = signed.replace(tzinfo=datetime.timezone.utc).timestamp()
    now = time.time() if now is None else now
    if not 0 < expires <= MAX_TOKEN_LIFETIME:
        return deny(f"X-Amz-Expires {expires} is outside 1..{MAX_TOKEN_LIFETIME}")
    if now > signed_at + expires:
        return deny(f"token expired {now - signed_at - expires:.0f}s ago")
    if signed_at > now + CLOCK_SKEW:
        return deny("token is signed in the future")
    if akid not in credentials:
        return deny(f"unknown access key {akid}")
    expected = _sigv4_signature(host, action, params, credentials[akid], region)
    if not hmac.compare_digest(expected, params["X-Amz-Signature"]):
        return deny("signature does not match")
    return TokenCheck(True, action, akid)


def _sigv4_signature(host: str, action: str, params: dict[str, str], secret: str, region: str) -> str:
    """Recompute the token's signature with botocore's SigV4QueryAuth, at the token's own X-Amz-Date."""
    from botocore.auth import SigV4QueryAuth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    creds = Credentials(params["X-Amz-Credential"].split("/")[0], secret, params.get("X-Amz-Security-Token"))
    signer = SigV4QueryAuth(creds, "dsql", region, expires=int(params["X-Amz-Expires"]))
    # The request botocore's dsql token generator signs: GET https://<host>/ with Action in the query.
    request = AWSRequest(method="GET", url=f"https://{host}/", params={"Action": action})
    # add_auth() would stamp the current time; these are its steps with the timestamp fixed to the token's.
    request.context["timestamp"] = params["X-Amz-Date"]
    signer._modify_request_before_signing(request)
    string_to_sign = signer.string_to_sign(request, signer.canonical_request(request))
    return signer.signature(string_to_sign, request)


def make_token(endpoint: str, user: str = "admin", *, region: str = "us-east-1", expires_in: int = 900) -> str:
    """A token from botocore's own dsql generator and the environment's credentials: DbConnectAdmin for admin."""
    import botocore.session

    client = botocore.session.get_session().create_client("dsql", region_name=region)
    if user == "admin":
        return client.generate_db_connect_admin_auth_token(endpoint, region, expires_in)
    return client.generate_db_connect_auth_token(endpoint, region, expires_in)


def ensure_roles(pg: Any, roles: list[str]) -> None:
    """Create the login roles upstream if missing; `admin` is a superuser there, as DSQL's admin owns the db."""
    for role in roles:
        ident = '"' + role.replace('"', '""') + '"'
        extra = " SUPERUSER" if role == "admin" else ""
        literal = role.replace("'", "''")
        pg.psql(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{literal}') "
                f"THEN CREATE ROLE {ident} LOGIN{extra}; END IF; END $$")


class Events:
    """A thread-safe record of what the stand-in saw; never holds a token, only its sha256.

    Each event is a dict with "kind" and "at" (time.monotonic()), and by kind:
    connect: session (None if refused), user, database, action, access_key, token_sha256, ok, reason, sni
    query: session, sql (a simple Query)          parse: session, sql (an extended-protocol Parse)
    refused: session, sql, code, message (enforce_dsql: a Query or Parse refused without running upstream)
    row_limit: session, rows (enforce_dsql: the transaction went over row_cap)
    close: session, why (client, upstream, max_age, close_all, stop, reset, drop), age, in_transaction
    plaintext_refused: user                       cancel: tls
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[dict] = []

    def add(self, kind: str, **fields: Any) -> None:
        with self._lock:
            self._items.append({"kind": kind, "at": time.monotonic(), **fields})

    def of(self, kind: str, **fields: Any) -> list[dict]:
        """The events of one kind whose fields equal the given ones."""
        return [e for e in self if e["kind"] == kind and all(e.get(k) == v for k, v in fields.items())]

    def wait(self, kind: str, timeout: float = 5.0, **fields: Any) -> dict:
        """The first matching event, waiting for it to happen (sessions record closes from their own thread)."""
        deadline = time.monotonic() + timeout
        while not (found := self.of(kind, **fields)):
            if time.monotonic() > deadline:
                raise AssertionError(f"no {kind} event matching {fields} within {timeout}s: {list(self)}")
            time.sleep(0.01)
        return found[0]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __iter__(self) -> Iterator[dict]:
        with self._lock:
            return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: int) -> dict:
        with self._lock:
            return self._items[i]


class Drop:
    """A stand-in `drop` hook: close the session at the nth query starting with `prefix` (any case), "before"
    running it or "after"; thread-safe (sessions call it from their own threads)."""

    def __init__(self, prefix: str, nth: int, when: str) -> None:
        self.prefix, self.nth, self.when = prefix.lower(), nth, when
        self.seen = 0
        self.lock = threading.Lock()

    def __call__(self, sql: str) -> str | None:
        if not sql.lower().startswith(self.prefix):
            return None
        with self.lock:
            self.seen += 1
            return self.when if self.seen == self.nth else None


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!i", len(body) + 4) + body


def _error(code: str, text: str, severity: str = "FATAL") -> bytes:
    fields = ((b"S", severity), (b"V", severity), (b"C", code), (b"M", text))
    return _message(b"E", b"".join(t + v.encode() + b"\0" for t, v in fields) + b"\0")


class _Frames:
    """Cuts a byte stream into whole protocol messages: 1-byte type, int32 length that counts itself."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        self.buf += data
        out = []
        while len(self.buf) >= 5 and len(self.buf) >= 1 + (n := int.from_bytes(self.buf[1:5], "big")):
            out.append(bytes(self.buf[: 1 + n]))
            del self.buf[: 1 + n]
        return out


class DsqlStandIn:
    """A threaded DSQL look-alike on 127.0.0.1 that relays authenticated sessions to upstream PostgreSQL."""

    def __init__(self, upstream_host: str, upstream_port: int, *, cluster_id: str = "abcdefghijklmnopqrstuvwxyz",
                 region: str = "us-east-1", max_age: float | None = None, close_in_transaction: bool = True,
                 drop: Callable[[str], str | None] | None = None,
                 upstream_user_map: dict[str, str] | None = None, credentials: dict[str, str] | None = None,
                 enforce_dsql: bool = False, row_cap: int | None = None, close_mode: str = "eof",
                 close_delay: float = 0.5, refuse: Callable[[int], bool] | None = None,
                 stall: bool | Callable[[int], bool] = False,
                 delay: float = 0.0):
        self.upstream = (upstream_host, upstream_port)
        self.region = region
        self.endpoint = f"{cluster_id}.dsql.{region}.on.aws"
        self.max_age = max_age
        self.close_in_transaction = close_in_transaction
        self.drop = drop  # called from session threads: it must be thread-safe
        self.upstream_user_map = dict(upstream_user_map or {})
        self.credentials = dict(FAKE_CREDENTIALS if credentials is None else credentials)
        self.enforce_dsql = enforce_dsql  # refuse, rewrite and cap as DSQL does (section 4 above)
        # How the stand-in closes a session it ends (max_age, close_all): "eof" (TLS close_notify, then FIN),
        # "fatal" (a FATAL 57P01 ErrorResponse first, as a PostgreSQL server says goodbye), "fatal-late" (the
        # FATAL, then the close close_delay seconds later) or "reset" (a TCP RST, no goodbye at all).
        if close_mode not in CLOSE_MODES:
            raise ValueError(f"close_mode must be one of {CLOSE_MODES}")
        self.close_mode = close_mode
        self.close_delay = close_delay
        # Faults at connect time: refuse(n) says whether the nth connection attempt is refused, as DSQL refuses
        # when its connection rate is exceeded; with stall (True, or stall(n) for the nth connection accepted), a
        # connection is accepted and never answered.
        self.refuse = refuse
        self.stall = stall
        self.delay = delay  # seconds added before each answer reaches the client: a slow network
        self._attempts = itertools.count(1)
        self.row_cap = ROW_CAP if row_cap is None else row_cap
        self.events = Events()
        self.port = 0
        self.ca_path = ""
        self._sessions: set[_Session] = set()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._stopping = threading.Event()

    def start(self) -> DsqlStandIn:
        """Make the CA and server certificate, listen on a free port, accept in a thread."""
        self._dir = tempfile.TemporaryDirectory(prefix="dsql-standin-")
        ca, cert, key = make_certificates(Path(self._dir.name), [f"*.dsql.{self.region}.on.aws", self.endpoint])
        self.ca_path = str(ca)
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(cert, key)
        self.tls.set_alpn_protocols(["postgresql"])  # libpq 17+ offers it, and needs it for direct TLS
        self.tls.sni_callback = _remember_sni
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)  # so the accept loop notices stop()
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, name="dsql-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, close every session, remove the certificate files."""
        self._stopping.set()
        self._thread.join(5)
        self._listener.close()
        self.close_all("stop")
        self._dir.cleanup()

    def close_all(self, why: str = "close_all") -> None:
        """Close every live session now, as if DSQL dropped them."""
        with self._lock:
            sessions = list(self._sessions)
        for s in sessions:
            s.request_close(why)
        for s in sessions:
            s.thread.join(5)

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            session = _Session(self, conn, next(self._ids))
            with self._lock:
                self._sessions.add(session)
            session.thread.start()

    def _forget(self, session: _Session) -> None:
        with self._lock:
            self._sessions.discard(session)


def _remember_sni(sock: Any, server_name: str | None, _ctx: ssl.SSLContext) -> None:
    sock.sni = server_name  # DSQL routes on SNI and refuses a handshake without it


def _send_close_notify(sock: ssl.SSLSocket) -> None:
    """End TLS cleanly, as PostgreSQL does, without waiting for the peer's reply: a client that is reading
    (libpq's cancel waits for the server to close) then sees an orderly EOF rather than an SSL error."""
    try:
        sock.setblocking(False)
        sock.unwrap()
    except (ssl.SSLError, OSError):
        pass


class _Session:
    """One client connection: negotiate, authenticate, then relay to its own upstream connection."""

    def __init__(self, server: DsqlStandIn, conn: socket.socket, session_id: int):
        self.server, self.client, self.id = server, conn, session_id
        self.upstream: socket.socket | None = None
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self.run, name=f"dsql-session-{session_id}", daemon=True)
        self._wake_r, self._wake_w = socket.socketpair()
        self._close_why: str | None = None
        self.waiting = 1  # requests not yet answered by ReadyForQuery; the startup itself is the first
        self.partial = False  # extended-protocol messages sent since the last Sync
        self.txn = b"I"  # the transaction status of the last ReadyForQuery: I, T or E
        self.drop_at_reply = False  # drop: close at the upstream's answer instead of relaying it
        self.rules = _DsqlRules(self) if server.enforce_dsql else None

    def request_close(self, why: str) -> None:
        """Ask the session's own thread to close it (sockets are only touched by that thread)."""
        self._close_why = self._close_why or why
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass

    def run(self) -> None:
        why = None
        try:
            stall = self.server.stall
            if stall is True or (callable(stall) and stall(self.id)):  # TCP open, nothing ever comes back
                self.server.events.add("stalled", session=self.id)
                self.server._stopping.wait()
                return
            self.client.settimeout(10)  # a stuck handshake must not hold a thread forever
            params = self._negotiate()
            refuse = self.server.refuse
            if params is not None and refuse is not None and refuse(next(self.server._attempts)):
                self.server.events.add("refused_connect", session=self.id)
                self.client.sendall(_error("53400", "Unable to accept connection, rate exceeded."))
                return
            if params is not None and self._authenticate(params):
                why = "reset"  # unless the relay ends in an orderly way
                why = self._relay(params)
        except (OSError, ssl.SSLError, EOFError, ValueError):
            pass
        finally:
            if why:
                self.server.events.add("close", session=self.id, why=why, age=time.monotonic() - self.started,
                                       in_transaction=self.txn != b"I")
            if why not in ENDED_BY_CLIENT and self._goodbye():
                pass  # a reset: no close_notify, no FIN
            elif isinstance(self.client, ssl.SSLSocket):
                _send_close_notify(self.client)
            for s in (self.client, self.upstream, self._wake_r, self._wake_w):
                if s is not None:
                    s.close()
            self.server._forget(self)

    def _goodbye(self) -> bool:
        """Say goodbye to the client as close_mode says, for a session the stand-in ends; True for a reset."""
        mode = self.server.close_mode
        try:
            if mode == "reset":
                self.client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return True
            if mode in ("fatal", "fatal-late"):
                self.client.sendall(_error("57P01", "terminating connection due to administrator command"))
                if mode == "fatal-late":
                    time.sleep(self.server.close_delay)
        except (OSError, ValueError):
            pass
        return False

    # -- 1. before authentication ------------------------------------------------------------------------
    def _negotiate(self) -> dict[str, str] | None:
        """Answer SSL/GSS/cancel requests; return the StartupMessage parameters, or None when done."""
        tls = False
        while True:
            if not tls and self.client.recv(1, socket.MSG_PEEK) == bytes([TLS_HANDSHAKE]):
                self.client, tls = self.server.tls.wrap_socket(self.client, server_side=True), True
            length, code = struct.unpack("!ii", self._read(8))
            body = self._read(length - 8)
            if code == SSL_REQUEST and not tls:
                self.client.sendall(b"S")
                self.client, tls = self.server.tls.wrap_socket(self.client, server_side=True), True
            elif code == GSSENC_REQUEST and not tls:
                self.client.sendall(b"N")  # no GSSAPI here; libpq then goes on to SSLRequest
            elif code == CANCEL_REQUEST:
                self._forward_cancel(struct.pack("!ii", length, code) + body, tls)
                return None
            elif code >> 16 == 3:  # StartupMessage, protocol 3.x
                parts = body.split(b"\0")
                params = {k.decode(): v.decode() for k, v in zip(parts[0:-2:2], parts[1:-1:2], strict=True)}
                if tls:
                    return {**params, "_protocol": str(code)}
                self.server.events.add("plaintext_refused", user=params.get("user"))
                self.client.sendall(_error("28000", "unable to accept connection, SSL is required"))
                return None
            else:
                self.client.sendall(_error("08P01", f"unsupported frontend protocol {code >> 16}.{code & 0xFFFF}"))
                return None

    def _forward_cancel(self, packet: bytes, tls: bool) -> None:
        """Send the same cancel packet to the upstream: the key it carries is the upstream's own."""
        self.server.events.add("cancel", tls=tls)
        with socket.create_connection(self.server.upstream, timeout=5) as up:
            up.sendall(packet)
            up.recv(1)  # the server closes when done

    # -- 2. authentication -------------------------------------------------------------------------------
    def _authenticate(self, params: dict[str, str]) -> bool:
        """Ask for the password and check it as a DSQL token; record the attempt; refuse with FATAL 28000."""
        user, srv = params.get("user", ""), self.server
        sni = getattr(self.client, "sni", None)
        token = None
        if not sni:  # DSQL routes on SNI: libpq sends none when host is an IP address or sslsni=0
            verdict = TokenCheck(False, reason="no SNI", message="unable to accept connection, sni was not received")
        else:
            self.client.sendall(_message(b"R", struct.pack("!i", 3)))  # AuthenticationCleartextPassword
            kind = self._read(1)
            body = self._read(struct.unpack("!i", self._read(4))[0] - 4)
            token = body.rstrip(b"\0").decode("utf-8", "replace") if kind == b"p" else ""
            verdict = check_token(token, user=user, endpoint=srv.endpoint, region=srv.region,
                                  credentials=srv.credentials)
        srv.events.add("connect", session=self.id if verdict.ok else None, user=user,
                       database=params.get("database", user), action=verdict.action, access_key=verdict.access_key,
                       token_sha256=None if token is None else hashlib.sha256(token.encode()).hexdigest(),
                       ok=verdict.ok, reason=verdict.reason, sni=sni)
        if not verdict.ok:
            self.client.sendall(_error("28000", verdict.message))
        return verdict.ok

    # -- 3. the relay ------------------------------------------------------------------------------------
    def _relay(self, params: dict[str, str]) -> str:
        """Start the upstream session for the same user and database, pipe messages both ways; say why it ended."""
        client = self.client
        assert isinstance(client, ssl.SSLSocket)
        user = params["user"]
        startup = {k: v for k, v in params.items() if not k.startswith("_")}
        startup["user"] = self.server.upstream_user_map.get(user, user)
        startup.setdefault("database", user)
        body = struct.pack("!i", int(params["_protocol"]))
        body += b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in startup.items()) + b"\0"
        self.upstream = upstream = socket.create_connection(self.server.upstream, timeout=10)
        upstream.sendall(struct.pack("!i", len(body) + 4) + body)
        client.settimeout(None)
        upstream.settimeout(None)
        from_client, from_upstream = _Frames(), _Frames()
        while True:
            readable = [client] if client.pending() else self._wait(client, upstream)
            if self._close_why or self._age_due():
                return self._close_why or "max_age"
            if upstream in readable:  # first, so that the upstream's last words reach the client
                try:
                    data = upstream.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    return "upstream"
                msgs = from_upstream.feed(data)
                if self.rules:  # what the client hears instead; ReadyForQuery only when its request is done
                    msgs = [out for msg in msgs for out in self.rules.from_upstream(msg)]
                for msg in msgs:
                    if msg[:1] == b"Z":  # ReadyForQuery: one request fully answered
                        if self.drop_at_reply:
                            return "drop"  # the upstream is done with it; the client never hears
                        self.waiting, self.txn = max(0, self.waiting - 1), msg[5:6]
                if not self.drop_at_reply:
                    if self.server.delay:
                        time.sleep(self.server.delay)
                    client.sendall(b"".join(msgs))
            if client in readable:
                data = client.recv(65536)
                while data and client.pending():  # decrypted bytes that select() cannot see
                    data += client.recv(client.pending())
                if not data:
                    return "client"
                for msg in from_client.feed(data):
                    if self._age_due():  # DSQL closes at its limit: a message after it is never run
                        return "max_age"
                    verdict = self._dropping(msg)
                    if verdict == "before":
                        return "drop"
                    if verdict == "stall":  # the query is taken and never answered; the session stays open
                        self.server.events.add("stalled", session=self.id)
                        self.server._stopping.wait()
                        return "stalled"
                    self._note_client(msg)
                    try:
                        upstream.sendall(self.rules.from_client(msg) if self.rules else msg)
                    except OSError:
                        return "upstream"
                    if msg[:1] == b"X":  # Terminate: the client ended it, whichever side's EOF arrives first
                        return "client"

    def _wait(self, client: socket.socket, upstream: socket.socket) -> list[socket.socket]:
        """select() on both sides and the wake-up pipe; when idle, only until the age limit."""
        timeout = None
        if self.server.max_age is not None and self._closable():
            timeout = max(0.0, self.started + self.server.max_age - time.monotonic())
        readable, _, _ = select.select([client, upstream, self._wake_r], [], [], timeout)
        return readable

    def _dropping(self, msg: bytes) -> str | None:
        """Ask the `drop` hook about a simple Query: "before", "after" (noted here), or None."""
        if self.server.drop is None or msg[:1] != b"Q":
            return None
        verdict = self.server.drop(msg[5:].rstrip(b"\0").decode("utf-8", "replace"))
        self.drop_at_reply = self.drop_at_reply or verdict == "after"
        return verdict

    def _note_client(self, msg: bytes) -> None:
        kind, text = msg[:1], msg[5:]
        if kind == b"Q":
            self.server.events.add("query", session=self.id, sql=text.rstrip(b"\0").decode("utf-8", "replace"))
        elif kind == b"P":  # Parse: statement name, then the SQL text
            sql = text.split(b"\0")[1].decode("utf-8", "replace")
            self.server.events.add("parse", session=self.id, sql=sql)
        if kind in (b"Q", b"S", b"F"):  # simple Query, Sync, FunctionCall: each ends with one ReadyForQuery
            self.waiting, self.partial = self.waiting + 1, False
        elif kind in (b"P", b"B", b"D", b"E", b"C", b"H"):  # extended protocol, answered once a Sync follows
            self.partial = True

    def _idle(self) -> bool:
        """Between messages: nothing sent that the upstream has yet to answer."""
        return self.waiting == 0 and not self.partial

    def _age_due(self) -> bool:
        """At the age limit and between messages. DSQL then just closes (no error message is documented)."""
        age = time.monotonic() - self.started
        return self.server.max_age is not None and age >= self.server.max_age and self._closable()

    def _closable(self) -> bool:
        """Where max_age may close the session: between messages (and transactions, unless close_in_transaction)."""
        return self._idle() and (self.server.close_in_transaction or self.txn == b"I")

    def send_upstream(self, data: bytes) -> None:
        """For _DsqlRules: the stand-in's own requests, and client messages it held back."""
        assert self.upstream is not None
        self.upstream.sendall(data)

    def _read(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.client.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf


# -- 4. DSQL's own rules (enforce_dsql=True) ---------------------------------------------------------------------
#
# Written here from /work/shared/dsql/FACTS.md, on purpose independent of dsqlsh.compat: a test that checks
# dsqlsh against these rules must not be checking dsqlsh against itself.

ROW_CAP = 3000  # rows a DSQL transaction may modify (FACTS section 1)
ROW_LIMIT = ("54000", "transaction row limit exceeded")
MULTIPLE_DDL = ("0A000", "multiple ddl statements not supported in a transaction")
DDL_AND_DML = ("0A000", "ddl and dml are not supported in the same transaction")
_SEQUENCE_CACHE = ("CREATE SEQUENCE is not supported without an explicit cache size. please define CACHE greater "
                   "than or equal to 65536 or equal to 1")
_IDENTITY_CACHE = ("identity column is not supported without an explicit cache size. please define CACHE greater "
                   "than or equal to 65536 or equal to 1")

# Pieces of the patterns below. Each pattern is matched at the start of a *normalized* statement: comments
# dropped, string and dollar-quoted literals emptied to '', whitespace squeezed to one space, lower case.
_NAME = r'(?:"[^"]*"|[\w$]+)(?:\.(?:"[^"]*"|[\w$]+))*'  # a name, maybe schema-qualified
_TABLE_DDL = r"(?:create table|alter table)\b.*?"
_COLUMN_TYPE = r'(?:\(|,|\badd (?:column )?(?:if not exists )?) ?(?:"[^"]*"|\w+) '  # a column's name: its type follows
_SMALL_CACHE = r"cache (?:[2-9]|[1-9]\d{1,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d\d|655[0-2]\d|6553[0-5])\b"  # 2..65535
_SET_ALLOWED = "client_encoding|names|datestyle|extra_float_digits|intervalstyle|timezone|time zone|search_path"
_ISOLATION = r"(?:begin|start transaction|set (?:session characteristics as )?transaction)\b.*\bisolation level "
_INT_TYPE = r"(?P<type>smallint|int2|integer|int4|int)"
_MODELLED = "0A000"  # FACTS records no message for these: the message is modelled on DSQL's others

# (pattern, SQLSTATE, message): the first match refuses the statement. {group} in a message is the matched text.
RULES: list[tuple[str, str, str]] = [
    # indexes: only CREATE INDEX ASYNC (rewritten for the upstream, see _ASYNC)
    (r"create (unique )?index concurrently\b", "0A000", "CONCURRENTLY not supported for CREATE INDEX"),
    (r"create (unique )?index (?!async\b)", "0A000", "unsupported mode. please use CREATE INDEX ASYNC."),
    (r"create (unique )?index async\b[^(]*\([^)]*\b(asc|desc)\b", "0A000",
     "specifying sort order not supported for index keys"),
    # objects DSQL does not have
    (r"create (or replace )?(constraint |event )?trigger\b", "0A000", "CREATE TRIGGER not supported"),
    (rf"create type {_NAME} as range\b", "0A000", "unsupported statement: CreateRange"),
    (rf"create type {_NAME} as ?\(", "0A000", "unsupported statement: CompositeType"),
    (r"create type\b", "0A000", "CREATE TYPE not supported"),  # enums, base and shell types
    (r"alter type\b", "0A000", "ALTER TYPE not supported"),
    (r"create extension\b", "0A000", "unsupported statement: CreateExtension"),
    (r"create (or replace )?function\b.*\blanguage (?!sql\b)(?P<lang>\w+)", "0A000",
     "CREATE FUNCTION with language {lang} not supported"),
    (r"create (or replace )?procedure\b", "0A000", "PROCEDURE is not supported"),
    (r"do\b", "0A000", "CREATE FUNCTION with language plpgsql not supported"),  # FACTS files DO blocks here
    (r"create materialized view\b", "0A000", "unsupported statement: CreateTableAs"),
    (rf"create table (if not exists )?{_NAME} (\([^)]*\) )?as\b", "0A000", "unsupported statement: CreateTableAs"),
    (r"create (global |local )?temp(orary)? table\b", "0A000",
     "TEMPORARY or TEMP table not supported for CREATE TABLE"),
    (r"create unlogged table\b", "0A000", "UNLOGGED table not supported for CREATE TABLE"),
    (r"create table\b.*\bpartition (by|of)\b", _MODELLED, "PARTITION not supported for CREATE TABLE"),
    (r"create table\b.*\binherits ?\(", _MODELLED, "INHERITS not supported for CREATE TABLE"),
    (r"create tablespace\b", "0A000", "unsupported statement: CreateTableSpace"),
    (r"(create|alter)\b.*\btablespace\b", _MODELLED, "TABLESPACE not supported"),
    (r"create database\b", "0A000", "unsupported statement: Createdb"),
    (r"truncate\b", "0A000", "unsupported statement: Truncate"),
    (r"vacuum\b", "0A000", "unsupported VACUUM statement"),
    (r"lock\b", "0A000", "unsupported statement: Lock"),
    (r"listen\b", "0A000", "unsupported statement: Listen"),
    (r"notify\b", "0A000", "unsupported statement: Notify"),
    (r"unlisten\b", "0A000", "unsupported statement: Unlisten"),
    # column types, in CREATE TABLE and ALTER TABLE ... ADD COLUMN
    (rf"{_TABLE_DDL}{_COLUMN_TYPE}(?P<type>smallserial|bigserial|serial[248]?)\b", "42704",
     'type "{type}" does not exist'),
    (rf"{_TABLE_DDL}{_COLUMN_TYPE}(?P<type>(?!array\b)[a-z_][\w ]*?(?: ?\([\d, ]*\))?)(?: ?\[\d*\]| array\b)",
     "0A000", "datatype {type}[] not supported"),
    # ALTER TABLE
    (r"alter table .*\badd (column )?(if not exists )?(?!(constraint|primary|unique|check|foreign|exclude)\b)"
     r'(?:"[^"]*"|\w+) [^,]*?\b(default|not null|check|unique|primary key|references|generated|constraint)\b',
     "0A000", "ALTER TABLE ADD COLUMN with constraint not supported"),
    (rf"alter table .*\badd (constraint {_NAME} )?(primary key|unique)\b(?!.*\busing index\b)", "0A000",
     "unsupported ALTER TABLE ADD CONSTRAINT statement"),
    (rf"alter table .*\badd (constraint {_NAME} )?(check|foreign key)\b(?!.*\bnot valid\b)", "0A000",
     "unsupported ALTER TABLE ADD CONSTRAINT statement"),
    (r"alter table (?!async\b).*\bvalidate constraint\b", "0A000",
     "unsupported ALTER TABLE VALIDATE CONSTRAINT statement"),
    (rf"alter table .*\balter (column )?{_NAME} (set data )?type\b", "0A000",
     "unsupported ALTER TABLE ALTER COLUMN ... SET DATA TYPE statement"),
    (r"alter (table|view|materialized view|schema|domain|index|database)\b.*\bowner to\b", _MODELLED,
     "OWNER TO not supported"),
    # sequences and identity columns: an explicit CACHE of 1 or >= 65536, bigint only
    (rf"create sequence\b.*\bas {_INT_TYPE}\b", _MODELLED,
     "datatype {type} not supported, sequence type must be bigint"),
    (r"create sequence\b(?!.*\bcache \d)", "0A000", _SEQUENCE_CACHE),
    (rf"create sequence\b.*\b{_SMALL_CACHE}", "0A000", _SEQUENCE_CACHE),
    (rf"{_TABLE_DDL}\b{_INT_TYPE} (not null )?generated (always|by default) as identity\b", "0A000",
     "datatype {type} not supported, identity column type must be bigint"),
    (rf"{_TABLE_DDL}\bgenerated (always|by default) as identity\b(?! ?\([^)]*\bcache \d)", "0A000", _IDENTITY_CACHE),
    (rf"{_TABLE_DDL}\bgenerated (always|by default) as identity ?\([^)]*\b{_SMALL_CACHE}", "0A000", _IDENTITY_CACHE),
    # transactions and session settings
    (r"savepoint\b", "0A000", "unsupported transaction statement: SAVEPOINT"),
    (r"release\b", "0A000", "unsupported transaction statement: RELEASE"),
    (r"rollback( work| transaction)? to\b", "0A000", "unsupported transaction statement: ROLLBACK TO"),
    (rf"{_ISOLATION}serializable\b", "0A000", "Unsupported isolation level: SERIALIZABLE"),
    (rf"{_ISOLATION}read committed\b", "0A000", "Unsupported isolation level: READ COMMITTED"),
    (rf"{_ISOLATION}read uncommitted\b", "0A000", "Unsupported isolation level: READ UNCOMMITTED"),
    (r"set (session characteristics as )?transaction\b", "0A000",
     'setting configuration parameter "TRANSACTION" not supported'),
    (rf'set (session |local )?"?(?!({_SET_ALLOWED}|constraints)\b)(?P<name>[\w.]+)', "0A000",
     'setting configuration parameter "{name}" not supported'),
]
_RULES = [(re.compile(pattern), code, message) for pattern, code, message in RULES]

# CREATE [UNIQUE] INDEX ASYNC and ALTER TABLE ASYNC, after any leading comments: the upstream gets them without ASYNC.
_ASYNC = re.compile(r"^((?:\s|--[^\n]*|/\*.*?\*/)*(?:create\s+(?:unique\s+)?index|alter\s+table))\s+async\b",
                    re.IGNORECASE | re.DOTALL)
_TRANSACTION = re.compile(r"(begin|start transaction|commit|end|rollback|abort)\b")
_DDL = re.compile(r"(create|alter|drop)\b")
_DML = re.compile(rf"(insert|update|delete|merge)\b|with\b.*\b(insert|update|delete|merge)\b"
                  rf"|copy {_NAME}( ?\([^)]*\))? from\b")
_DOLLAR_QUOTE = re.compile(r"\$([^\W\d]\w*)?\$")
_REFUSAL_MARK = re.compile(r'"(dsql_standin_refusal_\d+)"')


def _pieces(sql: str) -> list[tuple[str, str]]:
    """Cut SQL at top-level semicolons: (raw text, normalized text) per piece; ";".join(raws) is the input.

    Simply: quotes ('', E'', "", $tag$) and comments (--, nested /* */) are skipped, BEGIN ATOMIC bodies are not.
    The normalized text is what RULES match: no comments, literals emptied to '', squeezed, lower case.
    """
    pieces: list[tuple[str, str]] = []
    start, i, n, norm = 0, 0, len(sql), []
    while i < n:
        c = sql[i]
        after_word = i > 0 and (sql[i - 1].isalnum() or sql[i - 1] in "_$")
        if sql.startswith("--", i):
            i = n if (j := sql.find("\n", i)) < 0 else j
            norm.append(" ")
        elif sql.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                depth += sql.startswith("/*", i) - sql.startswith("*/", i)
                i += 2 if sql.startswith(("/*", "*/"), i) else 1
            norm.append(" ")
        elif c == "'":
            backslash = i > 0 and sql[i - 1] in "eE" and not (i > 1 and (sql[i - 2].isalnum() or sql[i - 2] == "_"))
            i += 1
            while i < n and not (sql[i] == "'" and not sql.startswith("''", i)):
                i += 2 if sql[i] == "\\" and backslash or sql.startswith("''", i) else 1
            i += 1
            norm.append("''")
        elif c == '"':
            j = i + 1
            while j < n and not (sql[j] == '"' and not sql.startswith('""', j)):
                j += 2 if sql.startswith('""', j) else 1
            norm.append(sql[i:j + 1])
            i = j + 1
        elif c == "$" and not after_word and (m := _DOLLAR_QUOTE.match(sql, i)):
            i = n if (j := sql.find(m.group(), m.end())) < 0 else j + len(m.group())
            norm.append("''")
        elif c == ";":
            pieces.append((sql[start:i], " ".join("".join(norm).split()).lower()))
            start, i, norm = i + 1, i + 1, []
        else:
            norm.append(c)
            i += 1
    pieces.append((sql[start:], " ".join("".join(norm).split()).lower()))
    return pieces


def split_statements(sql: str) -> list[str]:
    """The normalized statements of a simple Query, as the rules see them (empty ones dropped)."""
    return [norm for _, norm in _pieces(sql) if norm]


def refusal(statement: str) -> tuple[str, str] | None:
    """(SQLSTATE, message) of the first rule a normalized statement breaks, or None. No transaction rules here."""
    for pattern, code, message in _RULES:
        if m := pattern.match(statement):
            return code, message.format(**m.groupdict())
    return None


def _fields(msg: bytes) -> dict[str, str]:
    """An ErrorResponse's or NoticeResponse's fields by code."""
    return {f[:1].decode(): f[1:].decode("utf-8", "replace") for f in msg[5:].split(b"\0") if f}


def _query(sql: str) -> bytes:
    return _message(b"Q", sql.encode() + b"\0")


def _job_id_row() -> list[bytes]:
    """DSQL's answer to an ASYNC statement: one row, one text column job_id (base-32, as DSQL's look)."""
    job = base64.b32encode(os.urandom(16)).decode().rstrip("=").lower().encode()
    column = b"job_id\0" + struct.pack("!ihihih", 0, 0, 25, -1, -1, 0)  # text, no table, text format
    return [_message(b"T", struct.pack("!h", 1) + column), _message(b"D", struct.pack("!hi", 1, len(job)) + job)]


@dataclass
class _Cycle:
    """One request the upstream will answer with a ReadyForQuery: the client's, or one of the stand-in's own."""

    own: str | None = None  # None: the client's; else "begin", "commit", "rollback" or "fail"
    wrapped: bool = False  # the client's autocommit Query, inside the stand-in's own BEGIN
    capped: bool = False  # the rows it modifies count toward the transaction's cap
    jobs: list[bool] = field(default_factory=list)  # per statement: answer it with a job_id row


class _DsqlRules:
    """One session's DSQL behaviour. Everything reaches the client through the upstream, so order is kept:

    - a refused statement: the whole Query (or Parse) is replaced by a marker word that the upstream refuses with
      a syntax error (nothing runs; a transaction block fails as it would), and that error is rewritten into
      DSQL's. A transaction's DDL/DML history is judged statement by statement as it is sent.
    - rows: counted from CommandComplete tags of requests in a transaction block, or of an autocommit
      data-modifying Query, which is sent after the stand-in's own BEGIN; at its ReadyForQuery the stand-in sends
      COMMIT (or ROLLBACK: an error or over the cap), and the client hears one ReadyForQuery('I') at the end.
      Over the cap, the tag becomes ERROR 54000 and the rest of that request's answer is dropped; in a block,
      the stand-in then fails the transaction upstream (a marker again), so later statements get 25P02 and
      COMMIT answers ROLLBACK, as PostgreSQL does.
    - while the stand-in's own requests are outstanding, client messages wait (except a COPY's data).
    Simplifications, next to DSQL: the extended protocol gets the refusals, the ASYNC rewrite (without a job_id
    row) and the cap in blocks, but its autocommit statements are not wrapped (nor capped); rows changed by a
    data-modifying WITH under a SELECT are not counted (its tag says SELECT); an ASYNC index is built at once
    (a UNIQUE one on duplicates fails at once, not later in sys.jobs), and there is no sys.jobs or
    sys.wait_for_job; a refused statement in a failed block gets its refusal rather than 25P02.
    """

    def __init__(self, session: _Session):
        self.session = session
        self.cycles: deque[_Cycle] = deque([_Cycle()])  # the startup's ReadyForQuery comes first
        self.status = b"I"  # the transaction status the client was last told
        self.rows = 0  # rows modified in the client's transaction so far
        self.ddl, self.dml = 0, False  # what the transaction has done so far
        self.over = False  # the current request went over the cap: drop the rest of its answer
        self.copy_in = False  # a COPY FROM STDIN is running: its tag counts
        self.batch = False  # extended-protocol messages sent since the last Sync
        self.holding = False  # the stand-in's own requests are outstanding: hold the client's messages
        self.held: list[bytes] = []
        self.refusals: dict[str, tuple[str, str]] = {}
        self.ids = itertools.count(1)

    # -- from the client ---------------------------------------------------------------------------------------
    def from_client(self, msg: bytes) -> bytes:
        """What to send upstream for one client message: maybe rewritten, maybe nothing yet (held)."""
        kind = msg[:1]
        if self.holding and kind not in (b"d", b"c", b"f"):  # CopyData/CopyDone/CopyFail feed the running COPY
            self.held.append(msg)
            return b""
        if kind == b"Q":
            return self._query(msg[5:-1].decode("utf-8", "replace"))
        if kind in (b"P", b"B", b"D", b"E", b"C", b"H", b"S") and not self.batch:
            self.cycles.append(_Cycle(capped=self.status != b"I"))  # answered at the next Sync
            self.batch = True
        if kind == b"S":
            self.batch = False
        elif kind == b"F":
            self.cycles.append(_Cycle(capped=self.status != b"I"))
        elif kind == b"P":
            return self._parse(msg)
        return msg

    def _query(self, sql: str) -> bytes:
        raws, kinds, jobs = [], [], []
        for raw, norm in _pieces(sql):
            if norm:
                if verdict := self._judge(norm):
                    self.cycles.append(_Cycle())
                    return _query(self._refuse(sql, verdict))
                asynchronous = bool(re.match(r"(create (unique )?index|alter table) async\b", norm))
                raw = _ASYNC.sub(r"\1", raw, count=1) if asynchronous else raw
                kinds.append("dml" if _DML.match(norm) else "tcl" if _TRANSACTION.match(norm) else "")
                jobs.append(asynchronous)
            raws.append(raw)
        wrap = self.status == b"I" and "dml" in kinds and "tcl" not in kinds
        message = _query(";".join(raws)) if any(jobs) else _query(sql)
        if wrap:  # the stand-in's BEGIN first, in the same write
            self.cycles.append(_Cycle(own="begin"))
            self.holding = True
            message = _query("BEGIN") + message
        self.cycles.append(_Cycle(wrapped=wrap, capped=wrap or self.status != b"I", jobs=jobs))
        return message

    def _parse(self, msg: bytes) -> bytes:
        name, rest = msg[5:].split(b"\0", 1)
        sql, tail = rest.split(b"\0", 1)
        text = sql.decode("utf-8", "replace")
        for norm in split_statements(text):
            if verdict := self._judge(norm):
                sql = self._refuse(text, verdict).encode()
                break
        else:
            sql = _ASYNC.sub(r"\1", text, count=1).encode()
        return _message(b"P", name + b"\0" + sql + b"\0" + tail)

    def _judge(self, norm: str) -> tuple[str, str] | None:
        """The statement's refusal, by RULES or by what the transaction did before; None to run it."""
        if verdict := refusal(norm):
            return verdict
        if _TRANSACTION.match(norm):
            self.ddl, self.dml = 0, False
        elif _DDL.match(norm):
            if self.ddl or self.dml:
                return MULTIPLE_DDL if self.ddl else DDL_AND_DML
            self.ddl += 1
        elif _DML.match(norm):
            if self.ddl:
                return DDL_AND_DML
            self.dml = True
        return None

    def _refuse(self, sql: str, verdict: tuple[str, str]) -> str:
        """The marker word to send upstream instead; its syntax error will be turned into the refusal."""
        marker = f"dsql_standin_refusal_{next(self.ids)}"
        self.refusals[marker] = verdict
        self.session.server.events.add("refused", session=self.session.id, sql=sql, code=verdict[0],
                                       message=verdict[1])
        return marker

    def _own(self, purpose: str) -> None:
        """Send one of the stand-in's own requests upstream; hold the client's messages until it is answered."""
        sql = {"commit": "COMMIT", "rollback": "ROLLBACK", "fail": "dsql_standin_fail"}[purpose]
        self.cycles.append(_Cycle(own=purpose))
        self.holding = True
        self.session.send_upstream(_query(sql))

    # -- from the upstream -------------------------------------------------------------------------------------
    def from_upstream(self, msg: bytes) -> list[bytes]:
        """What the client hears for one upstream message."""
        kind = msg[:1]
        if not self.cycles:  # nothing asked: a FATAL from a terminated backend, say
            return [msg]
        cycle = self.cycles[0]
        if kind == b"Z":
            self.cycles.popleft()
            return self._ready(cycle, msg[5:6])
        if cycle.own:  # only a failed COMMIT is the client's business
            return [msg] if cycle.own == "commit" and kind in (b"E", b"N") else []
        if self.over:
            if kind == b"G":  # a later COPY FROM STDIN of the same Query: end it, its data will never come
                self.session.send_upstream(_message(b"f", b"transaction row limit exceeded\0"))
            return []
        if kind == b"E":
            self.copy_in = False
            marker = _REFUSAL_MARK.search(_fields(msg).get("M", ""))
            verdict = self.refusals.pop(marker[1], None) if marker else None
            return [_error(*verdict, severity="ERROR")] if verdict else [msg]
        if kind == b"G":
            self.copy_in = True
        elif kind == b"C":
            return self._complete(cycle, msg)
        return [msg]

    def _complete(self, cycle: _Cycle, msg: bytes) -> list[bytes]:
        """A CommandComplete: count its rows; over the cap, DSQL's error instead; after ASYNC, the job_id row."""
        words = msg[5:-1].decode().split()
        modifies = words[0] in ("INSERT", "UPDATE", "DELETE", "MERGE") or (words[0] == "COPY" and self.copy_in)
        self.copy_in = False
        job = cycle.jobs.pop(0) if cycle.jobs else False
        if cycle.capped and modifies:
            self.rows += int(words[-1])
            if self.rows > self.session.server.row_cap:
                self.over = True
                self.session.server.events.add("row_limit", session=self.session.id, rows=self.rows)
                return [_error(*ROW_LIMIT, severity="ERROR")]
        return [*_job_id_row(), msg] if job else [msg]

    def _ready(self, cycle: _Cycle, status: bytes) -> list[bytes]:
        """A ReadyForQuery: the end of the client's request, or of the stand-in's own, or time for another."""
        over, self.over, self.copy_in = self.over, False, False
        if cycle.own == "begin":
            return []
        if cycle.own:  # after COMMIT as the upstream says; after ROLLBACK idle; after failing the block, failed
            return self._tell({"commit": status, "rollback": b"I", "fail": b"E"}[cycle.own])
        if cycle.wrapped and status in (b"T", b"E"):
            self._own("commit" if status == b"T" and not over else "rollback")
            return []
        if over and status == b"T":
            self._own("fail")
            return []
        return self._tell(status)

    def _tell(self, status: bytes) -> list[bytes]:
        """The client's ReadyForQuery; then the client messages held meanwhile go on, in order."""
        self.status = status
        if status == b"I":
            self.rows, self.ddl, self.dml = 0, 0, False
        if self.holding:
            self.holding, held, self.held = False, self.held, []
            for msg in held:
                if data := self.from_client(msg):
                    self.session.send_upstream(data)
        return [_message(b"Z", status)]


def make_certificates(directory: Path, names: list[str]) -> tuple[Path, Path, Path]:
    """A fresh CA and a server certificate for `names` signed by it: (ca.pem, server.pem, server.key)."""
    try:
        import cryptography  # noqa: F401
    except ImportError:
        return _certificates_with_openssl(directory, names)
    return _certificates_with_cryptography(directory, names)


def _certificates_with_cryptography(directory: Path, names: list[str]) -> tuple[Path, Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dsqlsh test CA")])

    def builder(subject: x509.Name, public_key: Any) -> x509.CertificateBuilder:
        return (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_name).public_key(public_key)
                .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
                .not_valid_after(now + datetime.timedelta(days=2))
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                               critical=False))

    usage = dict(content_commitment=False, key_encipherment=False, data_encipherment=False, key_agreement=False,
                 encipher_only=False, decipher_only=False)
    ca = (builder(ca_name, ca_key.public_key())
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, key_cert_sign=True, crl_sign=True, **usage),
                         critical=True)
          .sign(ca_key, hashes.SHA256()))
    cert = (builder(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[-1])]), key.public_key())
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = directory / "ca.pem", directory / "server.pem", directory / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


def _certificates_with_openssl(directory: Path, names: list[str]) -> tuple[Path, Path, Path]:
    """The same with the openssl command, for environments without the cryptography package."""
    ca, ca_key, cert, key = (directory / n for n in ("ca.pem", "ca.key", "server.pem", "server.key"))
    ext = directory / "server.ext"
    ext.write_text("subjectAltName=" + ",".join(f"DNS:{n}" for n in names) + "\nbasicConstraints=critical,CA:FALSE\n"
                   "extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
    newkey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for cmd in (
        ["req", "-x509", *newkey, "-keyout", ca_key, "-out", ca, "-days", "2", "-subj", "/CN=dsqlsh test CA",
         "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ["req", *newkey, "-keyout", key, "-out", directory / "server.csr", "-subj", f"/CN={names[-1]}"],
        ["x509", "-req", "-in", directory / "server.csr", "-CA", ca, "-CAkey", ca_key, "-set_serial",
         str(int.from_bytes(hashlib.sha256(names[-1].encode() + str(time.time()).encode()).digest()[:8], "big")),
         "-days", "2", "-extfile", ext, "-out", cert],
    ):
        subprocess.run(["openssl", *map(str, cmd)], check=True, capture_output=True)
    return ca, cert, key
