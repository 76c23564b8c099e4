"""psycopg's libpq layer without what it does not need, for start-up time.

dsqlsh talks to PostgreSQL through psycopg.pq alone (psql's model: simple queries, server text). A
plain `import psycopg.pq` costs far more than psql needs for a whole `-c 'select 1'`:

- psycopg/__init__.py runs first and loads the whole adapter (connections, cursors, every type, the
  adapters registry): about 100 ms;
- psycopg.errors imports asyncio for one exception class, CancelledError; asyncio's __init__ brings
  event loops, ssl and subprocess support: about 30 ms;
- psycopg_binary/version.py asks importlib.metadata for its own version (email parsing, zip
  support...): about 30 ms, where the installed distribution's directory name says the same.

defer_package() registers the psycopg and asyncio packages without running their __init__;
submodules import as usual, and the first use of anything an __init__ defines (psycopg.connect,
asyncio.run, ...) runs the real __init__ into the same module object then, so code that needs the
whole package still gets it.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import Any

__all__ = ["defer_package"]


def defer_package() -> None:
    """Make `import psycopg.X` cheap for the rest of this process (no-op once psycopg is loaded)."""
    if "psycopg" in sys.modules:
        return
    import importlib

    if _deferred("psycopg") is None:
        return  # not an ordinary package: leave psycopg to the normal import
    if "asyncio" not in sys.modules:
        asyncio = _deferred("asyncio")
        if asyncio is not None:
            from asyncio.exceptions import CancelledError

            asyncio.CancelledError = CancelledError  # type: ignore[attr-defined]
    _known_binary_version()
    # pq first, as psycopg's __init__ does: psycopg.errors and the pq implementation import each other.
    importlib.import_module("psycopg.pq")


def _deferred(name: str) -> ModuleType | None:
    """Register package `name` with its __init__ not yet run; None if it is not an ordinary package."""
    import importlib.util
    import threading

    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        return None
    package = importlib.util.module_from_spec(spec)
    directory = spec.submodule_search_locations[0]
    lock = threading.RLock()
    loading: list[bool] = []

    def finish_loading(attr: str) -> Any:
        # The import system asks the package for a submodule before importing it (`from psycopg
        # import pq`): say "not yet" so it imports just that submodule.
        if os.path.exists(os.path.join(directory, attr + ".py")) or os.path.isdir(os.path.join(directory, attr)):
            raise AttributeError(attr)
        with lock:  # another thread waits here until the __init__ has run
            if "__getattr__" in vars(package):
                if loading:  # asked by the __init__ itself: a name it has not defined yet
                    raise AttributeError(attr)
                loading.append(True)
                try:
                    assert spec.loader is not None
                    spec.loader.exec_module(package)  # the real __init__, into the same module object
                finally:
                    del package.__getattr__
        return getattr(package, attr)

    package.__getattr__ = finish_loading  # type: ignore[method-assign]
    sys.modules[name] = package
    return package


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
