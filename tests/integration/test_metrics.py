"""\\metrics on a DSQL connection (the stand-in) with the series put into moto's CloudWatch API in server mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fix_dsql import client_env
from tests.fix_moto import MotoServer, aws_env, put_dsql_metrics, start_moto

pytest_plugins = ("tests.fix_dsql", "tests.fix_moto")

CLUSTER = "abcdefghijklmnopqrstuvwxyz"  # the stand-in's cluster id: its endpoint is CLUSTER.dsql.us-east-1.on.aws
TITLE = f"CloudWatch metrics of {CLUSTER} (us-east-1), last 1h by 1m"


@pytest.fixture
def metrics_env(pg, home: Path, dsql_standin, fake_aws_env, moto_server: MotoServer) -> dict[str, str]:
    """A user's shell reaching the stand-in by name and CloudWatch (moto) by AWS_ENDPOINT_URL_CLOUDWATCH."""
    put_dsql_metrics(moto_server, CLUSTER)
    return {**client_env(pg, home, dsql_standin, fake_aws_env), **aws_env(moto_server, home)}


def test_the_last_hour(dsqlsh, metrics_env):
    r = dsqlsh("-X", "-c", "\\metrics", env=metrics_env)
    assert (r.stderr, r.exit_code) == ("", 0)
    assert r.stdout.splitlines() == [
        TITLE,
        "       Metric        | Latest | Min | Max  | Total | Average ",
        "---------------------+--------+-----+------+-------+---------",
        " Total transactions  |      9 |   5 |    9 |    21 |       7",
        " Read DPU            |   1.25 | 0.5 | 1.25 |  1.75 |   0.875",
        " Write DPU           |      2 |   2 |    2 |     2 |       2",
        " Commit latency (ms) |    7.5 | 7.5 | 12.5 |       |      10",
        " OCC conflicts       |      1 |   1 |    1 |     1 |       1",
        " Connections         |      4 |   3 |    4 |       |     3.5",
        "",
    ]


def test_a_shorter_period_and_csv(dsqlsh, metrics_env):
    r = dsqlsh("-X", "--csv", "-c", "\\metrics 15m", env=metrics_env)
    assert (r.stderr, r.exit_code) == ("", 0)
    assert r.stdout == """\
Metric,Latest,Min,Max,Total,Average
Total transactions,9,9,9,9,9
Read DPU,1.25,1.25,1.25,1.25,1.25
Write DPU,,,,,
Commit latency (ms),7.5,7.5,7.5,,7.5
OCC conflicts,,,,,
Connections,4,4,4,,4
"""


def test_a_longer_period_groups_the_points(dsqlsh, metrics_env):
    r = dsqlsh("-X", "-A", "-t", "-c", "\\metrics 1d", env=metrics_env)
    assert (r.stderr, r.exit_code) == ("", 0)
    assert r.stdout.splitlines()[0].startswith("Total transactions|")
    assert r.stdout.splitlines()[0].split("|")[4] == "21"  # every point inside the day, in 24-minute intervals


def test_no_data_says_so(dsqlsh, pg, home: Path, dsql_standin, fake_aws_env, moto_server: MotoServer):
    env = {**client_env(pg, home, dsql_standin, fake_aws_env), **aws_env(moto_server, home)}
    r = dsqlsh("-X", "-A", "-c", "\\metrics 30m", env=env)
    assert (r.stderr, r.exit_code) == ("", 0)
    assert r.stdout == f"""\
CloudWatch metrics of {CLUSTER} (us-east-1), last 30m by 1m
Metric|Latest|Min|Max|Total|Average
Total transactions|||||
Read DPU|||||
Write DPU|||||
Commit latency (ms)|||||
OCC conflicts|||||
Connections|||||
(no data points in the last 30m)
"""


@pytest.mark.parametrize(("command", "message"), [
    ("\\metrics 5x", '\\metrics: invalid period "5x": give a number of minutes, hours or days, such as 15m, 3h or '
                     "1d (at most 90d)"),
    ("\\metrics 100d", '\\metrics: invalid period "100d": give a number of minutes, hours or days, such as 15m, 3h '
                       "or 1d (at most 90d)"),
])
def test_bad_periods(dsqlsh, metrics_env, command, message):
    r = dsqlsh("-X", "-c", command, env=metrics_env)
    assert (r.stdout, r.stderr, r.exit_code) == ("", f"{message}\n", 1)  # terse under -c, as psql's messages


def test_a_plain_postgresql_connection_is_told(dsqlsh, moto_server: MotoServer, home: Path):
    r = dsqlsh("-X", "-c", "\\metrics", env=aws_env(moto_server, home))
    assert r.stdout == ""
    assert r.stderr == ("\\metrics needs a connection to an Aurora DSQL cluster (CloudWatch knows it "
                        "by its cluster id)\n")
    assert r.exit_code == 1


def test_access_denied_names_the_action(dsqlsh, pg, home: Path, make_dsql_standin, fake_aws_env):
    """An IAM user without a policy (moto checking IAM): the line names the action a policy must allow."""
    server = start_moto()
    try:
        key = server.client("iam", "us-east-1").create_user(UserName="reader") and \
            server.client("iam", "us-east-1").create_access_key(UserName="reader")["AccessKey"]
        server.enforce_iam()
        standin = make_dsql_standin(credentials={key["AccessKeyId"]: key["SecretAccessKey"]})
        env = {**client_env(pg, home, standin, fake_aws_env), **aws_env(server, home)}
        env.update(AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"])
        r = dsqlsh("-X", "-c", "select 1 as connected", "-c", "\\metrics", env=env)
    finally:
        server.stop()
    assert r.stdout.startswith(" connected \n-----------\n         1\n")
    assert r.stderr == ("\\metrics: access denied: the AWS credentials in use may not call cloudwatch:GetMetricData "
                        "(an IAM policy must allow it)\n")
    assert r.exit_code == 1
