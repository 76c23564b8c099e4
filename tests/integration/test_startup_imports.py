"""`dsqlsh -c` loads only what its path uses (start-up time is a tracked figure, see bench/)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.fix_dsql import client_env
from tests.support import clean_env

pytest_plugins = ("tests.fix_dsql",)

ROOT = Path(__file__).resolve().parents[2]

# Never on a plain-PostgreSQL -c: the line editor, the highlighter, SQL parsers, the AWS SDK, and
# psycopg's connection/cursor/type layers (dsqlsh uses libpq through psycopg.pq only), asyncio's event
# loops and importlib.metadata (dsqlsh/libpq.py), nor its conninfo module (libpq parses and checks conninfo
# strings itself: connection.conninfo_settings); nor the TOML parser when there is no config.toml (saved
# connections) and no @NAME; nor dsqlsh.auth when no host can name a DSQL cluster; nor psql's input lexer,
# dsqlsh.scanner (-c sends its text as one query, unscanned, and compiling the lexer's patterns costs ~12M
# instructions); nor typing_extensions (dsqlsh.libpq), nor the signal module, whose enums of every signal cost 1%
# of a start-up (dsqlsh uses its core, _signal).
NOT_ON_THE_C_PATH = ("prompt_toolkit", "pygments", "pglast", "sqlparse", "tabulate", "botocore", "boto3",
                     "psycopg.connection", "psycopg.cursor", "psycopg.types.datetime", "psycopg.types.json",
                     "asyncio.base_events", "importlib.metadata", "psycopg.conninfo", "tomllib", "dsqlsh.auth",
                     "dsqlsh.scanner", "typing_extensions", "signal")


def _imported_by(args: list[str], env: dict[str, str]) -> tuple[str, set[str]]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "dsqlsh", *args], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return done.stdout, modules


def test_c_on_plain_postgresql_loads_only_libpq_and_the_printer(pg, home: Path):
    out, modules = _imported_by(["-X", "-A", "-t", "-c", "select 41 + 1"], clean_env(pg, home))
    assert out == "42\n"
    assert "psycopg.pq.misc" in modules  # (importtime does not list psycopg.pq itself: importlib loads it)
    assert not modules & set(NOT_ON_THE_C_PATH), sorted(modules & set(NOT_ON_THE_C_PATH))


# Modules whose code never runs on that path: argparse (options.py reads the command line), shutil and subprocess
# (only for a terminal or a pager), and the ones deferred_imports defers because libraries import them at their
# top for paths dsqlsh does not take (ssl and ctypes for psycopg; inspect for dataclasses; traceback for logging,
# socket for psycopg's own connect; ipaddress and fnmatch for pathlib, copy for dataclasses), and the ones
# dsqlsh.libpq defers: psycopg.errors until an error, with psycopg._encodings, which imports it, and
# psycopg._compat, which imports typing_extensions (it runs inspect as it loads), and logging until a psycopg
# logger is used.
NOT_RUN_ON_THE_C_PATH = ("argparse", "shutil", "subprocess", "ssl", "ctypes", "ctypes.util", "traceback",
                         "socket", "inspect", "ipaddress", "fnmatch", "copy", "psycopg.errors", "psycopg._encodings",
                         "psycopg._compat", "logging")

_REPORT_RUN_MODULES = """
import atexit, runpy, sys
names = sys.argv[1].split(",")
sys.argv = ["dsqlsh", *sys.argv[2:]]
# A deferred module carries deferred_imports' __getattr__ until its code runs (none of these defines its own).
ran = lambda name: name in sys.modules and "__getattr__" not in vars(sys.modules[name])
atexit.register(lambda: sys.stderr.write("RAN " + ",".join(n for n in names if ran(n)) + "\\n"))
runpy.run_module("dsqlsh", run_name="__main__")
"""


def _run_reporting(names: tuple[str, ...], args: list[str], env: dict[str, str],
                   stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    # Without site (-S), dsqlsh and its packages on PYTHONPATH, as an installed wheel sees them: the development
    # install's import finder (a .pth file site runs) loads pathlib, and so some of these, before dsqlsh starts.
    path = os.pathsep.join((str(ROOT), sysconfig.get_path("purelib")))
    return subprocess.run([sys.executable, "-S", "-c", _REPORT_RUN_MODULES, ",".join(names), *args], input=stdin,
                          capture_output=True, text=True, env={**env, "PYTHONPATH": path}, timeout=60)


def test_c_on_plain_postgresql_runs_no_module_it_does_not_use(pg, home: Path):
    done = _run_reporting(NOT_RUN_ON_THE_C_PATH, ["-X", "-A", "-t", "-c", "select 41 + 1"], clean_env(pg, home))
    assert done.stdout == "42\n"
    assert done.stderr.splitlines()[-1] == "RAN ", done.stderr[-2000:]


# A script's backslash commands (the command table, \if, a pipeline) add none of these either: inspect would run
# for a dataclass without a docstring (tests/unit/test_dataclass_docstrings.py).
NOT_RUN_BY_A_SCRIPT = ("argparse", "ssl", "ctypes", "traceback", "socket", "inspect", "psycopg.errors", "logging")

SCRIPT = """\\set n 2
\\if :{?n}
create temp table t (id int, v text);
\\startpipeline
insert into t values ($1, $2) \\bind 1 'one' \\sendpipeline
insert into t values ($1, $2) \\bind :n 'two' \\sendpipeline
\\endpipeline
\\endif
select count(*) from t;
"""


def test_a_script_with_backslash_commands_runs_no_module_it_does_not_use(pg, home: Path):
    done = _run_reporting(NOT_RUN_BY_A_SCRIPT, ["-X", "-A", "-t", "-q"], clean_env(pg, home), stdin=SCRIPT)
    assert done.stdout == "2\n", done.stderr[-2000:]
    assert done.stderr.splitlines()[-1] == "RAN ", done.stderr[-2000:]


def test_version_loads_no_driver(pg, home: Path):
    out, modules = _imported_by(["--version"], clean_env(pg, home))
    assert out.startswith("dsqlsh")
    assert not {m for m in modules if m.startswith(("psycopg.connection", "prompt_toolkit", "botocore"))}


def test_list_connections_loads_no_driver(pg, home: Path, tmp_path: Path):
    """The shell completions ask it for saved connection names on every <TAB>: it must stay cheap."""
    (tmp_path / "dsqlsh").mkdir()
    (tmp_path / "dsqlsh" / "config.toml").write_text('[connections.prod]\nhost = "h"\n')
    out, modules = _imported_by(["--list-connections", "-A", "-t"], {**clean_env(pg, home),
                                                                     "XDG_CONFIG_HOME": str(tmp_path)})
    assert out == "prod|h||||\n"
    assert "tomllib" in modules
    assert not {m for m in modules if m.startswith(("psycopg", "prompt_toolkit", "botocore", "tabulate"))}


# On DSQL, a -c query the checker has nothing to say about loads neither the SQL grammar (compat/plain.py) nor,
# with keys in the environment, botocore's session and credentials layers (auth.environment_keys reads the keys
# as botocore's EnvProvider does).
NOT_ON_THE_DSQL_QUERY_PATH = ("prompt_toolkit", "pygments", "pglast", "sqlparse", "tabulate", "boto3",
                              "botocore.session", "botocore.client", "botocore.credentials", "botocore.config")


def test_dsql_query_loads_neither_the_grammar_nor_the_aws_session(pg, home: Path, dsql_standin, fake_aws_env):
    env = client_env(pg, home, dsql_standin, fake_aws_env)
    out, modules = _imported_by(["-X", "-A", "-t", "-c", "select current_user"], env)
    assert out == "admin\n"
    assert "botocore.auth" in modules  # the token is still botocore's SigV4
    assert not modules & set(NOT_ON_THE_DSQL_QUERY_PATH), sorted(modules & set(NOT_ON_THE_DSQL_QUERY_PATH))


def test_dsql_statement_the_checker_reads_still_loads_the_grammar(pg, home: Path, dsql_standin, fake_aws_env):
    env = client_env(pg, home, dsql_standin, fake_aws_env)
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "dsqlsh", "-X", "-c",
                           "create temporary table t (a int)"], capture_output=True, text=True, env=env, timeout=60)
    assert "WARNING:  " in done.stderr and "[DSQL-TEMP]" in done.stderr
    assert "pglast" in {line.split("|")[-1].strip() for line in done.stderr.splitlines()
                        if line.startswith("import time:")}


def test_dsql_token_runs_no_http_layer(pg, home: Path, dsql_standin, fake_aws_env):
    """botocore.auth's imports bring botocore's HTTP layer and urllib3 (and ssl through it), which a presigned
    token never uses: auth.UNUSED_BY_PRESIGNING defers them, so their code does not run."""
    from dsqlsh.auth import UNUSED_BY_PRESIGNING

    names = ",".join((*UNUSED_BY_PRESIGNING, "ssl"))
    done = subprocess.run([sys.executable, "-c", _REPORT_RUN_MODULES, names, "-X", "-A", "-t", "-c",
                           "select current_user"], capture_output=True, text=True,
                          env=client_env(pg, home, dsql_standin, fake_aws_env), timeout=60)
    assert done.stdout == "admin\n"
    assert done.stderr.splitlines()[-1] == "RAN ", done.stderr[-2000:]


def test_dsql_token_from_a_profile_loads_no_package_metadata(pg, home: Path, dsql_standin, fake_aws_env):
    """A profile's keys take botocore's session, and with it urllib3, whose HTTP/2 package (never turned on by
    botocore) imports importlib.metadata: deferred (auth._defer_unused_by_botocore)."""
    from tests.dsql_standin import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

    credentials = home / "aws-credentials"
    credentials.write_text(f"[dev]\naws_access_key_id = {FAKE_ACCESS_KEY}\naws_secret_access_key = {FAKE_SECRET_KEY}\n")
    env = client_env(pg, home, dsql_standin, fake_aws_env)
    del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    env.update({"AWS_PROFILE": "dev", "AWS_SHARED_CREDENTIALS_FILE": str(credentials)})
    out, modules = _imported_by(["-X", "-A", "-t", "-c", "select current_user"], env)
    assert out == "admin\n"
    assert "botocore.session" in modules  # the whole chain, for the profile
    assert "importlib.metadata" not in modules
