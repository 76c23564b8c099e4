"""Which file the input history goes to: HISTFILE, or the XDG state directory, never another program's history.

Apart from repl/history.py (which imports prompt_toolkit) because the choice, and the warning it may print,
come before the first prompt is drawn (repl/start.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

__all__ = ["history_file", "history_path", "is_foreign"]


def history_file(histfile: str | None, warn: Callable[[str], None]) -> Path:
    """HISTFILE's path, or the default one after a warning when HISTFILE holds another program's history."""
    path = history_path(histfile)
    if is_foreign(path):
        fallback = history_path(None)
        warn(f'HISTFILE "{path}" holds another program\'s history; using "{fallback}"')
        return fallback
    return path


def history_path(histfile: str | None, env: Mapping[str, str] | None = None) -> Path:
    """HISTFILE if set, else $XDG_STATE_HOME/dsqlsh/history, else ~/.local/state/dsqlsh/history."""
    env = os.environ if env is None else env
    if histfile:
        return Path(os.path.expanduser(histfile))
    state = env.get("XDG_STATE_HOME", "")
    base = Path(state) if state and os.path.isabs(state) else Path(os.path.expanduser("~/.local/state"))
    return base / "dsqlsh" / "history"


def is_foreign(path: Path) -> bool:
    """A file in another format (psql's readline history, say): writing ours into it would spoil it."""
    try:
        with open(path, "rb") as f:
            first = f.readline()
    except OSError:
        return False
    return bool(first.strip()) and not first.startswith((b"#", b"+"))
