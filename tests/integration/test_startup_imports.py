"""`dsqlsh -c` loads only what its path uses (start-up time is a tracked figure, see bench/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support import clean_env

# Never on a plain-PostgreSQL -c: the line editor, the highlighter, SQL parsers, the AWS SDK, and
# psycopg's connection/cursor/type layers (dsqlsh uses libpq through psycopg.pq only), asyncio's event
# loops and importlib.metadata (dsqlsh/libpq.py).
NOT_ON_THE_C_PATH = ("prompt_toolkit", "pygments", "pglast", "sqlparse", "tabulate", "botocore", "boto3",
                     "psycopg.connection", "psycopg.cursor", "psycopg.types.datetime", "psycopg.types.json",
                     "asyncio.base_events", "importlib.metadata")


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


def test_version_loads_no_driver(pg, home: Path):
    out, modules = _imported_by(["--version"], clean_env(pg, home))
    assert out.startswith("dsqlsh")
    assert not {m for m in modules if m.startswith(("psycopg.connection", "prompt_toolkit", "botocore"))}
