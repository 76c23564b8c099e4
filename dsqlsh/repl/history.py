"""Input history: a 0600 file in the XDG state directory that never receives a secret.

HISTFILE (the psql variable, not bash's environment variable) picks the file; HISTCONTROL's
ignorespace/ignoredups work as in psql. A line that holds a password, an IAM token or a secret
variable is kept neither on disk nor in the session's list.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from prompt_toolkit.history import FileHistory

__all__ = ["ShellHistory", "holds_secret", "should_keep"]

FILE_MODE = 0o600
DIR_MODE = 0o700

_SECRETS = [
    re.compile(r"\\password\b"),
    re.compile(r"\b(ROLE|USER|GROUP)\b.*\bPASSWORD\b", re.I | re.S),  # CREATE/ALTER ROLE ... PASSWORD
    re.compile(r"\bpassword\s*=", re.I),  # a conninfo's password=
    re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.I),  # a URI with user:password@
    re.compile(r"X-Amz-(Signature|Credential|Security-Token)|Action=DbConnect", re.I),  # an IAM token
    re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),  # an AWS access key id
    re.compile(r"\\(set|setenv)\s+\S*(pass|pwd|secret|token|credential|key)", re.I),
]


def holds_secret(text: str) -> bool:
    """Whether text holds a password, an IAM token, or sets a variable named like a secret."""
    return any(p.search(text) for p in _SECRETS)


def should_keep(text: str, control: str, previous: str | None) -> bool:
    """psql's HISTCONTROL (ignorespace, ignoredups, ignoreboth) plus the secret rule; blank input is dropped."""
    if not text.strip() or holds_secret(text):
        return False
    if control in ("ignorespace", "ignoreboth") and text[:1].isspace():
        return False
    if control in ("ignoredups", "ignoreboth") and text == previous:
        return False
    return True


class ShellHistory(FileHistory):
    """prompt_toolkit's FileHistory, filtered by should_keep and written with mode 0600."""

    def __init__(self, path: Path, control: Callable[[], str]) -> None:
        super().__init__(str(path))
        self.path = path
        self.control = control
        self.paused = False  # COPY data lines are not history

    def append_string(self, string: str) -> None:
        if self.paused:
            return
        strings = self.get_strings()
        previous = strings[-1] if strings else None
        if should_keep(string, self.control(), previous):
            super().append_string(string)

    def store_string(self, string: str) -> None:
        try:
            self.path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        except OSError:
            return  # psql, too, goes on without history it cannot write
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as f:
            if os.fstat(fd).st_mode & 0o077:
                os.fchmod(fd, FILE_MODE)  # an older file readable by others: close that gap
            from datetime import datetime

            f.write(f"\n# {datetime.now()}\n")
            for line in string.split("\n"):
                f.write(f"+{line}\n")
