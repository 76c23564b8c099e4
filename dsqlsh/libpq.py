"""psycopg's libpq layer without what it does not need, for start-up time.

dsqlsh talks to PostgreSQL through psycopg.pq alone (psql's model: simple queries, server text). A
plain `import psycopg.pq` costs far more than psql needs for a whole `-c 'select 1'`:

- psycopg/__init__.py runs first and loads the whole adapter (connections, cursors, every type, the
  adapters registry): about 100 ms;
- psycopg.errors imports asyncio for one exception class, CancelledError; asyncio's __init__ brings
  event loops, ssl and subprocess support: about 30 ms;
- psycopg_binary/version.py asks importlib.metadata for its own version (email parsing, zip
  support...): about 30 ms, where the installed distribution's directory name says the same;
- and the pq modules import, for paths `-c` never takes, psycopg.errors (some 250 exception classes),
  logging, and psycopg._compat, which imports typing_extensions: 92 M instructions, where all of `-c
  'select 1'` is 175 M without them.

defer_package() registers the psycopg and asyncio packages without running their __init__
(deferred_imports.defer); submodules import as usual, and the first use of anything an __init__
defines (psycopg.connect, asyncio.run, ...) runs the real __init__ into the same module object then,
so code that needs the whole package still gets it. The modules of the last point are deferred the same
way; where a pq module takes a name from one as it loads, that name is put in place first (the real one,
or a stand-in that runs the module at its first use).
"""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import Any

from dsqlsh.deferred_imports import defer, run_deferred

__all__ = ["defer_package"]


def defer_package() -> None:
    """Make `import psycopg.X` cheap for the rest of this process (no-op once psycopg is loaded)."""
    if "psycopg" in sys.modules:
        return
    import importlib

    if defer("psycopg", package_only=True) is None:
        return  # not an ordinary package: leave psycopg to the normal import
    if "asyncio" not in sys.modules:
        asyncio = defer("asyncio", package_only=True)
        if asyncio is not None:
            from asyncio.exceptions import CancelledError

            asyncio.CancelledError = CancelledError  # type: ignore[attr-defined]
    _known_binary_version()
    _defer_compat()
    _defer_errors()
    _defer_logging()
    # pq first, as psycopg's __init__ does: psycopg.errors and the pq implementation import each other.
    importlib.import_module("psycopg.pq")


def _defer_compat() -> None:
    """psycopg._compat without its typing_extensions import (34 M instructions of a `-c` start-up, before 3.13).

    psycopg.pq.abc takes one name from it, Self, which is typing's own from Python 3.11: that name is put in
    place, and the module's code runs when anything asks for another (TypeVar, when the whole psycopg loads).
    On these Pythons typing_extensions runs inspect, ast and dis as it loads; `import psycopg.pq` never uses it.
    """
    if sys.version_info < (3, 11):
        return  # there _compat's Self is typing_extensions' own
    compat = defer("psycopg._compat")
    if compat is not None:
        import typing

        compat.Self = typing.Self


def _defer_errors() -> None:
    """psycopg.errors (some 250 exception classes, 45 M instructions) loaded when an error first needs it.

    psycopg's pq implementation takes the module as it loads (`from psycopg import errors as e`) and names its
    classes only to raise one. psycopg._encodings imports one of them at its top, and psycopg_binary.pq takes
    one function from _encodings as it loads: so _encodings is deferred too, with a stand-in for that function
    which runs the module (and so psycopg.errors) at its first call and hands over to the real one.
    """
    if defer("psycopg.errors") is None:
        return
    encodings = defer("psycopg._encodings")
    if encodings is None:
        return

    def pg2pyenc(name: bytes) -> str:
        run_deferred(encodings)
        return encodings.pg2pyenc(name)  # the module's own, once it has run

    encodings.pg2pyenc = pg2pyenc  # type: ignore[attr-defined]


def _defer_logging() -> None:
    """logging (13 M instructions) loaded when a psycopg logger is first used: psycopg's pq modules each take
    a logger as they load (`logger = logging.getLogger("psycopg")`) and log only a failure in a notice handler;
    dsqlsh itself does not log. Such a logger is a stand-in that fetches the real one at each use; anything
    else asked of logging (another library's logger included) runs it there and then."""
    logging = defer("logging")
    if logging is None:
        return

    def get_logger(name: str | None = None) -> Any:
        if name is not None and name.startswith("psycopg"):
            return _DeferredLogger(logging, name)
        run_deferred(logging)  # anyone else's: logging runs now, and this stand-in is replaced by its own
        return logging.getLogger(name)

    logging.getLogger = get_logger  # type: ignore[attr-defined]


class _DeferredLogger:
    """What logging.getLogger(name) gave a psycopg module before logging ran: it stays that module's logger, and
    each use fetches the real one (_defer_logging)."""

    def __init__(self, logging: ModuleType, name: str | None) -> None:
        self._logging = logging
        self.name = name

    def __getattr__(self, attr: str) -> Any:
        run_deferred(self._logging)
        return getattr(self._logging.getLogger(self.name), attr)


def _known_binary_version() -> None:
    """psycopg_binary.version from the installed distribution's name, without importlib.metadata."""
    import importlib.util

    if "psycopg_binary.version" in sys.modules:
        return
    spec = importlib.util.find_spec("psycopg_binary")
    if spec is None or spec.origin is None:
        return
    site = os.path.dirname(os.path.dirname(spec.origin))
    found = [n for n in os.listdir(site) if n.startswith("psycopg_binary-") and n.endswith(".dist-info")]
    if len(found) != 1:
        return  # none, or leftovers of several installs: let importlib.metadata decide
    module = ModuleType("psycopg_binary.version")
    module.__version__ = found[0][len("psycopg_binary-"):-len(".dist-info")]  # type: ignore[attr-defined]
    sys.modules["psycopg_binary.version"] = module
