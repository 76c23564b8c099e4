"""DSQL endpoints and IAM auth tokens.

A host in DSQL's endpoint form (or a bare cluster id with a region, or a cluster ARN) is a DSQL
cluster; its password is an IAM token presigned by botocore's own SigV4 code with credentials from
the standard AWS chain. botocore is imported only here, and only when a DSQL host is used.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from dsqlsh.errors import ConnectionFailed

__all__ = ["Endpoint", "TokenProvider", "resolve_endpoint", "action_for", "ADMIN"]

ADMIN = "admin"
DEFAULT_EXPIRES = 900  # seconds; the SDKs' default: the token only has to outlive the handshake

# <cluster-id>.dsql[-suffix].<region>.on.aws (the AWS connector's region rule: \.dsql[^.]*\.([^.]+)\.on\.aws$)
ENDPOINT_RE = re.compile(r"^(?P<cluster>[a-z0-9]+)\.dsql[^.]*\.(?P<region>[a-z0-9-]+)\.on\.aws\.?$", re.IGNORECASE)
ARN_RE = re.compile(r"^arn:aws[a-z-]*:dsql:(?P<region>[a-z0-9-]+):\d{12}:cluster/(?P<cluster>[a-z0-9]+)$")
CLUSTER_ID_RE = re.compile(r"^[a-z0-9]{26}$")


@dataclass(frozen=True)
class Endpoint:
    """A DSQL cluster: the host name to connect and sign for, and its region."""

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
    if m := ARN_RE.match(host):
        return Endpoint(f"{m['cluster']}.dsql.{m['region']}.on.aws", m["region"], m["cluster"])
    if CLUSTER_ID_RE.match(host):
        chosen = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") \
            or _profile_region(profile)
        if chosen:
            return Endpoint(f"{host}.dsql.{chosen}.on.aws", chosen, host, given_as_id=True)
    return None


def _profile_region(profile: str | None) -> str | None:
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
        from botocore.auth import SigV4QueryAuth
        from botocore.awsrequest import AWSRequest

        credentials = self._credentials()
        request = AWSRequest(method="GET", url=f"https://{self.endpoint.host}/", params={"Action": action_for(user)})
        SigV4QueryAuth(credentials, "dsql", self.endpoint.region, expires=self.expires).add_auth(request)
        url = request.prepare().url
        return url[len("https://"):]

    def _credentials(self) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        if self.profile is None and self._session is None:
            # botocore's chain asks the environment first unless a profile is named: ask it alone, and spare
            # the session (its import and set-up are about 25 ms of a start-up) when it answers.
            from botocore.credentials import EnvProvider

            from_environment = EnvProvider().load()
            if from_environment is not None:
                return from_environment.get_frozen_credentials()
        import botocore.session

        if self._session is None:
            self._session = botocore.session.Session(profile=self.profile)
        try:
            credentials = self._session.get_credentials()
        except (BotoCoreError, ClientError) as exc:
            raise ConnectionFailed(f"could not get AWS credentials for {self.endpoint.host}: {exc}") from None
        if credentials is None:
            raise ConnectionFailed(
                f"no AWS credentials found for {self.endpoint.host} (set AWS_PROFILE or --profile, "
                "run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
            )
        # Refreshable credentials (SSO, assumed roles) renew here, so each token is signed with live keys.
        return credentials.get_frozen_credentials()


def dsql_params(params: Any, *, region: str | None = None, profile: str | None = None,
                expires: int = DEFAULT_EXPIRES) -> Any:
    """ConnectParams made ready for DSQL when they name a DSQL host; unchanged otherwise.

    The host may come from -h, a conninfo/URI dbname, or PGHOST. For a DSQL host: the user defaults
    to admin and the database to postgres (unless given anywhere libpq would look), TLS defaults to
    verify-full against the system trust store (PGSSLMODE/PGSSLROOTCERT/conninfo can override), and
    a plaintext attempt is never allowed.
    """
    from dataclasses import replace

    from psycopg.conninfo import conninfo_to_dict

    from dsqlsh.connection import is_conninfo

    given: dict[str, str] = dict(params.extra)  # a saved connection's sslrootcert (session.params_from)
    if params.dbname is not None and is_conninfo(params.dbname):
        given.update({k: str(v) for k, v in conninfo_to_dict(params.dbname).items()})
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
    return replace(
        params, host=given["host"], port=given.get("port"), user=given["user"], dbname=given["dbname"],
        extra=extra, tokens=TokenProvider(endpoint, profile=profile, expires=expires),
    )
