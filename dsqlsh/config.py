"""Settings: what the command line asked for, built once (psql's flags and their meaning); where the config
file of saved connections is."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple

__all__ = ["Settings", "Action", "config_path"]


def config_path(env: Mapping[str, str]) -> str:
    """$XDG_CONFIG_HOME/dsqlsh/config.toml; ~/.config/... when it is unset or not absolute (the XDG rule)."""
    base = env.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "dsqlsh", "config.toml")


class Action(NamedTuple):
    """One -c or -f, kept in command-line order as psql runs them."""

    kind: str  # "command" | "file"
    value: str


class Settings(NamedTuple):
    """The parsed command line. Connection fields left None are libpq's to fill from PG* env.

    NamedTuples, as statements.Statement: immutable, and made at every start; a frozen dataclass of these 34
    fields cost 2.4 ms of `-c 'select 1'` to define, a NamedTuple 0.9 ms (issue 19). A changed copy is
    settings._replace(...)."""

    host: str | None = None
    port: str | None = None
    user: str | None = None
    dbname: str | None = None
    sslrootcert: str | None = None  # from a saved connection or [defaults] (saved_connections.py); libpq's keyword
    password_prompt: str = "auto"  # auto | never (-w) | force (-W)
    actions: tuple[Action, ...] = ()
    variables: tuple[tuple[str, str | None], ...] = ()  # -v NAME=VALUE; None unsets
    psets: tuple[tuple[str, str | None], ...] = ()  # -P, -A, --csv, -x, -t, -F ... in order
    no_psqlrc: bool = False
    single_transaction: bool = False
    output: str | None = None  # -o FILE or |command
    log_file: str | None = None
    list_databases: bool = False
    list_clusters: bool = False  # --list-clusters: the region's Aurora DSQL clusters, then exit
    single_step: bool = False
    single_line: bool = False
    echo: str | None = None  # -a all, -e queries, -b errors
    echo_hidden: bool = False
    quiet: bool = False
    # DSQL: credentials profile, region for a bare cluster id, token lifetime, OCC retries.
    profile: str | None = None
    region: str | None = None
    token_expires: int = 900
    occ_retry: int = 0
    dsql_check: str | None = None  # --dsql-check warn|strict|off; None: by host
    style: str | None = None  # --style: the REPL's pygments style
    vi: bool = False  # --vi: vi editing mode in the REPL
    # --check: lint these files offline (no connection) in this format.
    check_files: tuple[str, ...] | None = None
    check_format: str = "text"
    # --fix: with --check, write the script fixed for DSQL (to -o or stdout) and report each change; with -f, fix
    # each file first, then run the fixed script.
    fix: bool = False
    # --local (issue 8): the playground in local_dir (None: $XDG_DATA_HOME/dsqlsh/playground); --fresh, --sample.
    local: bool = False
    local_dir: str | None = None
    fresh: bool = False
    sample: bool = False
