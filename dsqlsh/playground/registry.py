"""Who uses a playground: a lock for starting and stopping, and one locked file per running dsqlsh.

Every dsqlsh on a playground holds an exclusive flock(2) on its own file in clients/ for as long as it
runs. The kernel drops that lock when the process ends, however it ends (SIGKILL included), so a client
file nobody holds a lock on belongs to a dead dsqlsh and is removed. That is the liveness check: no pid
is ever trusted (pids are reused, a container restart reuses them all). The pid in each file's name and
content is for people reading the directory.

Joining, leaving and counting happen under playground.lock, so a dsqlsh that is starting the server and
one that is stopping it never interleave: the last one out stops the server, and only when nobody
joined in the meantime.
"""

from __future__ import annotations

import errno
import fcntl
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dsqlsh.errors import DsqlshError

__all__ = ["Registry", "Ticket"]

LOCK_WAIT = 120.0  # seconds: another dsqlsh may be running initdb (a few seconds) or a slow stop


@dataclass
class Ticket:
    """One dsqlsh's membership: the open, locked client file (closing it is leaving)."""

    path: Path
    fd: int


class Registry:
    """The client files and the start/stop lock of one playground directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.clients = root / "clients"
        self.lock_path = root / "playground.lock"

    @contextmanager
    def exclusive(self, timeout: float = LOCK_WAIT) -> Iterator[None]:
        """Hold playground.lock: one dsqlsh at a time starts, stops, joins or leaves."""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + timeout
            while not _try_lock(fd):
                if time.monotonic() > deadline:
                    raise DsqlshError(f"the playground in {self.root} stayed locked by another dsqlsh for "
                                      f"{timeout:.0f} s; is one stuck starting or stopping it?")
                time.sleep(0.05)
            yield
        finally:
            os.close(fd)  # closing drops the lock

    def live_clients(self) -> list[int]:
        """Pids of the dsqlsh processes using the playground; removes the files of dead ones. Call under exclusive()."""
        self.clients.mkdir(mode=0o700, exist_ok=True)
        alive: list[int] = []
        for entry in sorted(self.clients.iterdir()):
            try:
                fd = os.open(entry, os.O_RDWR)
            except FileNotFoundError:
                continue
            try:
                if _try_lock(fd):
                    entry.unlink(missing_ok=True)  # nobody holds it: its dsqlsh is gone
                else:
                    alive.append(_pid_of(entry))
            finally:
                os.close(fd)
        return alive

    def join(self) -> Ticket:
        """Register this process as a user of the playground. Call under exclusive()."""
        self.clients.mkdir(mode=0o700, exist_ok=True)
        pid = os.getpid()
        # A random part keeps two handles in one process (tests) apart: flock is per open file.
        path = self.clients / f"{pid}-{secrets.token_hex(4)}"
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, f"{pid}\n".encode())
        return Ticket(path, fd)

    def leave(self, ticket: Ticket) -> None:
        """Unregister. Call under exclusive(), before counting who is left."""
        ticket.path.unlink(missing_ok=True)
        os.close(ticket.fd)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _pid_of(entry: Path) -> int:
    try:
        return int(entry.name.split("-", 1)[0])
    except ValueError:
        return 0
