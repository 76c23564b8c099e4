"""What importing prompt_toolkit loads that the line editor never uses, put off until something does (issue 19).

Measured with callgrind and -X importtime on `dsqlsh -X` up to its first prompt:

- wcwidth 0.9's __init__ imports its whole pure-Python implementation (text wrapping, line breaking, grapheme
  and escape-sequence tables: about 80 M instructions, some 30 ms) only to re-export it, and then, when its C
  extension loads, uses the extension's functions instead. prompt_toolkit asks it for one function, wcwidth.
- prompt_toolkit/__init__.py imports prompt_toolkit.shortcuts, whose __init__ imports dialogs, progress bars
  and choice menus besides the PromptSession dsqlsh uses.
- asyncio's event loops import asyncio.sslproto, which runs the ssl module (deferred in
  dsqlsh.deferred_imports) for TLS over asyncio streams; dsqlsh's event loop is prompt_toolkit's, which makes
  no network connection.

Each stays importable: the first use of anything else in it runs its real code (deferred_imports.defer).
"""

from __future__ import annotations

import os
import sys

from dsqlsh.deferred_imports import defer

__all__ = ["defer_unused_by_the_editor"]

# Packages whose __init__ imports more than prompt_toolkit's prompt uses; their submodules import as usual.
UNUSED_PACKAGES = ("prompt_toolkit", "prompt_toolkit.shortcuts")
UNUSED_MODULES = ("asyncio.sslproto",)

# What wcwidth/__init__.py requires of its C extension before it uses it (HAS_C_EXTENSION there).
_C_NAMES = ("ljust", "rjust", "width", "center", "wcwidth", "wcswidth", "wcstwidth", "propagate_sgr",
            "iter_graphemes", "strip_sequences", "iter_graphemes_reverse", "grapheme_boundary_before")


def defer_unused_by_the_editor() -> None:
    """Defer the modules above: call it before anything imports prompt_toolkit."""
    for name in UNUSED_PACKAGES:
        defer(name, package_only=True)
    for name in UNUSED_MODULES:
        defer(name)
    _wcwidth_from_its_extension()


def _wcwidth_from_its_extension() -> None:
    """Register wcwidth with the wcwidth function its __init__ would choose, its C extension's behind the same
    lru_cache, and nothing else run yet. Without the extension (wcwidth before 0.9, or WCWIDTH_PYTHON set, as
    wcwidth itself checks), wcwidth imports as usual."""
    import importlib
    from functools import lru_cache

    if "wcwidth" in sys.modules or os.environ.get("WCWIDTH_PYTHON", ""):
        return
    package = defer("wcwidth", package_only=True)  # first: finding wcwidth._wcwidth_c imports its parent
    if package is None:
        return
    try:
        extension = importlib.import_module("wcwidth._wcwidth_c")
    except ImportError:  # wcwidth before 0.9, or a build without it
        extension = None
    if extension is None or not all(hasattr(extension, name) for name in _C_NAMES):
        del sys.modules["wcwidth"]  # the pure-Python implementation then: leave it all to the normal import
        sys.modules.pop("wcwidth._wcwidth_c", None)
        return
    package.wcwidth = lru_cache(maxsize=1024)(extension.wcwidth)  # type: ignore[attr-defined]
