"""deferred_imports.defer: a module is in place at once and runs its code on first use, once, as itself."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dsqlsh.deferred_imports import defer


@pytest.fixture
def modules(tmp_path: Path) -> Iterator[Path]:
    """A directory on sys.path for throwaway modules, forgotten again afterwards."""
    sys.path.insert(0, str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in set(sys.modules) - before:
        del sys.modules[name]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_deferred_module_runs_on_its_first_attribute_only(modules: Path) -> None:
    _write(modules / "dfr_plain.py", "import sys\nsys.dfr_runs = getattr(sys, 'dfr_runs', 0) + 1\nvalue = 42\n")
    module = defer("dfr_plain")
    import dfr_plain  # type: ignore[import-not-found]

    assert dfr_plain is module and getattr(sys, "dfr_runs", 0) == 0
    from dfr_plain import value  # type: ignore[import-not-found]

    assert value == 42 and dfr_plain.value == 42 and sys.dfr_runs == 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        dfr_plain.missing  # noqa: B018
    assert sys.dfr_runs == 1  # type: ignore[attr-defined]
    del sys.dfr_runs  # type: ignore[attr-defined]


def test_a_submodule_imports_without_running_its_package(modules: Path) -> None:
    _write(modules / "dfr_pkg" / "__init__.py", "ran = True\n")
    _write(modules / "dfr_pkg" / "sub.py", "x = 1\n")
    package = defer("dfr_pkg", package_only=True)
    from dfr_pkg import sub  # type: ignore[import-not-found]

    assert sub.x == 1 and "ran" not in vars(package)
    assert package is not None and package.ran is True


def test_package_only_leaves_a_plain_module_alone(modules: Path) -> None:
    _write(modules / "dfr_single.py", "x = 1\n")
    assert defer("dfr_single", package_only=True) is None and "dfr_single" not in sys.modules
    assert defer("dfr_no_such_module") is None


def test_a_module_keeps_its_own_module_getattr(modules: Path) -> None:
    _write(modules / "dfr_own.py", "def __getattr__(name):\n    return 'own ' + name\n")
    defer("dfr_own")
    import dfr_own  # type: ignore[import-not-found]

    assert dfr_own.anything == "own anything" and dfr_own.other == "own other"


def test_threads_wait_for_one_run(modules: Path) -> None:
    _write(modules / "dfr_slow.py", "import sys, time\nsys.dfr_slow = getattr(sys, 'dfr_slow', 0) + 1\n"
                                     "time.sleep(0.2)\nvalue = 7\n")
    module = defer("dfr_slow")
    seen: list[int] = []
    threads = [threading.Thread(target=lambda: seen.append(module.value)) for _ in range(4)]  # type: ignore[union-attr]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [7, 7, 7, 7] and sys.dfr_slow == 1  # type: ignore[attr-defined]
    del sys.dfr_slow  # type: ignore[attr-defined]
