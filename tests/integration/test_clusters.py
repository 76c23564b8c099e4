"""`dsqlsh --list-clusters`, `\\clusters`, and the region hint when a cluster id does not resolve: against moto's
DSQL control-plane API in server mode, with clusters created through that API."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest

from tests.dsql_standin import FAKE_ACCESS_KEY, FAKE_SECRET_KEY
from tests.fix_moto import MotoServer, aws_env

pytest_plugins = ("tests.fix_moto",)

HEADER = "Identifier,Name,Status,Endpoint,Region,Peers,Witness,Deletion protection,Created"


def _created_rows(server: MotoServer, region: str, count: int) -> dict[str, list[str]]:
    """count clusters made in region (the first named "prod", deletion protection on), as --csv shows them."""
    client = server.client("dsql", region)
    rows = {}
    for n in range(count):
        made = client.create_cluster(deletionProtectionEnabled=n == 0, tags={"Name": "prod"} if n == 0 else {})
        seen = client.get_cluster(identifier=made["identifier"])  # as ListClusters' caller will find it
        rows[made["identifier"]] = [
            made["identifier"], "prod" if n == 0 else "", seen["status"], seen["endpoint"], region, "", "",
            "yes" if n == 0 else "no",
            made["creationTime"].astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00"),
        ]
    return rows


def test_every_cluster_is_listed_across_pages(dsqlsh, moto_server: MotoServer, home: Path):
    created = _created_rows(moto_server, "us-east-1", 105)
    first_page = moto_server.client("dsql", "us-east-1").list_clusters()
    assert len(first_page["clusters"]) < 105 and first_page.get("nextToken")  # the API does page them
    r = dsqlsh("--list-clusters", "--region", "us-east-1", "--csv", env=aws_env(moto_server, home))
    assert (r.stderr, r.exit_code) == ("", 0)
    lines = r.stdout.splitlines()
    assert lines[0] == HEADER
    listed = list(csv.reader(io.StringIO("\n".join(lines[1:]))))
    assert listed == [created[identifier] for identifier in sorted(created)]


def test_aligned_listing_reads_like_psql(dsqlsh, moto_server: MotoServer, home: Path):
    created = _created_rows(moto_server, "us-east-1", 2)
    r = dsqlsh("--list-clusters", "--region", "us-east-1", env=aws_env(moto_server, home))
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].strip() == "List of clusters"
    assert [c.strip() for c in lines[1].split("|")] == HEADER.split(",")
    assert lines[-2:] == ["(2 rows)", ""]
    cells = [[c.strip() for c in line.split("|")] for line in lines[3:5]]
    assert cells == [created[identifier] for identifier in sorted(created)]


def test_printing_flags_apply(dsqlsh, moto_server: MotoServer, home: Path):
    created = _created_rows(moto_server, "us-east-1", 1)
    (identifier, row), = created.items()
    r = dsqlsh("--list-clusters", "--region", "us-east-1", "-A", "-t", env=aws_env(moto_server, home))
    assert (r.stdout, r.exit_code) == ("|".join(row) + "\n", 0)
    r = dsqlsh("--list-clusters", "--region", "us-east-1", "-x", env=aws_env(moto_server, home))
    assert r.stdout.startswith("List of clusters\n-[ RECORD 1 ]") and f"{'Identifier':<19} | {identifier}\n" in r.stdout


def test_region_comes_from_the_profile(dsqlsh, moto_server: MotoServer, home: Path):
    east2 = _created_rows(moto_server, "us-east-2", 1)
    _created_rows(moto_server, "us-east-1", 1)
    (home / "aws-config").write_text("[profile work]\nregion = us-east-2\n")
    # A profile named on the command line takes its keys from the files, not the environment (botocore's rule).
    (home / "aws-credentials").write_text(f"[work]\naws_access_key_id = {FAKE_ACCESS_KEY}\n"
                                          f"aws_secret_access_key = {FAKE_SECRET_KEY}\n")
    r = dsqlsh("--list-clusters", "--profile", "work", "-A", "-t", env=aws_env(moto_server, home))
    assert (r.stdout, r.exit_code) == ("|".join(next(iter(east2.values()))) + "\n", 0)


def test_no_clusters_is_an_empty_list(dsqlsh, moto_server: MotoServer, home: Path):
    r = dsqlsh("--list-clusters", "--region", "us-east-2", "--csv", env=aws_env(moto_server, home))
    assert (r.stdout, r.stderr, r.exit_code) == (HEADER + "\n", "", 0)


@pytest.mark.parametrize(("args", "extra_env", "message"), [
    (["--region", "us-east-1"], {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""},
     "no AWS credentials found (set AWS_PROFILE or --profile, run `aws sso login`, or export "
     "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"),
    (["--region", "xx-fake-1"], {}, 'unknown region "xx-fake-1"'),
    (["--region", "us east 1"], {}, 'unknown region "us east 1"'),
    ([], {}, "no AWS region: give --region, set AWS_REGION, or set a region in the AWS profile"),
    (["--region", "us-east-1", "--profile", "nope"], {},
     'AWS profile "nope" not found (in ~/.aws/config or ~/.aws/credentials)'),
], ids=["no-credentials", "unknown-region", "malformed-region", "no-region", "no-profile"])
def test_errors_are_one_line(dsqlsh, moto_server: MotoServer, home: Path, args, extra_env, message):
    env = aws_env(moto_server, home)
    env.update(extra_env)
    r = dsqlsh("--list-clusters", *args, env={k: v for k, v in env.items() if v})
    assert (r.stdout, r.stderr, r.exit_code) == ("", f"dsqlsh: error: {message}\n", 1)


def test_credentials_aws_does_not_know(dsqlsh, home: Path):
    """Keys the API has never issued (moto checking IAM): refused in one line, not a traceback."""
    from tests.fix_moto import start_moto

    server = start_moto()
    try:
        server.enforce_iam()
        r = dsqlsh("--list-clusters", "--region", "us-east-1", env=aws_env(server, home))
    finally:
        server.stop()
    assert r.stdout == ""
    assert r.stderr == ("dsqlsh: error: AWS did not accept the credentials (InvalidClientTokenId): check the keys, "
                        "or run `aws sso login`\n")
    assert r.exit_code == 1


def test_clusters_in_the_shell(dsqlsh, moto_server: MotoServer, home: Path):
    created = _created_rows(moto_server, "us-east-2", 2)
    r = dsqlsh("-X", "--csv", "-c", "\\clusters us-east-2", "-c", "\\clusters",
               env=aws_env(moto_server, home))
    rows = [",".join(created[identifier]) for identifier in sorted(created)]
    assert r.stdout == "\n".join([HEADER, *rows, ""])
    # (messages lose the "dsqlsh: error:" prefix once a -c has run, as psql's do)
    assert r.stderr == "\\clusters: no AWS region: give --region, set AWS_REGION, or set a region in the AWS profile\n"
    assert r.exit_code == 1


def test_clusters_in_the_shell_take_the_region_flag(dsqlsh, moto_server: MotoServer, home: Path):
    _created_rows(moto_server, "us-east-2", 3)
    r = dsqlsh("-X", "--region", "us-east-2", "-c", "\\clusters", env=aws_env(moto_server, home))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.endswith("(3 rows)\n\n")


# ---- the wrong region for a cluster id --------------------------------------------------------------------------

def test_a_cluster_id_in_another_configured_region_is_named(dsqlsh, moto_server: MotoServer, home: Path):
    identifier = moto_server.client("dsql", "us-east-2").create_cluster(deletionProtectionEnabled=False)["identifier"]
    (home / "aws-config").write_text("[default]\nregion = us-east-1\n[profile other]\nregion = us-east-2\n")
    r = dsqlsh("-X", "-h", identifier, "-c", "select 1", env=aws_env(moto_server, home))
    assert r.stderr == f"dsqlsh: error: cluster {identifier} is in us-east-2, not us-east-1: add --region us-east-2\n"
    assert (r.stdout, r.exit_code) == ("", 2)
    # Named by its endpoint in the wrong region: the endpoint to use instead.
    r = dsqlsh("-X", "-h", f"{identifier}.dsql.us-east-1.on.aws", "-c", "select 1", env=aws_env(moto_server, home))
    assert r.stderr == (f"dsqlsh: error: cluster {identifier} is in us-east-2, not us-east-1: connect to "
                        f"{identifier}.dsql.us-east-2.on.aws\n")


def test_a_cluster_id_found_nowhere_keeps_the_dns_error(dsqlsh, moto_server: MotoServer, home: Path):
    moto_server.client("dsql", "us-east-2").create_cluster(deletionProtectionEnabled=False)
    r = dsqlsh("-X", "-h", "abcdefghijklmnopqrstuvwxyz", "--region", "us-east-1", "-c", "select 1",
               env=aws_env(moto_server, home, AWS_DEFAULT_REGION="us-east-2"))
    assert r.stderr.startswith('dsqlsh: error: could not translate host name '
                               '"abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws" to address')
    assert r.exit_code == 2
