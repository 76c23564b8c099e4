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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

__all__ = ["defer", "defer_unused_modules", "run_deferred"]

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
    # urllib.parse (pathlib's, for psycopg.pq.misc): to check an IPv6 literal in a URL's host, which nothing parses.
    "ipaddress",
    # pathlib: for Path.match and glob, which nothing calls on these paths.
    "fnmatch",
    # dataclasses: for asdict's and replace's deep copies. copy looks for Jython's PyStringMap as it loads (three
    # failed imports).
    "copy",
)


def defer_unused_modules() -> None:
    """Defer UNUSED_AT_START: call it first thing, before anything imports them."""
    for name in UNUSED_AT_START:
        defer(name)


def defer(name: str, *, package_only: bool = False) -> ModuleType | None:
    """Register module `name` with its code not yet run; None if it is loaded already or cannot be found (or,
    with package_only, is not an ordinary package)."""
    import importlib.util

    if name in sys.modules:
        return None
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or (package_only and not spec.submodule_search_locations):
        return None
    module = importlib.util.module_from_spec(spec)
    module.__getattr__ = _DeferredCode(module, spec)  # type: ignore[method-assign]
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, module)  # as the import system does for a submodule
    return module


def run_deferred(module: ModuleType) -> None:
    """Run a deferred module's code now, if it has not run: for a stand-in put on it (a name a library takes
    from it as it loads, dsqlsh/libpq.py), at the stand-in's first use."""
    code = vars(module).get("__getattr__")
    if isinstance(code, _DeferredCode):
        code.run()


class _DeferredCode:
    """A deferred module's __getattr__: runs the module's code into it at the first name anyone asks of it."""

    def __init__(self, module: ModuleType, spec: ModuleSpec) -> None:
        import threading

        self.module = module
        self.spec = spec
        locations = spec.submodule_search_locations
        self.directory = locations[0] if locations else None
        self.lock = threading.RLock()  # another thread waits here until the module's code has run
        self.running = False

    def __call__(self, attr: str) -> Any:
        directory = self.directory
        # The import system asks a package for a submodule before importing it (`from psycopg import pq`):
        # say "not yet" so it imports just that submodule.
        if directory is not None and (os.path.exists(os.path.join(directory, attr + ".py"))
                                      or os.path.isdir(os.path.join(directory, attr))):
            raise AttributeError(attr)
        if directory is None and attr == "__path__":
            raise AttributeError(attr)  # `from x import f` asks whether x is a package: a module is not
        with self.lock:
            if self.running:  # asked by the module's own code: a name it has not defined yet
                raise AttributeError(attr)
            self.run()
        return getattr(self.module, attr)

    def run(self) -> None:
        with self.lock:
            module = self.module
            if vars(module).get("__getattr__") is not self or self.running:
                return
            self.running = True
            try:
                assert self.spec.loader is not None
                self.spec.loader.exec_module(module)  # the real code, into the same module object
            finally:
                if vars(module).get("__getattr__") is self:  # not one the module defines itself
                    del module.__getattr__
                self.running = False
