"""Helpers shared by test modules: what a command-line run returns, and a clean environment for it.

Import these from test modules and fixture plugins; conftest.py holds only fixtures and hooks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tests.pgserver import PgServer

__all__ = ["ROOT", "Run", "clean_env"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    """What a user would see from one command: stdout, stderr, exit code."""

    stdout: str
    stderr: str
    exit_code: int


def clean_env(pg: PgServer, home: Path) -> dict[str, str]:
    """An environment with only what a test means to set: no user PG*/PSQL* settings leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "PSQL", "AWS_"))}
    env.update(pg.env)
    env["HOME"] = str(home)
    env.pop("XDG_CONFIG_HOME", None)  # a user's saved connections ([defaults] in config.toml) must not leak in
    env["PAGER"] = "cat"
    env.pop("COLUMNS", None)
    return env
