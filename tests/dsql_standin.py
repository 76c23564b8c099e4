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
   a COMMIT whose outcome the client cannot know.

Nothing reaches AWS: the secrets for the fake access keys are handed to the stand-in (`credentials`).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import itertools
import select
import socket
import ssl
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

__all__ = ["FAKE_ACCESS_KEY", "FAKE_CREDENTIALS", "FAKE_SECRET_KEY", "DsqlStandIn", "TokenCheck", "check_token",
           "ensure_roles", "make_token"]

FAKE_ACCESS_KEY = "AKIDEXAMPLE"
FAKE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
FAKE_CREDENTIALS = {FAKE_ACCESS_KEY: FAKE_SECRET_KEY}

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
                 upstream_user_map: dict[str, str] | None = None, credentials: dict[str, str] | None = None):
        self.upstream = (upstream_host, upstream_port)
        self.region = region
        self.endpoint = f"{cluster_id}.dsql.{region}.on.aws"
        self.max_age = max_age
        self.close_in_transaction = close_in_transaction
        self.drop = drop  # called from session threads: it must be thread-safe
        self.upstream_user_map = dict(upstream_user_map or {})
        self.credentials = dict(FAKE_CREDENTIALS if credentials is None else credentials)
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
            self.client.settimeout(10)  # a stuck handshake must not hold a thread forever
            params = self._negotiate()
            if params is not None and self._authenticate(params):
                why = "reset"  # unless the relay ends in an orderly way
                why = self._relay(params)
        except (OSError, ssl.SSLError, EOFError, ValueError):
            pass
        finally:
            if why:
                self.server.events.add("close", session=self.id, why=why, age=time.monotonic() - self.started,
                                       in_transaction=self.txn != b"I")
            if isinstance(self.client, ssl.SSLSocket):
                _send_close_notify(self.client)
            for s in (self.client, self.upstream, self._wake_r, self._wake_w):
                if s is not None:
                    s.close()
            self.server._forget(self)

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
                for msg in msgs:
                    if msg[:1] == b"Z":  # ReadyForQuery: one request fully answered
                        if self.drop_at_reply:
                            return "drop"  # the upstream is done with it; the client never hears
                        self.waiting, self.txn = max(0, self.waiting - 1), msg[5:6]
                if not self.drop_at_reply:
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
                    if self._dropping(msg) == "before":
                        return "drop"
                    self._note_client(msg)
                    try:
                        upstream.sendall(msg)
                    except OSError:
                        return "upstream"

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

    def _read(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.client.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf


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
