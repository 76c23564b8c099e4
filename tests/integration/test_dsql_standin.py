"""The DSQL stand-in itself: it must accept what DSQL accepts and refuse what DSQL refuses, or tests built on
it prove nothing. Clients here are psycopg (libpq 18) and a few hand-written protocol exchanges."""

from __future__ import annotations

import hashlib
import os
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from tests.dsql_standin import FAKE_CREDENTIALS, check_token, make_token

pytest_plugins = ("tests.fix_dsql",)


@pytest.fixture(autouse=True)
def _fake_aws_and_no_pg_env(fake_aws_env, monkeypatch):
    """Fake AWS credentials only, and no PG* variable of the machine steering libpq."""
    for name in list(os.environ):
        if name.startswith("PG"):
            monkeypatch.delenv(name)


def connect(standin, user="admin", token=None, **options) -> psycopg.Connection:
    """Connect as a DSQL client does: by name, verify-full against the stand-in's CA, the token as password."""
    params = dict(host=standin.endpoint, hostaddr="127.0.0.1", port=standin.port, user=user, dbname="postgres",
                  sslmode="verify-full", sslrootcert=standin.ca_path, connect_timeout=5, autocommit=True)
    params.update(options)
    params["password"] = make_token(standin.endpoint, user) if token is None else token
    return psycopg.connect(**params)


def refusal(standin, **kwargs) -> str:
    """The message a refused connection gets."""
    with pytest.raises(psycopg.OperationalError) as excinfo:
        connect(standin, **kwargs)
    return str(excinfo.value)


def sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def raw_exchange(standin, *, tls=True, gss_first=False, password=None, user="admin") -> dict[str, str]:
    """Speak the protocol by hand up to the stand-in's ErrorResponse; return its fields by code (S, C, M...)."""
    sock = socket.create_connection(("127.0.0.1", standin.port), timeout=5)
    if gss_first:
        sock.sendall(struct.pack("!ii", 8, 80877104))
        assert sock.recv(1) == b"N"
    if tls:
        sock.sendall(struct.pack("!ii", 8, 80877103))
        assert sock.recv(1) == b"S"
        sock = ssl.create_default_context(cafile=standin.ca_path).wrap_socket(sock, server_hostname=standin.endpoint)
    body = struct.pack("!i", 196608) + b"user\0" + user.encode() + b"\0database\0postgres\0\0"
    sock.sendall(struct.pack("!i", len(body) + 4) + body)

    def recv_exact(n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = sock.recv(n - len(buf))
            assert chunk, "the stand-in closed without an ErrorResponse"
            buf += chunk
        return buf

    def read_message() -> tuple[bytes, bytes]:
        head = recv_exact(5)
        return head[:1], recv_exact(struct.unpack("!i", head[1:])[0] - 4)

    kind, data = read_message()
    if kind == b"R":
        assert struct.unpack("!i", data)[0] == 3  # AuthenticationCleartextPassword
        pw = (password or "").encode() + b"\0"
        sock.sendall(b"p" + struct.pack("!i", len(pw) + 4) + pw)
        kind, data = read_message()
    sock.close()
    assert kind == b"E"
    return {f[:1].decode(): f[1:].decode() for f in data.split(b"\0") if f}


# -- accepted -------------------------------------------------------------------------------------------------

def test_admin_token_connects_as_admin(dsql_standin):
    token = make_token(dsql_standin.endpoint, "admin")
    with connect(dsql_standin, "admin", token) as conn:
        assert conn.execute("select current_user").fetchone() == ("admin",)
    [event] = dsql_standin.events.of("connect")
    assert event["ok"] and event["action"] == "DbConnectAdmin" and event["user"] == "admin"
    assert event["token_sha256"] == sha(token) and event["access_key"] == "AKIDEXAMPLE"
    assert event["sni"] == dsql_standin.endpoint
    assert token not in repr(list(dsql_standin.events))


def test_dbconnect_token_connects_a_custom_role(dsql_standin):
    with connect(dsql_standin, "app") as conn:
        assert conn.execute("select current_user").fetchone() == ("app",)
    assert [e["action"] for e in dsql_standin.events.of("connect", ok=True)] == ["DbConnect"]


def test_session_credentials_sign_with_a_security_token(dsql_standin, monkeypatch):
    monkeypatch.setenv("AWS_SESSION_TOKEN", "FAKE/session+token==")
    token = make_token(dsql_standin.endpoint, "admin")
    assert "&X-Amz-Security-Token=FAKE%2Fsession%2Btoken%3D%3D&" in token
    with connect(dsql_standin, "admin", token) as conn:
        assert conn.execute("select 1").fetchone() == (1,)


def test_verify_full_accepts_the_endpoint_name_only(dsql_standin):
    with connect(dsql_standin) as conn:
        assert conn.info.pgconn.ssl_in_use
    # the certificate names the endpoint and *.dsql.<region>.on.aws, nothing else
    assert "certificate" in refusal(dsql_standin, host="db.example.com")
    assert "certificate" in refusal(dsql_standin, host="x.dsql.us-west-2.on.aws")


def test_direct_tls_negotiation_works(dsql_standin):
    with connect(dsql_standin, sslnegotiation="direct") as conn:
        assert conn.execute("select current_user").fetchone() == ("admin",)


def test_upstream_user_map(make_dsql_standin):
    standin = make_dsql_standin(upstream_user_map={"admin": "postgres"})
    with connect(standin, "admin") as conn:
        assert conn.execute("select current_user").fetchone() == ("postgres",)


# -- refused --------------------------------------------------------------------------------------------------

def test_admin_token_for_another_role_is_refused(dsql_standin):
    token = make_token(dsql_standin.endpoint, "admin")
    msg = refusal(dsql_standin, user="app", token=token)
    assert "Wrong user to action mapping. user: app, action: DbConnectAdmin" in msg
    # and a DbConnect token cannot open admin
    token = make_token(dsql_standin.endpoint, "app")
    assert "user: admin, action: DbConnect" in refusal(dsql_standin, user="admin", token=token)
    assert [e["ok"] for e in dsql_standin.events.of("connect")] == [False, False]


def test_refusals_are_fatal_28000_on_the_wire(dsql_standin):
    fields = raw_exchange(dsql_standin, password="not a token")
    assert (fields["S"], fields["C"], fields["M"]) == ("FATAL", "28000", "unable to accept connection, access denied")
    fields = raw_exchange(dsql_standin, user="app", password=make_token(dsql_standin.endpoint, "admin"))
    assert fields["C"] == "28000"


def test_expired_token_is_refused(dsql_standin):
    token = make_token(dsql_standin.endpoint, "admin", expires_in=1)
    time.sleep(2.1)
    assert "unable to accept connection, access denied" in refusal(dsql_standin, token=token)
    [event] = dsql_standin.events.of("connect")
    assert not event["ok"] and "expired" in event["reason"] and event["token_sha256"] == sha(token)


def test_token_for_another_host_or_region_is_refused(dsql_standin):
    other = make_token("zyxwvutsrqponmlkjihgfedcba.dsql.us-east-1.on.aws", "admin")
    assert "access denied" in refusal(dsql_standin, token=other)
    wrong_region = make_token(dsql_standin.endpoint, "admin", region="us-west-2")
    assert "access denied" in refusal(dsql_standin, token=wrong_region)
    reasons = [e["reason"] for e in dsql_standin.events.of("connect")]
    assert reasons[0].startswith("token is for host") and "us-west-2/dsql" in reasons[1]


def test_tampered_or_unknown_credentials_are_refused(dsql_standin, monkeypatch):
    token = make_token(dsql_standin.endpoint, "app")
    forged = token.replace("Action=DbConnect&", "Action=DbConnectAdmin&")
    assert "access denied" in refusal(dsql_standin, user="admin", token=forged)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    assert "access denied" in refusal(dsql_standin, token=make_token(dsql_standin.endpoint))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDUNKNOWN")
    assert "access denied" in refusal(dsql_standin, token=make_token(dsql_standin.endpoint))
    reasons = [e["reason"] for e in dsql_standin.events.of("connect")]
    assert reasons == ["signature does not match", "signature does not match", "unknown access key AKIDUNKNOWN"]


def test_plaintext_is_refused(dsql_standin):
    assert "unable to accept connection, SSL is required" in refusal(dsql_standin, sslmode="disable")
    assert dsql_standin.events.of("plaintext_refused", user="admin")
    assert not dsql_standin.events.of("connect")
    fields = raw_exchange(dsql_standin, tls=False)
    assert (fields["S"], fields["C"]) == ("FATAL", "28000")


def test_gssenc_request_is_declined_then_tls_goes_on(dsql_standin):
    assert raw_exchange(dsql_standin, gss_first=True, password="x")["C"] == "28000"


def test_tls_without_sni_is_refused(dsql_standin):
    msg = refusal(dsql_standin, host="127.0.0.1", hostaddr=None, sslmode="require", sslrootcert=None)
    assert "sni was not received" in msg


# -- the session ----------------------------------------------------------------------------------------------

def test_queries_are_recorded_once(dsql_standin):
    with connect(dsql_standin) as conn:
        conn.execute("create temp table t (x int)")
        conn.execute("insert into t values (1)")
        sid = dsql_standin.events.of("connect")[0]["session"]
    assert [e["sql"] for e in dsql_standin.events.of("query", session=sid)] == [
        "create temp table t (x int)", "insert into t values (1)"]
    dsql_standin.events.wait("close", session=sid, why="client")


def test_extended_protocol_statements_are_recorded_as_parse(dsql_standin):
    with connect(dsql_standin) as conn:
        assert conn.execute("select %s::int + 1", [41]).fetchone() == (42,)
    assert [e["sql"] for e in dsql_standin.events.of("parse")] == ["select $1::int + 1"]
    assert not dsql_standin.events.of("query")


def test_upstream_ending_the_session_is_relayed(dsql_standin, pg):
    conn = connect(dsql_standin)
    pid = conn.info.backend_pid  # BackendKeyData is relayed untouched: this is the upstream's pid
    pg.psql(f"select pg_terminate_backend({pid})")
    assert dsql_standin.events.wait("close")["why"] == "upstream"
    with pytest.raises(psycopg.OperationalError, match="terminating connection due to administrator command"):
        conn.execute("select 1")


def test_max_age_closes_an_idle_session(make_dsql_standin):
    standin = make_dsql_standin(max_age=1.0)
    conn = connect(standin)
    assert conn.execute("select 1").fetchone() == (1,)
    time.sleep(1.5)
    with pytest.raises(psycopg.OperationalError):
        conn.execute("select 2")
    assert conn.closed
    [close] = standin.events.of("close")
    assert close["why"] == "max_age" and 1.0 <= close["age"] < 1.4 and not close["in_transaction"]
    assert [e["sql"] for e in standin.events.of("query")] == ["select 1"]  # select 2 never reached the server


def test_max_age_waits_for_a_running_statement(make_dsql_standin):
    standin = make_dsql_standin(max_age=0.5)
    conn = connect(standin)
    assert conn.execute("select pg_sleep(1), 'done'").fetchone()[1] == "done"
    with pytest.raises(psycopg.OperationalError):
        conn.execute("select 2")
    [close] = standin.events.of("close")
    assert close["why"] == "max_age" and close["age"] >= 1.0


def test_max_age_applies_inside_a_transaction_too(make_dsql_standin):
    standin = make_dsql_standin(max_age=0.8)
    conn = connect(standin, autocommit=False)
    conn.execute("select 1")
    time.sleep(1.2)
    with pytest.raises(psycopg.OperationalError):
        conn.execute("select 2")
    [close] = standin.events.of("close")
    assert close["in_transaction"]


def test_close_all_drops_live_sessions(dsql_standin):
    conns = [connect(dsql_standin), connect(dsql_standin, "app")]
    dsql_standin.close_all()
    for conn in conns:
        with pytest.raises(psycopg.OperationalError):
            conn.execute("select 1")
    assert sorted(e["why"] for e in dsql_standin.events.of("close")) == ["close_all", "close_all"]
    with connect(dsql_standin) as conn:  # and new connections are still welcome
        assert conn.execute("select 1").fetchone() == (1,)


def test_tls_cancel_reaches_the_upstream(dsql_standin):
    conn = connect(dsql_standin)
    # cancel_safe() is libpq 17's PQcancelCreate: same host, TLS and SNI as the connection. (The legacy
    # conn.cancel() holds the GIL while it blocks, so it would hang against an in-process stand-in.)
    threading.Timer(0.3, conn.cancel_safe).start()
    with pytest.raises(psycopg.errors.QueryCanceled):
        conn.execute("select pg_sleep(10)")
    assert conn.execute("select 1").fetchone() == (1,)
    assert dsql_standin.events.wait("cancel")["tls"] is True
    conn.close()


LEGACY_CANCEL = """
import sys, threading, psycopg
conn = psycopg.connect(sys.argv[1], password=sys.stdin.read(), autocommit=True)
threading.Timer(0.3, conn.cancel).start()
try:
    conn.execute("select pg_sleep(10)")
except psycopg.errors.QueryCanceled:
    print("canceled")
"""


def test_plaintext_cancel_reaches_the_upstream(dsql_standin):
    # The legacy PQcancel (psycopg's conn.cancel(), psql's Ctrl-C handler) always sends its CancelRequest in
    # plaintext. It holds the GIL while it waits, so the client runs in its own process here.
    s = dsql_standin
    dsn = (f"host={s.endpoint} hostaddr=127.0.0.1 port={s.port} user=admin dbname=postgres sslmode=verify-full "
           f"sslrootcert={s.ca_path}")
    out = subprocess.run([sys.executable, "-c", LEGACY_CANCEL, dsn], input=make_token(s.endpoint), text=True,
                         capture_output=True, timeout=30)
    assert out.stdout.strip() == "canceled", out.stderr
    assert s.events.wait("cancel")["tls"] is False


# -- the token check on its own -------------------------------------------------------------------------------

ENDPOINT = "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"


def check(token: str, user: str = "admin", now: float | None = None):
    return check_token(token, user=user, endpoint=ENDPOINT, region="us-east-1", credentials=FAKE_CREDENTIALS,
                       now=now)


def test_check_token_expiry_window():
    token = make_token(ENDPOINT, "admin", expires_in=60)
    now = time.time()
    assert check(token, now=now).ok
    assert check(token, now=now + 62).reason.startswith("token expired")
    assert check(token, now=now - 3600).reason == "token is signed in the future"


def test_check_token_limits_and_shape():
    assert check(make_token(ENDPOINT, expires_in=604_800)).ok
    assert "outside" in check(make_token(ENDPOINT, expires_in=604_801)).reason
    assert check("hunter2").reason == "not a DSQL auth token"
