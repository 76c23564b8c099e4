"""The names completion knows (tables, columns, roles...): read from the catalog in a background
thread on its own connection.

A load builds a new KnownNames and swaps it in whole (litecli's completion_refresher), so completion
never sees a half-built one and the prompt never waits for the catalog. Each load opens a fresh
connection (on DSQL: a fresh IAM token) and closes it; nothing is kept open between loads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dsqlsh.connection import Connection, ConnectParams

__all__ = ["KnownNames", "KnownNamesLoader", "QUERIES", "load_known_names", "opener"]

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")

# One query per kind, so a catalog that refuses one (DSQL lacks some views) still gives the others.
QUERIES = {
    "search_path": "SELECT unnest(current_schemas(true))",
    "schemas": "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_(toast|temp_)' ORDER BY 1",
    "relations": (
        "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c"
        " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY 1, 2"
    ),
    "columns": (
        "SELECT n.nspname, c.relname, a.attname FROM pg_catalog.pg_attribute a"
        " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
        " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
        " AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, a.attnum"
    ),
    "functions": (
        "SELECT DISTINCT n.nspname, p.proname FROM pg_catalog.pg_proc p"
        " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace ORDER BY 1, 2"
    ),
    "sequences": (
        "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c"
        " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' ORDER BY 1, 2"
    ),
    "roles": "SELECT rolname FROM pg_catalog.pg_roles ORDER BY 1",
    "databases": "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn ORDER BY 1",
}


@dataclass(frozen=True)
class KnownNames:
    """Names for completion, as one session of one role sees them."""

    search_path: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()
    relations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # schema -> tables and views
    columns: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # (schema, relation) -> columns
    functions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sequences: dict[str, tuple[str, ...]] = field(default_factory=dict)
    roles: tuple[str, ...] = ()
    databases: tuple[str, ...] = ()

    @classmethod
    def from_rows(cls, rows: dict[str, list[tuple[str, ...]]]) -> KnownNames:
        """Build from each query's rows (a missing kind is empty)."""
        columns: dict[tuple[str, str], list[str]] = {}
        for schema, relation, column in rows.get("columns", []):
            columns.setdefault((schema, relation), []).append(column)
        return cls(
            search_path=tuple(r[0] for r in rows.get("search_path", [])),
            schemas=tuple(r[0] for r in rows.get("schemas", [])),
            relations=_by_schema(rows.get("relations", [])),
            columns={key: tuple(names) for key, names in columns.items()},
            functions=_by_schema(rows.get("functions", [])),
            sequences=_by_schema(rows.get("sequences", [])),
            roles=tuple(r[0] for r in rows.get("roles", [])),
            databases=tuple(r[0] for r in rows.get("databases", [])),
        )

    def visible(self, kind: dict[str, tuple[str, ...]], *, system: bool = False) -> list[str]:
        """Unqualified names on the search path, first schema winning; system schemas only when asked."""
        seen: set[str] = set()
        names: list[str] = []
        for schema in self.search_path:
            if schema in SYSTEM_SCHEMAS and not system:
                continue
            for name in kind.get(schema, ()):
                if name not in seen:
                    seen.add(name)
                    names.append(name)
        return names

    def columns_of(self, schema: str | None, relation: str) -> tuple[str, ...]:
        """A relation's columns; without a schema, the first on the search path that has the relation."""
        if schema is not None:
            return self.columns.get((schema, relation), ())
        for candidate in self.search_path:
            found = self.columns.get((candidate, relation))
            if found is not None:
                return found
        return ()


def _by_schema(rows: Iterable[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for schema, name in rows:
        grouped.setdefault(schema, []).append(name)
    return {schema: tuple(names) for schema, names in grouped.items()}


def load_known_names(conn: Connection) -> KnownNames:
    """Run every catalog query on conn; a query that fails leaves its kind empty."""
    from dsqlsh.connection import ExecStatus

    codec = conn.codec
    rows: dict[str, list[tuple[str, ...]]] = {}
    for kind, sql in QUERIES.items():
        found: list[tuple[str, ...]] = []
        results: Iterable[Any] = conn.execute(sql)  # psycopg's pq.PGresult is not a type to mypy
        for res in results:
            if int(res.status) != ExecStatus.TUPLES_OK:
                continue
            for r in range(res.ntuples):
                found.append(tuple(bytes(res.get_value(r, c) or b"").decode(codec, "replace")
                                   for c in range(res.nfields)))
        rows[kind] = found
    return KnownNames.from_rows(rows)


class KnownNamesLoader:
    """Holds the current KnownNames and reloads it in a daemon thread on request."""

    def __init__(self) -> None:
        self._open: Callable[[], Connection] | None = None
        self.names = KnownNames()
        self.error: str | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self._done = threading.Event()
        self._done.set()

    @property
    def loading(self) -> bool:
        return not self._done.is_set()

    def refresh(self, open_connection: Callable[[], Connection]) -> None:
        """Start a load through open_connection; one already running is followed by another (it may
        have missed a change)."""
        with self._lock:
            self._open = open_connection
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return
            self._done.clear()
            self._thread = threading.Thread(target=self._run, name="dsqlsh-catalog", daemon=True)
            self._thread.start()

    def wait(self, timeout: float) -> bool:
        """Wait up to timeout seconds for a running load; True when none is running."""
        return self._done.wait(timeout)

    def _run(self) -> None:
        while True:
            self._load_once()
            with self._lock:
                if not self._again:
                    self._done.set()
                    return
                self._again = False

    def _load_once(self) -> None:
        from dsqlsh.errors import DsqlshError

        with self._lock:
            open_connection = self._open
        assert open_connection is not None
        try:
            conn = open_connection()
        except (DsqlshError, OSError) as exc:
            self.error = str(exc).split("\n", 1)[0]
            return
        try:
            self.names = load_known_names(conn)
            self.error = None
        except Exception as exc:  # a background load must never take the shell down
            self.error = str(exc).split("\n", 1)[0]
        finally:
            conn.close()


def opener(params: ConnectParams) -> Callable[[], Connection]:
    """A function opening a new connection like the session's (a fresh token on DSQL), never prompting."""
    from dsqlsh.connection import Connection

    def open_connection() -> Connection:
        # Not session.connect: it may ask for a password on the terminal, which a background
        # thread must never do. libpq still finds PGPASSWORD and ~/.pgpass.
        return Connection.open(params)

    return open_connection
