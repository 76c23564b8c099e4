"""DSQL endpoints and IAM auth tokens.

A host in DSQL's endpoint form (or a bare cluster id with a region, or a cluster ARN) is a DSQL
cluster; its password is an IAM token presigned by botocore's own SigV4 code with credentials from
the standard AWS chain (plain keys in the environment read as botocore's EnvProvider reads them, without
botocore's credentials module). botocore is imported only here, and only when a DSQL host is used.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from dsqlsh.errors import ConnectionFailed

__all__ = ["ADMIN", "Endpoint", "Keys", "TokenProvider", "action_for", "environment_keys", "presign",
           "resolve_endpoint"]

ADMIN = "admin"
DEFAULT_EXPIRES = 900  # seconds; the SDKs' default: the token only has to outlive the handshake

# <cluster-id>.dsql[-suffix].<region>.on.aws (the AWS connector's region rule: \.dsql[^.]*\.([^.]+)\.on\.aws$)
ENDPOINT_RE = re.compile(r"^(?P<cluster>[a-z0-9]+)\.dsql[^.]*\.(?P<region>[a-z0-9-]+)\.on\.aws\.?$", re.IGNORECASE)
# The other two forms as patterns, compiled (and cached by re) when a host is not in the endpoint form: a DSQL
# start-up is mostly that form, and these compile at about 1 million instructions.
ARN_PATTERN = r"^arn:aws[a-z-]*:dsql:(?P<region>[a-z0-9-]+):\d{12}:cluster/(?P<cluster>[a-z0-9]+)$"
CLUSTER_ID_PATTERN = r"^[a-z0-9]{26}$"


class Endpoint(NamedTuple):
    """A DSQL cluster: the host name to connect and sign for, and its region. (A NamedTuple: a frozen dataclass
    costs about 3 million more instructions to define, on every DSQL start-up.)"""

    host: str
    region: str
    cluster_id: str
    given_as_id: bool = False  # named by a bare cluster id (its region from --region, the environment or profile)


def resolve_endpoint(host: str | None, *, region: str | None = None, profile: str | None = None) -> Endpoint | None:
    """The DSQL endpoint a host names, or None for any other (plain PostgreSQL) host."""
    if not host or "," in host:
        return None
    if m := ENDPOINT_RE.match(host):
        return Endpoint(host.rstrip(".").lower(), m["region"].lower(), m["cluster"].lower())
    if m := re.match(ARN_PATTERN, host):
        return Endpoint(f"{m['cluster']}.dsql.{m['region']}.on.aws", m["region"], m["cluster"])
    if re.match(CLUSTER_ID_PATTERN, host):
        chosen = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") \
            or _profile_region(profile)
        if chosen:
            return Endpoint(f"{host}.dsql.{chosen}.on.aws", chosen, host, given_as_id=True)
    return None


def _profile_region(profile: str | None) -> str | None:
    _defer_unused_by_botocore()
    import botocore.session

    session = botocore.session.Session(profile=profile)
    try:
        return session.get_config_variable("region")
    except Exception:  # an unreadable or missing profile simply has no region
        return None


def action_for(user: str) -> str:
    """DSQL's mapping: the admin role needs DbConnectAdmin, every other role DbConnect."""
    return "DbConnectAdmin" if user == ADMIN else "DbConnect"


@dataclass(eq=False)
class TokenProvider:
    """Makes a fresh token for every connect; never stores one. Credentials come from botocore's chain."""

    endpoint: Endpoint
    profile: str | None = None
    expires: int = DEFAULT_EXPIRES
    _session: Any = field(default=None, repr=False)

    def token(self, user: str) -> str:
        """A new presigned DSQL token for user (DbConnectAdmin for admin, DbConnect otherwise)."""
        credentials = self._credentials()
        return presign(self.endpoint, action_for(user), credentials, self.expires)

    def _credentials(self) -> Any:
        if self.profile is None and self._session is None:
            # botocore's chain asks the environment first unless a profile is named. Plain keys there are its
            # answer: read them without importing botocore.credentials, whose own imports (botocore.config ->
            # botocore.endpoint -> awsrequest, httpsession) run the HTTP layer UNUSED_BY_PRESIGNING defers.
            from_environment = environment_keys(os.environ)
            if from_environment is not None:
                return from_environment
        _defer_unused_by_botocore()
        import botocore.session
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            if self._session is None:
                self._session = botocore.session.Session(profile=self.profile)
            credentials = self._session.get_credentials()
            if credentials is None:
                raise ConnectionFailed(
                    f"no AWS credentials found for {self.endpoint.host} (set AWS_PROFILE or --profile, "
                    "run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
                )
            # Refreshable credentials (SSO, assumed roles, keys with AWS_CREDENTIAL_EXPIRATION) renew here, so
            # each token is signed with live keys; botocore raises RuntimeError when they are still expired after.
            return credentials.get_frozen_credentials()
        except (BotoCoreError, ClientError, RuntimeError) as exc:
            raise ConnectionFailed(f"could not get AWS credentials for {self.endpoint.host}: {exc}") from None


class Keys(NamedTuple):
    """Signing keys, the fields of botocore's frozen credentials (botocore.credentials.ReadOnlyCredentials)."""

    access_key: str
    secret_key: str
    token: str | None


def environment_keys(environ: Mapping[str, str]) -> Keys | None:
    """botocore's EnvProvider's answer for environ when it is plain keys; None when botocore must decide.

    EnvProvider reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (an empty value counts as unset) and the
    session token from AWS_SECURITY_TOKEN, else AWS_SESSION_TOKEN. Without an access key it has no answer; with
    one key of the two it raises PartialCredentialsError; with AWS_CREDENTIAL_EXPIRATION it answers refreshable
    credentials: all left to botocore. tests/unit/test_dsql_auth.py compares the two answers.
    """
    access_key, secret_key = environ.get("AWS_ACCESS_KEY_ID", ""), environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not access_key or not secret_key or environ.get("AWS_CREDENTIAL_EXPIRATION", ""):
        return None
    return Keys(access_key, secret_key, environ.get("AWS_SECURITY_TOKEN", "") or environ.get("AWS_SESSION_TOKEN", "")
                or None)


# Modules that botocore.auth's imports (botocore.utils, botocore.compat, botocore.useragent) bring for what a
# presigned URL never uses; deferred_imports registers them unrun, and the first use of one (boto3 for \clusters,
# a profile's credentials) runs it. Instructions (callgrind) a DSQL `-c 'select 1'` saves, of 766 million:
# - botocore.awsrequest, botocore.httpsession, urllib3: the HTTP request and session classes and urllib3's
#   pools, connections and ssl set-up (urllib3.exceptions alone is imported): about 175 million, with
#   environment keys read without botocore.credentials (TokenProvider._credentials);
# - platform (the User-Agent header), dateutil.parser (timestamps in AWS answers), calendar (a Date header),
#   json (request bodies): about 30 million.
UNUSED_BY_PRESIGNING = ("urllib3", "botocore.awsrequest", "botocore.httpsession", "platform", "dateutil.parser",
                        "calendar", "json")


def _defer_unused_by_botocore() -> None:
    """Before botocore's first import in this process: UNUSED_BY_PRESIGNING, and urllib3.http2 (urllib3's opt-in
    HTTP/2 support, which botocore never turns on, imports importlib.metadata: about 24 million instructions when
    botocore's HTTP layer runs, as it does for a profile's credentials)."""
    if "botocore" in sys.modules:
        return
    from dsqlsh.deferred_imports import defer

    for name in (*UNUSED_BY_PRESIGNING, "urllib3.http2"):  # urllib3 before urllib3.http2: find_spec imports a parent
        defer(name)


class _PresignRequest:
    """What botocore's SigV4QueryAuth reads and writes of a request: botocore.awsrequest.AWSRequest's fields,
    without that module. A GET with no body, as boto3's generate_db_connect_auth_token signs; add_auth moves
    params into the url's query, which is then the whole request (AWSRequest.prepare would return that url)."""

    def __init__(self, url: str, params: dict[str, str], headers: Any) -> None:
        self.method = "GET"
        self.url = url
        self.params = params
        self.headers = headers
        self.data = ""
        self.body = b""
        self.context: dict[str, Any] = {}


def presign(endpoint: Endpoint, action: str, credentials: Any, expires: int) -> str:
    """A DSQL token: the endpoint's URL for action, presigned by botocore's SigV4QueryAuth, without "https://"."""
    _defer_unused_by_botocore()
    from botocore.auth import SigV4QueryAuth
    from botocore.compat import HTTPHeaders

    request = _PresignRequest(f"https://{endpoint.host}/", {"Action": action}, HTTPHeaders())
    SigV4QueryAuth(credentials, "dsql", endpoint.region, expires=expires).add_auth(request)
    return request.url[len("https://"):]


def dsql_params(params: Any, *, region: str | None = None, profile: str | None = None,
                expires: int = DEFAULT_EXPIRES) -> Any:
    """ConnectParams made ready for DSQL when they name a DSQL host; unchanged otherwise.

    The host may come from -h, a conninfo/URI dbname, or PGHOST. For a DSQL host: the user defaults
    to admin and the database to postgres (unless given anywhere libpq would look), TLS defaults to
    verify-full against the system trust store (PGSSLMODE/PGSSLROOTCERT/conninfo can override), and
    a plaintext attempt is never allowed.
    """

    from dsqlsh.connection import conninfo_settings, is_conninfo

    given: dict[str, str] = dict(params.extra)  # a saved connection's sslrootcert (session.params_from)
    if params.dbname is not None and is_conninfo(params.dbname):
        given.update(conninfo_settings(params.dbname))
    for key in ("host", "port", "user"):
        if getattr(params, key) is not None:
            given.setdefault(key, getattr(params, key))  # the conninfo wins, as in psql
    if params.dbname is not None and not is_conninfo(params.dbname):
        given["dbname"] = params.dbname
    host = given.get("host") or os.environ.get("PGHOST")
    endpoint = resolve_endpoint(host, region=region, profile=profile)
    if endpoint is None:
        return params
    given["host"] = endpoint.host
    given.setdefault("user", os.environ.get("PGUSER") or ADMIN)
    given.setdefault("dbname", os.environ.get("PGDATABASE") or "postgres")
    sslmode = given.get("sslmode") or os.environ.get("PGSSLMODE") or "verify-full"
    if sslmode == "disable":
        raise ConnectionFailed(f"{endpoint.host} is an Aurora DSQL endpoint, which accepts only TLS: "
                               "sslmode=disable cannot be used")
    if sslmode in ("allow", "prefer"):
        sslmode = "require"  # both could try plaintext; DSQL never accepts it
    given["sslmode"] = sslmode
    if "sslrootcert" not in given and not os.environ.get("PGSSLROOTCERT"):
        given["sslrootcert"] = "system"
    extra = tuple((k, v) for k, v in given.items() if k not in ("host", "port", "user", "dbname"))
    return params._replace(
        host=given["host"], port=given.get("port"), user=given["user"], dbname=given["dbname"],
        extra=extra, tokens=TokenProvider(endpoint, profile=profile, expires=expires),
    )
