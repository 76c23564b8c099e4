"""Where dsqlsh's IAM tokens get their keys, against the DSQL stand-in: botocore's chain as the AWS CLI resolves it
(environment keys, profiles in the shared files, credential_process), and a clear error when there are none.

The stand-in knows the fake environment keys and, here, a profile's own fake keys: which key signed a connection
is what it records (event "connect", access_key).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.dsql_standin import FAKE_ACCESS_KEY, FAKE_CREDENTIALS
from tests.fix_dsql import client_env
from tests.support import Run

pytest_plugins = ("tests.fix_dsql",)

PROFILE_ACCESS_KEY = "AKIDPROFILEEXAMPLE"
PROFILE_SECRET_KEY = "profileSecretKeyEXAMPLEKEYwJalrXUtnFEMI/K7M"
PROCESS_ACCESS_KEY = "AKIDPROCESSEXAMPLE"
PROCESS_SECRET_KEY = "processSecretKeyEXAMPLEKEYwJalrXUtnFEMI/K7M"
NO_KEYS = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}  # "" drops the variable


@pytest.fixture
def standin(make_dsql_standin):
    return make_dsql_standin(credentials={**FAKE_CREDENTIALS, PROFILE_ACCESS_KEY: PROFILE_SECRET_KEY,
                                          PROCESS_ACCESS_KEY: PROCESS_SECRET_KEY})


@pytest.fixture
def aws_files(fake_aws_env, tmp_path: Path) -> None:
    """The shared files the fake environment names: a profile `dev` with its own keys, and a profile `proc`
    whose keys come from a credential_process (a Python one-liner printing them)."""
    Path(fake_aws_env["AWS_SHARED_CREDENTIALS_FILE"]).write_text(
        f"[dev]\naws_access_key_id = {PROFILE_ACCESS_KEY}\naws_secret_access_key = {PROFILE_SECRET_KEY}\n")
    answer = f'{{"Version": 1, "AccessKeyId": "{PROCESS_ACCESS_KEY}", "SecretAccessKey": "{PROCESS_SECRET_KEY}"}}'
    script = tmp_path / "credentials.py"
    script.write_text(f"print({answer!r})\n")
    config = f"[profile proc]\ncredential_process = {sys.executable} {script}\n"
    Path(fake_aws_env["AWS_CONFIG_FILE"]).write_text(config)


@pytest.fixture
def run(pg, home, tmp_path, fake_aws_env, aws_files):
    def run(standin, *args: str, **env: str) -> Run:
        environ = client_env(pg, home, standin, fake_aws_env)
        for name, value in env.items():
            if value:
                environ[name] = value
            else:
                environ.pop(name, None)
        p = subprocess.run([sys.executable, "-m", "dsqlsh", "-XAt", *args], capture_output=True, text=True,
                           env=environ, cwd=tmp_path, timeout=60)
        return Run(p.stdout, p.stderr, p.returncode)

    return run


def signed_with(standin) -> list[str]:
    return [e["access_key"] for e in standin.events.of("connect", ok=True)]


def test_environment_keys(run, standin):
    r = run(standin, "-c", "select current_user")
    assert (r.stdout, r.stderr, r.exit_code) == ("admin\n", "", 0)
    assert signed_with(standin) == [FAKE_ACCESS_KEY]


def test_aws_profile_from_the_shared_credentials_file(run, standin):
    r = run(standin, "-c", "select current_user", **NO_KEYS, AWS_PROFILE="dev")
    assert (r.stdout, r.stderr, r.exit_code) == ("admin\n", "", 0)
    assert signed_with(standin) == [PROFILE_ACCESS_KEY]


@pytest.mark.parametrize("named_by", ["--profile", "AWS_PROFILE"])
def test_a_named_profile_wins_over_environment_keys(run, standin, named_by):
    """--profile, or AWS_PROFILE in its place (usage: "default: AWS_PROFILE"), is botocore's explicit profile: its
    keys sign, not the environment's."""
    if named_by == "--profile":
        r = run(standin, "--profile", "dev", "-c", "select 1")
    else:
        r = run(standin, "-c", "select 1", AWS_PROFILE="dev")
    assert (r.stdout, r.exit_code) == ("1\n", 0)
    assert signed_with(standin) == [PROFILE_ACCESS_KEY]


@pytest.mark.parametrize(("case", "env", "key"), [
    ("environment keys and a session token", {"AWS_SESSION_TOKEN": "FAKE/session+token=="}, FAKE_ACCESS_KEY),
    ("environment keys with a future expiry", {"AWS_CREDENTIAL_EXPIRATION": "2099-01-01T00:00:00Z"}, FAKE_ACCESS_KEY),
    ("a profile's credential_process", {**NO_KEYS, "AWS_PROFILE": "proc"}, PROCESS_ACCESS_KEY),
])
def test_which_keys_sign(run, standin, case, env, key):
    r = run(standin, "-c", "select 1", **env)
    assert (r.stdout, r.stderr, r.exit_code) == ("1\n", "", 0), case
    assert signed_with(standin) == [key]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (NO_KEYS, "no AWS credentials found for {host} (set AWS_PROFILE or --profile, run `aws sso login`, "
                  "or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"),
        ({"AWS_SECRET_ACCESS_KEY": ""},
         "could not get AWS credentials for {host}: Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY"),
        ({"AWS_CREDENTIAL_EXPIRATION": "2020-01-01T00:00:00Z"},
         "could not get AWS credentials for {host}: Credentials were refreshed, but the refreshed credentials are "
         "still expired."),
        ({**NO_KEYS, "AWS_PROFILE": "nosuch"},
         "could not get AWS credentials for {host}: The config profile (nosuch) could not be found"),
    ],
    ids=["none", "partial", "expired", "unknown-profile"],
)
def test_no_usable_credentials_is_one_clear_line(run, standin, env, message):
    r = run(standin, "-c", "select 1", **env)
    assert (r.stdout, r.stderr, r.exit_code) == ("", f"dsqlsh: error: {message.format(host=standin.endpoint)}\n", 2)
    assert not standin.events.of("connect")
