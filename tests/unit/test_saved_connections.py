"""Saved connections: reading config.toml (entries, aliases, warnings for what it cannot use) and the precedence
flags > @NAME > PG*/AWS environment > [defaults], through the real parse_args and a temporary XDG_CONFIG_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dsqlsh.cli import parse_args
from dsqlsh.config import Settings
from dsqlsh.errors import DsqlshError, UsageError
from dsqlsh.saved_connections import Entry, config_path, load, merged

CONFIG = """\
[defaults]
region = "eu-west-1"
user = "reader"
dbname = "app"
pager = "always"
vi = true

[connections.prod]
host = "abcdefghijklmnopqrstuvwxyz"
region = "us-east-1"
role = "admin"
profile = "prod-admin"
sslrootcert = "/etc/ssl/dsql.pem"
dsql_check = "strict"
pager = false
style = "monokai"

[connections.local]
host = "/tmp"
port = 5432
database = "postgres"
"""

CONNECTION_ENV = ("PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGDATABASE", "PGSSLROOTCERT", "AWS_PROFILE",
                  "AWS_REGION", "AWS_DEFAULT_REGION")


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """XDG_CONFIG_HOME in a temporary directory, and no connection settings in the environment."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for name in CONNECTION_ENV:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def write(xdg: Path, text: str) -> str:
    path = xdg / "dsqlsh" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def settings(*argv: str) -> Settings:
    parsed = parse_args(list(argv))
    assert isinstance(parsed, Settings)
    return parsed


# ---- the file ----------------------------------------------------------------------------------------------
def test_config_path_follows_xdg(tmp_path: Path):
    assert config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == str(tmp_path / "dsqlsh" / "config.toml")
    home = os.path.expanduser("~")
    assert config_path({}) == os.path.join(home, ".config", "dsqlsh", "config.toml")
    assert config_path({"XDG_CONFIG_HOME": "relative/dir"}) == os.path.join(home, ".config", "dsqlsh", "config.toml")


def test_entries_in_file_order_with_aliases_and_typed_values(xdg: Path):
    saved = load(write(xdg, CONFIG))
    assert saved.warnings == ()
    assert [e.name for e in saved.entries] == ["prod", "local"]
    assert saved.entry("prod") == Entry(name="prod", host="abcdefghijklmnopqrstuvwxyz", region="us-east-1",
                                        user="admin", profile="prod-admin", sslrootcert="/etc/ssl/dsql.pem",
                                        dsql_check="strict", pager="off", style="monokai")
    assert saved.entry("local") == Entry(name="local", host="/tmp", port="5432", dbname="postgres")
    assert saved.defaults == Entry(name="defaults", region="eu-west-1", user="reader", dbname="app", pager="always",
                                   vi=True)


def test_no_file_is_no_entries(xdg: Path):
    saved = load(str(xdg / "dsqlsh" / "config.toml"))
    assert (saved.entries, saved.warnings) == ((), ())
    with pytest.raises(DsqlshError, match=r'no saved connection "prod" in .*config\.toml \(no such file\)$'):
        saved.entry("prod")


def test_broken_file_is_one_warning_with_file_line_and_reason(xdg: Path):
    path = write(xdg, '[connections.prod]\nhost = "x"\nport = \n')
    saved = load(path)
    assert saved.entries == ()
    assert saved.warnings == (f"could not parse {path}, line 3: invalid value; its saved connections are not used",)
    path = write(xdg, "[connections.a]\n[connections.a]\n")
    assert load(path).warnings == (f"could not parse {path}, line 2: cannot declare ('connections', 'a') twice; "
                                   "its saved connections are not used",)
    with pytest.raises(DsqlshError, match=r"\(it has none\)$"):
        load(path).entry("a")


def test_unknown_keys_and_bad_values_warn_and_the_entry_is_still_used(xdg: Path):
    path = write(xdg, '[connection.typo]\n[connections.prod]\nhots = "x"\nhost = "h"\nport = true\nvi = "yes"\n'
                      'dsql_check = "loud"\npager = "sometimes"\nuser = "a"\nrole = "b"\n[defaults]\nregoin = "x"\n')
    saved = load(path)
    assert saved.entry("prod") == Entry(name="prod", host="h", user="a")
    assert saved.warnings == (
        f'{path}: unknown table "connection" ignored (expected [connections.NAME] or [defaults])',
        f'{path}: unknown key "regoin" in [defaults] ignored',
        f'{path}: unknown key "hots" in [connections.prod] ignored',
        f"{path}: port in [connections.prod] must be a port number; ignored",
        f"{path}: vi in [connections.prod] must be true or false; ignored",
        f"{path}: dsql_check in [connections.prod] must be warn, strict, fix or off; ignored",
        f"{path}: pager in [connections.prod] must be on, off, always, true or false; ignored",
        f'{path}: "role" in [connections.prod] repeats user; ignored',
    )


def test_unknown_name_lists_the_known_ones(xdg: Path):
    path = write(xdg, CONFIG)
    with pytest.raises(DsqlshError) as caught:
        load(path).entry("staging")
    assert str(caught.value) == f'no saved connection "staging" in {path} (known: prod, local)'


# ---- precedence ----------------------------------------------------------------------------------------------
def test_merged_takes_flags_then_entry_then_environment_then_defaults():
    flags = Entry(user="flag-user")
    entry = Entry(name="e", user="entry-user", host="entry-host")
    defaults = Entry(user="d-user", host="d-host", dbname="d-db", region="d-region", profile="d-profile")
    assert merged(flags, entry, defaults, {}) == Entry(name="e", user="flag-user", host="entry-host", dbname="d-db",
                                                       region="d-region", profile="d-profile")
    env = {"PGDATABASE": "env-db", "AWS_DEFAULT_REGION": "env-region", "AWS_PROFILE": "env-profile", "PGHOST": "h"}
    # What the environment gives is left None, for libpq and botocore to read; entries still beat it.
    assert merged(flags, entry, defaults, env) == Entry(name="e", user="flag-user", host="entry-host")
    assert merged(Entry(), None, defaults, {"PGUSER": ""}).user == "d-user"  # empty is unset


def test_at_name_and_dash_d_fill_settings(xdg: Path):
    write(xdg, CONFIG)
    s = settings("@prod", "-c", "select 1")
    assert (s.host, s.port, s.user, s.dbname, s.region, s.profile, s.sslrootcert) == (
        "abcdefghijklmnopqrstuvwxyz", None, "admin", "app", "us-east-1", "prod-admin", "/etc/ssl/dsql.pem")
    assert (s.dsql_check, s.style, s.vi, s.psets) == ("strict", "monokai", True, (("pager", "off"),))
    assert settings("-D", "prod") == s._replace(actions=())
    assert settings("-D", "prod", "@prod").host == "abcdefghijklmnopqrstuvwxyz"
    with pytest.raises(UsageError, match='two saved connections given: "@local" and -D "prod"'):
        parse_args(["@local", "-D", "prod"])


def test_flags_win_over_the_entry(xdg: Path):
    write(xdg, CONFIG)
    s = settings("@prod", "mydb", "me", "--region", "eu-central-1", "--profile", "p", "--dsql-check", "warn",
                 "--style", "vim", "-P", "pager=on", "-h", "other")
    assert (s.host, s.user, s.dbname, s.region, s.profile, s.dsql_check, s.style) == (
        "other", "me", "mydb", "eu-central-1", "p", "warn", "vim")
    assert s.psets == (("pager", "off"), ("pager", "on"))  # applied in order: the flag's last


def test_environment_wins_over_defaults_but_not_over_the_entry(xdg: Path, monkeypatch: pytest.MonkeyPatch):
    write(xdg, CONFIG)
    for name, value in (("PGUSER", "env-user"), ("PGDATABASE", "env-db"), ("AWS_REGION", "env-region"),
                        ("AWS_PROFILE", "env-profile")):
        monkeypatch.setenv(name, value)
    s = settings("-c", "select 1")
    assert (s.user, s.dbname, s.region, s.profile) == (None, None, None, "env-profile")  # libpq reads PG*
    s = settings("@local")
    assert (s.host, s.port, s.dbname, s.user, s.region) == ("/tmp", "5432", "postgres", None, None)
    s = settings("@prod")
    assert (s.user, s.dbname, s.region, s.profile) == ("admin", None, "us-east-1", "prod-admin")


def test_defaults_alone_apply_without_a_name(xdg: Path):
    write(xdg, CONFIG)
    s = settings("-c", "select 1")
    assert (s.host, s.user, s.dbname, s.region, s.vi, s.psets) == (None, "reader", "app", "eu-west-1", True,
                                                                    (("pager", "always"),))


def test_no_file_changes_nothing(xdg: Path):
    assert settings("-h", "h", "-c", "select 1") == Settings(host="h", actions=settings("-c", "select 1").actions)


def test_unknown_name_and_local(xdg: Path):
    path = write(xdg, CONFIG)
    with pytest.raises(DsqlshError, match=f'^no saved connection "nope" in {path} \\(known: prod, local\\)$'):
        parse_args(["@nope"])
    with pytest.raises(UsageError, match="--local cannot be combined with a saved connection"):
        parse_args(["--local", "@prod"])
    assert settings("--local").user is None  # [defaults] are for connections the playground does not make


def test_list_connections_prints_through_the_printer(xdg: Path):
    write(xdg, CONFIG)
    assert parse_args(["--list-connections", "-A", "-t"]) == (
        "prod|abcdefghijklmnopqrstuvwxyz|us-east-1|admin||prod-admin\nlocal|/tmp|||postgres|\n")
    assert parse_args(["--list-connections", "--csv"]) == (
        "name,host,region,user,dbname,profile\nprod,abcdefghijklmnopqrstuvwxyz,us-east-1,admin,,prod-admin\n"
        "local,/tmp,,,postgres,\n")
