"""psycopg's libpq layer without what it does not need, for start-up time.

dsqlsh talks to PostgreSQL through psycopg.pq alone (psql's model: simple queries, server text). A
plain `import psycopg.pq` costs far more than psql needs for a whole `-c 'select 1'`:

- psycopg/__init__.py runs first and loads the whole adapter (connections, cursors, every type, the
  adapters registry): about 100 ms;
- psycopg.errors imports asyncio for one exception class, CancelledError; asyncio's __init__ brings
  event loops, ssl and subprocess support: about 30 ms;
- psycopg_binary/version.py asks importlib.metadata for its own version (email parsing, zip
  support...): about 30 ms, where the installed distribution's directory name says the same.

defer_package() registers the psycopg and asyncio packages without running their __init__
(deferred_imports.defer); submodules import as usual, and the first use of anything an __init__
defines (psycopg.connect, asyncio.run, ...) runs the real __init__ into the same module object then,
so code that needs the whole package still gets it.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

from dsqlsh.deferred_imports import defer

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
    # pq first, as psycopg's __init__ does: psycopg.errors and the pq implementation import each other.
    importlib.import_module("psycopg.pq")


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
