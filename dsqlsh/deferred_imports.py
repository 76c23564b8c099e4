"""Modules put in place now and run on their first use: start-up time for imports a path never uses.

A library's own `import x` at its top costs x's whole import on every start, even when the library only uses x
on a path dsqlsh never takes. defer(name) puts a module object for x in sys.modules (its real spec, its
__path__ for a package) without running x's code. `import x` then finds it, and importing x's submodules works
as usual; the first attribute anyone asks of x (`x.f`, `from x import f`) runs x's code into that same object,
so every user of x gets the real module, only later.

importlib.util.LazyLoader does not do here: an `import x` of a module already in sys.modules reads x.__spec__,
and a LazyLoader module runs its code on that first read.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import Any

__all__ = ["defer", "defer_unused_modules"]

# Imported at the top of modules dsqlsh loads on every start, and used there only on paths dsqlsh does not take
# (callgrind and -X importtime on `dsqlsh -X -c 'select 1'`: about 17 ms of 100, 22 from Python 3.13).
UNUSED_AT_START = (
    # dataclasses: only to give a class without a docstring one made from its signature (ours all have one).
    # Before Python 3.13, typing_extensions (psycopg's dependency there) uses inspect as it loads: it runs then.
    "inspect",
    # psycopg_binary.pq: "importing the ssl module sets up Python's libcrypto callbacks" before it tells libpq
    # not to; the binary wheel's libpq carries its own libcrypto, and OpenSSL 1.1+ needs no callbacks. Python's
    # ssl module itself runs when something uses it (botocore on the DSQL path).
    "ssl",
    # psycopg.pq.misc: ctypes.util.find_library, to find libpq for psycopg's pure-Python implementation.
    "ctypes",
    "ctypes.util",
    # logging (psycopg's loggers): to format an exception's traceback, which dsqlsh never logs.
    "traceback",
    # psycopg._conninfo_attempts: to resolve host names for psycopg.connect; dsqlsh connects through libpq.
    "socket",
)


def defer_unused_modules() -> None:
    """Defer UNUSED_AT_START: call it first thing, before anything imports them."""
    for name in UNUSED_AT_START:
        defer(name)


def defer(name: str, *, package_only: bool = False) -> ModuleType | None:
    """Register module `name` with its code not yet run; None if it is loaded already or cannot be found (or,
    with package_only, is not an ordinary package)."""
    import importlib.util
    import threading

    if name in sys.modules:
        return None
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or (package_only and not spec.submodule_search_locations):
        return None
    module = importlib.util.module_from_spec(spec)
    directory = spec.submodule_search_locations[0] if spec.submodule_search_locations else None
    lock = threading.RLock()
    loading: list[bool] = []

    def finish_loading(attr: str) -> Any:
        # The import system asks a package for a submodule before importing it (`from psycopg import pq`):
        # say "not yet" so it imports just that submodule.
        if directory is not None and (os.path.exists(os.path.join(directory, attr + ".py"))
                                      or os.path.isdir(os.path.join(directory, attr))):
            raise AttributeError(attr)
        with lock:  # another thread waits here until the module's code has run
            if vars(module).get("__getattr__") is finish_loading:
                if loading:  # asked by the module's own code: a name it has not defined yet
                    raise AttributeError(attr)
                loading.append(True)
                try:
                    assert spec.loader is not None
                    spec.loader.exec_module(module)  # the real code, into the same module object
                finally:
                    if vars(module).get("__getattr__") is finish_loading:  # not one the module defines itself
                        del module.__getattr__
        return getattr(module, attr)

    module.__getattr__ = finish_loading  # type: ignore[method-assign]
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, module)  # as the import system does for a submodule
    return module
