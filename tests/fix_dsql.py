"""Fixtures for tests against the DSQL stand-in: fake AWS credentials, a stand-in in front of `pg`, tokens.

Load with `pytest_plugins = ("tests.fix_dsql",)` in a test module.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.dsql_standin import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, DsqlStandIn, ensure_roles
from tests.pgserver import PgServer
from tests.support import clean_env

__all__ = ["client_env", "dsql_env", "dsql_roles", "dsql_standin", "dsql_strict_standin", "fake_aws_env",
           "make_dsql_standin"]

DSQL_ROLES = ["admin", "app"]


@pytest.fixture
def fake_aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """The stand-in's fake credentials in os.environ, and nothing else of AWS (no profile, files, metadata).

    Returns the variables set, to pass on to a subprocess (tests.support.clean_env drops every AWS_*).
    """
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    env = {
        "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
        "AWS_CONFIG_FILE": str(tmp_path / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture(scope="session")
def dsql_roles(pg: PgServer) -> PgServer:
    """The session's PostgreSQL with DSQL's `admin` (superuser there) and a custom role `app`."""
    ensure_roles(pg, DSQL_ROLES)
    return pg


@pytest.fixture
def make_dsql_standin(dsql_roles: PgServer) -> Iterator[Callable[..., DsqlStandIn]]:
    """make(max_age=..., cluster_id=..., enforce_dsql=..., ...) -> a started DsqlStandIn in front of `pg`, stopped
    after the test."""
    started: list[DsqlStandIn] = []

    def make(**kwargs) -> DsqlStandIn:
        standin = DsqlStandIn(dsql_roles.host, dsql_roles.port, **kwargs).start()
        started.append(standin)
        return standin

    yield make
    for standin in started:
        standin.stop()


@pytest.fixture
def dsql_standin(make_dsql_standin: Callable[..., DsqlStandIn]) -> DsqlStandIn:
    """A stand-in for abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws with no age limit."""
    return make_dsql_standin()


@pytest.fixture
def dsql_strict_standin(make_dsql_standin: Callable[..., DsqlStandIn]) -> DsqlStandIn:
    """The same stand-in behaving as DSQL does (enforce_dsql=True): its refusals, CREATE INDEX ASYNC, and the
    3,000-row cap on a transaction. make_dsql_standin(enforce_dsql=True, row_cap=n) for another cap."""
    return make_dsql_standin(enforce_dsql=True)


@pytest.fixture
def dsql_env(dsql_standin: DsqlStandIn, fake_aws_env: dict[str, str]) -> dict[str, str]:
    """Environment for a client process: libpq reaches the stand-in by name, with its CA, and fake AWS creds."""
    return {
        **fake_aws_env,
        "PGHOST": dsql_standin.endpoint,
        "PGHOSTADDR": "127.0.0.1",
        "PGPORT": str(dsql_standin.port),
        "PGSSLROOTCERT": dsql_standin.ca_path,
    }


def client_env(pg: PgServer, home: Path, standin: DsqlStandIn, fake_aws_env: dict[str, str]) -> dict[str, str]:
    """A dsqlsh process's environment as a user's shell would hold it: the endpoint by name (reached at
    127.0.0.1), its CA, fake AWS keys, and no PGUSER/PGDATABASE so DSQL's defaults apply."""
    env = clean_env(pg, home)
    for name in ("PGUSER", "PGDATABASE"):
        env.pop(name, None)
    env.update(fake_aws_env)
    env.update({"PGHOST": standin.endpoint, "PGHOSTADDR": "127.0.0.1", "PGPORT": str(standin.port),
                "PGSSLROOTCERT": standin.ca_path})
    return env
