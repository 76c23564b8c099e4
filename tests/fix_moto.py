"""Fixtures for tests of dsqlsh's AWS calls: moto in server mode, a local HTTP server speaking the DSQL control-plane
and CloudWatch APIs, with boto3 pointed at it the way a user would (AWS_ENDPOINT_URL_DSQL, ..._CLOUDWATCH).

Load with `pytest_plugins = ("tests.fix_dsql", "tests.fix_moto")`. Nothing reaches AWS: every service's endpoint
(AWS_ENDPOINT_URL) is the local server, the keys are fixed fakes, the AWS config files are the test's own and
instance metadata is off.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.dsql_standin import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

__all__ = ["MotoServer", "aws_env", "moto_server", "put_dsql_metrics", "start_moto"]


@dataclass
class MotoServer:
    """A moto server process on 127.0.0.1."""

    process: subprocess.Popen[bytes]
    url: str

    def client(self, service: str, region: str, *, key: str = FAKE_ACCESS_KEY, secret: str = FAKE_SECRET_KEY) -> Any:
        """A boto3 client talking to this server, for a test's own setup (creating clusters, putting metrics)."""
        import boto3

        return boto3.client(service, region_name=region, endpoint_url=self.url, aws_access_key_id=key,
                            aws_secret_access_key=secret)

    def reset(self) -> None:
        """Forget every cluster, metric and user."""
        self._post("/moto-api/reset", b"")

    def enforce_iam(self) -> None:
        """From now on every request is checked against IAM: a user's keys, and its policies, must allow it."""
        self._post("/moto-api/reset-auth", b"0")

    def _post(self, path: str, body: bytes) -> None:
        request = urllib.request.Request(self.url + path, data=body, method="POST",
                                         headers={"Content-Type": "text/plain"})
        with urllib.request.urlopen(request, timeout=10):
            pass

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_moto() -> MotoServer:
    """A moto server on a free port, answering once this returns."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = MotoServer(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(server.url + "/moto-api/data.json", timeout=2):
                return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("moto server did not start") from None
            time.sleep(0.1)


@pytest.fixture(scope="session")
def moto_session_server() -> Iterator[MotoServer]:
    try:
        server = start_moto()
    except Exception as exc:  # no AWS API server means no meaningful run of these tests: stop, don't skip
        pytest.exit(f"cannot start the moto server: {exc}", returncode=3)
    yield server
    server.stop()


@pytest.fixture
def moto_server(moto_session_server: MotoServer) -> MotoServer:
    """The session's moto server, emptied for this test."""
    moto_session_server.reset()
    return moto_session_server


def aws_env(server: MotoServer, home: Path, **extra: str) -> dict[str, str]:
    """AWS variables for a dsqlsh process: fake keys, the test's own (empty) config and credentials files, no
    instance metadata, and every AWS endpoint the moto server."""
    config = home / "aws-config"
    credentials = home / "aws-credentials"
    for path in (config, credentials):
        if not path.exists():
            path.write_text("")
    env = {
        "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
        "AWS_CONFIG_FILE": str(config),
        "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ENDPOINT_URL": server.url,
        "AWS_ENDPOINT_URL_DSQL": server.url,
        "AWS_ENDPOINT_URL_CLOUDWATCH": server.url,
    }
    env.update(extra)
    return env


def _usage_dimensions(cluster: str) -> list[dict[str, str]]:
    return [{"Name": "Service", "Value": "AuroraDSQL"}, {"Name": "Type", "Value": "Resource"},
            {"Name": "Resource", "Value": "ClusterConnectionCount"},
            {"Name": "ResourceId", "Value": f"cluster/{cluster}"}, {"Name": "Class", "Value": "None"}]


def put_dsql_metrics(server: MotoServer, cluster: str) -> None:
    """Data points for cluster 50, 30 and 10 minutes ago, as Aurora DSQL publishes them (AWS/AuroraDSQL by
    ClusterId, and the connection count in AWS/Usage), plus another cluster's, which must not show."""
    now = datetime.now(timezone.utc)

    def point(name: str, minutes_ago: int, value: float, of: str = cluster, unit: str = "None") -> dict:
        return {"MetricName": name, "Dimensions": [{"Name": "ClusterId", "Value": of}],
                "Timestamp": now - timedelta(minutes=minutes_ago), "Value": value, "Unit": unit}

    cloudwatch = server.client("cloudwatch", "us-east-1")
    cloudwatch.put_metric_data(Namespace="AWS/AuroraDSQL", MetricData=[
        point("TotalTransactions", 50, 5), point("TotalTransactions", 30, 7), point("TotalTransactions", 10, 9),
        point("ReadDPU", 50, 0.5), point("ReadDPU", 10, 1.25),
        point("WriteDPU", 30, 2),
        point("CommitLatency", 50, 12.5, unit="Milliseconds"), point("CommitLatency", 10, 7.5, unit="Milliseconds"),
        point("OccConflicts", 30, 1),
        point("TotalTransactions", 10, 1000, of="zyxwvutsrqponmlkjihgfedcba"),
    ])
    cloudwatch.put_metric_data(Namespace="AWS/Usage", MetricData=[
        {"MetricName": "ResourceCount", "Dimensions": _usage_dimensions(cluster), "Value": value,
         "Timestamp": now - timedelta(minutes=minutes_ago)} for minutes_ago, value in ((50, 3), (10, 4))
    ])
