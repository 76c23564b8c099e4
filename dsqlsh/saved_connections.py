"""Saved connections: `[connections.NAME]` and `[defaults]` in $XDG_CONFIG_HOME/dsqlsh/config.toml.

`dsqlsh @NAME` (or `-D NAME`, as pgcli's alias) and `\\c @NAME` connect with an entry. Precedence is
flags > @NAME > PG*/AWS environment > [defaults]: a setting the environment gives is left None here, for
libpq (PGHOST...) or botocore (AWS_PROFILE, AWS_REGION) to read as they always do. The file is read only
when it exists or a name is asked for, and tomllib is imported only then (start-up time is a tracked figure).
A file that does not parse, an unknown key or a bad value each become one warning line; the rest is used.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from dsqlsh.config import config_path
from dsqlsh.errors import DsqlshError
from dsqlsh.output.options import Table

__all__ = ["Entry", "SavedConnections", "config_path", "load", "merged"]

# The keys an entry (or [defaults]) takes, and the other names accepted for some of them.
KEYS = ("host", "port", "user", "dbname", "region", "profile", "sslrootcert", "dsql_check", "pager", "style", "vi")
ALIASES = {"role": "user", "database": "dbname"}
DSQL_CHECK_MODES = ("warn", "strict", "fix", "off")
PAGER_MODES = ("on", "off", "always")

# The environment that gives a setting when no flag or @NAME does: [defaults] must not override it.
ENVIRONMENT = {
    "host": ("PGHOST", "PGHOSTADDR"),
    "port": ("PGPORT",),
    "user": ("PGUSER",),
    "dbname": ("PGDATABASE",),
    "sslrootcert": ("PGSSLROOTCERT",),
    "profile": ("AWS_PROFILE",),
    "region": ("AWS_REGION", "AWS_DEFAULT_REGION"),
}

_AT_LINE = re.compile(r"^(?P<reason>.*?) \(at (?:line (?P<line>\d+), column \d+|end of document)\)$", re.S)


@dataclass(frozen=True)
class Entry:
    """One saved connection (or [defaults], or what the flags gave): None where it says nothing."""

    name: str = ""
    host: str | None = None
    port: str | None = None
    user: str | None = None
    dbname: str | None = None
    region: str | None = None
    profile: str | None = None
    sslrootcert: str | None = None
    dsql_check: str | None = None  # warn | strict | fix | off
    pager: str | None = None  # \pset pager: on | off | always
    style: str | None = None
    vi: bool | None = None


@dataclass(frozen=True)
class SavedConnections:
    """What the file holds: its entries in file order, [defaults], and a warning line for each problem."""

    path: str
    entries: tuple[Entry, ...] = ()
    defaults: Entry = Entry(name="defaults")
    warnings: tuple[str, ...] = ()

    def entry(self, name: str) -> Entry:
        """The entry called name; a DsqlshError naming the file and the known names when there is none."""
        for entry in self.entries:
            if entry.name == name:
                return entry
        if self.entries:
            known = "known: " + ", ".join(e.name for e in self.entries)
        else:
            known = "it has none" if os.path.exists(self.path) else "no such file"
        raise DsqlshError(f'no saved connection "{name}" in {self.path} ({known})')

    def listing(self) -> Table:
        """The entries as a table, for the printer (--list-connections)."""
        columns = ("name", "host", "region", "user", "dbname", "profile")
        rows = [[getattr(e, c) for c in columns] for e in self.entries]
        return Table(headers=list(columns), aligns=["l"] * len(columns), rows=rows, title="Saved connections")


def load(path: str) -> SavedConnections:
    """Read the file (none is no entries). Problems become warnings; a file that does not parse gives nothing."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        return SavedConnections(path)
    except OSError as exc:
        return SavedConnections(path, warnings=(f"could not read {path}: {exc.strerror}",))
    text = raw.decode("utf-8", errors="replace")
    data, problem = _parsed(text)
    if problem is not None:
        reason, line = problem
        where = line or max(1, len(text.splitlines()))
        return SavedConnections(path, warnings=(f"could not parse {path}, line {where}: {reason}; "
                                                "its saved connections are not used",))
    return _from_document(path, data)


def _parsed(text: str) -> tuple[dict[str, Any], tuple[str, int | None] | None]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 has the same parser as the tomli package
        import tomli as tomllib
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _AT_LINE.match(message)
        if m is None:
            return {}, (message, None)
        reason = m["reason"]
        return {}, (reason[:1].lower() + reason[1:], int(m["line"]) if m["line"] else None)


def _from_document(path: str, data: dict[str, Any]) -> SavedConnections:
    warnings: list[str] = []
    for key in data:
        if key not in ("connections", "defaults"):
            warnings.append(f'{path}: unknown table "{key}" ignored (expected [connections.NAME] or [defaults])')
    defaults = Entry(name="defaults")
    if isinstance(data.get("defaults"), dict):
        defaults = _entry("defaults", data["defaults"], "[defaults]", path, warnings)
    elif "defaults" in data:
        warnings.append(f"{path}: defaults must be a table, [defaults]; ignored")
    entries: list[Entry] = []
    connections = data.get("connections", {})
    if not isinstance(connections, dict):
        warnings.append(f"{path}: connections must be tables, [connections.NAME]; ignored")
        connections = {}
    for name, table in connections.items():
        if isinstance(table, dict):
            entries.append(_entry(name, table, f"[connections.{name}]", path, warnings))
        else:
            warnings.append(f"{path}: connections.{name} must be a table, [connections.{name}]; ignored")
    return SavedConnections(path, tuple(entries), defaults, tuple(warnings))


def _entry(name: str, table: dict[str, Any], label: str, path: str, warnings: list[str]) -> Entry:
    values: dict[str, Any] = {}
    for key, raw in table.items():
        field = ALIASES.get(key, key)
        if field not in KEYS:
            warnings.append(f'{path}: unknown key "{key}" in {label} ignored')
            continue
        if field in values:
            warnings.append(f'{path}: "{key}" in {label} repeats {field}; ignored')
            continue
        value, expected = _checked(field, raw)
        if expected:
            warnings.append(f"{path}: {key} in {label} must be {expected}; ignored")
            continue
        values[field] = value
    return Entry(name=name, **values)


def _checked(field: str, raw: object) -> tuple[object, str]:
    """The value to keep, or what the key needed instead (as words) when raw will not do."""
    if field == "vi":
        return (raw, "") if isinstance(raw, bool) else (None, "true or false")
    if field == "port":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return str(raw), ""
        return (raw, "") if isinstance(raw, str) and raw else (None, "a port number")
    if field == "pager":
        if isinstance(raw, bool):
            return ("on" if raw else "off"), ""
        return (raw, "") if raw in PAGER_MODES else (None, "on, off, always, true or false")
    if field == "dsql_check":
        return (raw, "") if raw in DSQL_CHECK_MODES else (None, ", ".join(DSQL_CHECK_MODES[:-1]) + " or off")
    return (raw, "") if isinstance(raw, str) and raw else (None, "a non-empty string")


def merged(given: Entry, saved: Entry | None, defaults: Entry, env: Mapping[str, str]) -> Entry:
    """Each setting from the first that has it: the flags (given), the saved entry, the environment (left None:
    libpq and botocore read it themselves), then [defaults]."""
    values: dict[str, Any] = {}
    for f in fields(Entry):
        if f.name == "name":
            continue
        value = getattr(given, f.name)
        if value is None and saved is not None:
            value = getattr(saved, f.name)
        if value is None and not any(env.get(var) for var in ENVIRONMENT.get(f.name, ())):
            value = getattr(defaults, f.name)
        values[f.name] = value
    return replace(given, name=saved.name if saved is not None else "", **values)
