"""DSQL endpoints, token kinds and token shape; signed with fixed fake keys, nothing leaves the machine."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dsqlsh.auth import TokenProvider, action_for, resolve_endpoint
from dsqlsh.connection import ConnectParams

CLUSTER = "abcdefghijklmnopqrstuvwxyz"


@pytest.fixture
def fake_aws(monkeypatch, tmp_path):
    """Fixed fake credentials, and nothing from this machine's AWS setup."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "PGHOST", "PGUSER",
                 "PGDATABASE", "PGSSLMODE", "PGSSLROOTCERT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.mark.parametrize(
    ("host", "region", "expected"),
    [
        (f"{CLUSTER}.dsql.us-east-1.on.aws", None, (f"{CLUSTER}.dsql.us-east-1.on.aws", "us-east-1")),
        (f"{CLUSTER}.dsql-abcd.eu-west-2.on.aws", None, (f"{CLUSTER}.dsql-abcd.eu-west-2.on.aws", "eu-west-2")),
        (f"{CLUSTER.upper()}.DSQL.US-EAST-1.ON.AWS", None, (f"{CLUSTER}.dsql.us-east-1.on.aws", "us-east-1")),
        (f"arn:aws:dsql:ap-southeast-2:123456789012:cluster/{CLUSTER}", None,
         (f"{CLUSTER}.dsql.ap-southeast-2.on.aws", "ap-southeast-2")),
        (CLUSTER, "us-west-2", (f"{CLUSTER}.dsql.us-west-2.on.aws", "us-west-2")),
    ],
)
def test_dsql_endpoints(host, region, expected, fake_aws):
    endpoint = resolve_endpoint(host, region=region)
    assert endpoint is not None
    assert (endpoint.host, endpoint.region) == expected


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "/tmp", "db.example.com", "x.dsql.on.aws", None])
def test_other_hosts_are_plain_postgresql(host, fake_aws):
    assert resolve_endpoint(host) is None


def test_bare_cluster_id_uses_aws_region(monkeypatch, fake_aws):
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    assert resolve_endpoint(CLUSTER).host == f"{CLUSTER}.dsql.eu-central-1.on.aws"


def test_action_follows_the_role():
    assert action_for("admin") == "DbConnectAdmin"
    assert action_for("app") == "DbConnect"
    assert action_for("Admin") == "DbConnect"


def test_token_shape_and_freshness(fake_aws):
    provider = TokenProvider(resolve_endpoint(f"{CLUSTER}.dsql.us-east-1.on.aws"), expires=300)
    token = provider.token("admin")
    host, _, query = token.partition("/?")
    assert host == f"{CLUSTER}.dsql.us-east-1.on.aws"
    params = parse_qs(query)
    assert params["Action"] == ["DbConnectAdmin"]
    assert params["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert params["X-Amz-Expires"] == ["300"]
    assert params["X-Amz-Credential"][0].startswith("AKIDEXAMPLE/")
    assert params["X-Amz-Credential"][0].endswith("/us-east-1/dsql/aws4_request")
    assert len(params["X-Amz-Signature"][0]) == 64
    assert parse_qs(urlsplit("https://" + provider.token("app")).query)["Action"] == ["DbConnect"]


def test_token_matches_botocore_client(fake_aws):
    """Same keys, same second: our token and boto3's generate_db_connect_admin_auth_token are identical."""
    import botocore.session

    endpoint = resolve_endpoint(f"{CLUSTER}.dsql.us-east-1.on.aws")
    client = botocore.session.Session().create_client("dsql", region_name="us-east-1")
    for _ in range(3):  # a second boundary between the two may split them; retry
        ours = TokenProvider(endpoint).token("admin")
        theirs = client.generate_db_connect_admin_auth_token(endpoint.host, "us-east-1")
        if ours == theirs:
            return
    assert ours == theirs


def test_missing_credentials_is_a_clear_error(monkeypatch, fake_aws):
    from dsqlsh.errors import ConnectionFailed

    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    provider = TokenProvider(resolve_endpoint(f"{CLUSTER}.dsql.us-east-1.on.aws"))
    with pytest.raises(ConnectionFailed, match="no AWS credentials found"):
        provider.token("admin")


def test_dsql_defaults_user_database_and_tls(fake_aws):
    from dsqlsh.auth import dsql_params

    params = dsql_params(ConnectParams(host=f"{CLUSTER}.dsql.us-east-1.on.aws"))
    assert (params.user, params.dbname) == ("admin", "postgres")
    assert dict(params.extra) == {"sslmode": "verify-full", "sslrootcert": "system"}
    assert params.is_dsql
    assert "X-Amz" not in params.conninfo()


def test_dsql_never_plaintext(monkeypatch, fake_aws):
    from dsqlsh.auth import dsql_params
    from dsqlsh.errors import ConnectionFailed

    monkeypatch.setenv("PGSSLMODE", "prefer")
    params = dsql_params(ConnectParams(host=f"{CLUSTER}.dsql.us-east-1.on.aws"))
    assert dict(params.extra)["sslmode"] == "require"
    monkeypatch.setenv("PGSSLMODE", "disable")
    with pytest.raises(ConnectionFailed, match="accepts only TLS"):
        dsql_params(ConnectParams(host=f"{CLUSTER}.dsql.us-east-1.on.aws"))


def test_plain_hosts_are_left_to_libpq(fake_aws):
    from dsqlsh.auth import dsql_params

    params = ConnectParams(host="127.0.0.1", port="5432")
    assert dsql_params(params) is params


@pytest.mark.parametrize(
    ("settings", "pghost"),
    [
        ({"host": f"{CLUSTER}.dsql.us-east-1.on.aws"}, None),
        ({"host": f"{CLUSTER.upper()}.DSQL-ABCD.US-EAST-1.ON.AWS"}, None),
        ({"host": f"arn:aws:dsql:ap-southeast-2:123456789012:cluster/{CLUSTER}"}, None),
        ({"host": CLUSTER, "region": "us-west-2"}, None),
        ({"dbname": f"host={CLUSTER}.dsql.us-east-1.on.aws dbname=postgres"}, None),
        ({"dbname": f"postgresql://admin@{CLUSTER}:5432/postgres", "region": "us-west-2"}, None),
        ({}, f"{CLUSTER}.dsql.us-east-1.on.aws"),
    ],
)
def test_every_way_of_naming_a_cluster_gets_tokens(settings, pghost, monkeypatch, fake_aws):
    """params_from skips the DSQL rules for hosts that cannot name a cluster: none that can may be skipped."""
    from dsqlsh.config import Settings
    from dsqlsh.session import params_from

    if pghost:
        monkeypatch.setenv("PGHOST", pghost)
    assert params_from(Settings(**settings)).is_dsql


@pytest.mark.parametrize("host", ["localhost", "/tmp/dsqlsh-pg-x", "db.example.com", "abcdefghijklmnopqrstuvwxyz0"])
def test_plain_hosts_get_no_tokens(host, fake_aws):
    from dsqlsh.config import Settings
    from dsqlsh.session import params_from

    assert not params_from(Settings(host=host, region="us-west-2")).is_dsql


KEYS = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""},
        KEYS,
        {**KEYS, "AWS_SESSION_TOKEN": "FAKE/session+token=="},
        {**KEYS, "AWS_SECURITY_TOKEN": "FAKE/security", "AWS_SESSION_TOKEN": "FAKE/session"},
        {**KEYS, "AWS_SECURITY_TOKEN": "", "AWS_SESSION_TOKEN": "FAKE/session"},
        {**KEYS, "AWS_SESSION_TOKEN": ""},
        {**KEYS, "AWS_ACCOUNT_ID": "123456789012"},
        {**KEYS, "AWS_CREDENTIAL_EXPIRATION": ""},
        {**KEYS, "AWS_CREDENTIAL_EXPIRATION": "2099-01-01T00:00:00Z"},
        {**KEYS, "AWS_PROFILE": "dev"},
        {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE"},
        {"AWS_SECRET_ACCESS_KEY": KEYS["AWS_SECRET_ACCESS_KEY"]},
    ],
)
def test_environment_keys_are_botocores_answer(environ):
    """auth.environment_keys reads the environment without botocore.credentials (start-up time): where it answers,
    the answer is botocore's EnvProvider's; where botocore would raise or refresh, it leaves the question to it."""
    from botocore.credentials import EnvProvider
    from botocore.exceptions import PartialCredentialsError

    from dsqlsh.auth import environment_keys

    ours = environment_keys(environ)
    try:
        theirs = EnvProvider(environ=environ).load()
    except PartialCredentialsError:
        assert ours is None
        return
    if ours is None:
        assert theirs is None or getattr(theirs, "refresh_needed", None) is not None  # nothing, or refreshable
    else:
        assert type(theirs).__name__ == "Credentials"  # plain keys, not refreshable ones
        frozen = theirs.get_frozen_credentials()
        assert tuple(ours) == (frozen.access_key, frozen.secret_key, frozen.token)

