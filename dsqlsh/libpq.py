"""psycopg's libpq layer without the rest of psycopg, for start-up time.

dsqlsh talks to PostgreSQL through psycopg.pq alone (psql's model: simple queries, server text).
Importing any psycopg submodule first runs psycopg/__init__.py, which loads the whole adapter
(connections, cursors, every type, the adapters registry): about 100 ms before `-c 'select 1'` can
start, more than psql needs for the whole command. defer_package() registers the psycopg package
without running its __init__; submodules import as usual, and the first use of anything the
__init__ defines (psycopg.connect, psycopg.Error, ...) runs the real __init__ then, so code that
needs the full package still gets it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["defer_package"]


def defer_package() -> None:
    """Make `import psycopg.X` cheap for the rest of this process (no-op once psycopg is loaded)."""
    if "psycopg" in sys.modules:
        return
    import importlib
    import importlib.util

    spec = importlib.util.find_spec("psycopg")
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        return  # not an ordinary package: leave psycopg to the normal import
    package = importlib.util.module_from_spec(spec)
    directory = Path(spec.submodule_search_locations[0])

    def finish_loading(name: str) -> Any:
        # The import system asks the package for a submodule before importing it (`from psycopg
        # import pq`): say "not yet" so it imports just that submodule.
        if (directory / f"{name}.py").exists() or (directory / name).is_dir():
            raise AttributeError(name)
        del package.__getattr__
        assert spec.loader is not None
        spec.loader.exec_module(package)  # the real __init__, into the same module object
        return getattr(package, name)

    package.__getattr__ = finish_loading  # type: ignore[method-assign]
    sys.modules["psycopg"] = package
    # pq first, as psycopg's __init__ does: psycopg.errors and the pq implementation import each other.
    importlib.import_module("psycopg.pq")

