"""dsqlsh.libpq.defer_package: psycopg's submodules without its __init__, and the whole package on demand."""

import subprocess
import sys


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_pq_loads_without_the_package_init():
    out = _run("import sys\nfrom dsqlsh.libpq import defer_package\ndefer_package()\n"
               "from psycopg import pq\n"
               "print(pq.__impl__ in ('binary', 'c', 'python'), 'psycopg.connection' in sys.modules)")
    assert out.split() == ["True", "False"]


def test_the_full_package_arrives_on_first_use():
    out = _run("from dsqlsh.libpq import defer_package\ndefer_package()\nimport psycopg\n"
               "print(callable(psycopg.connect), issubclass(psycopg.OperationalError, psycopg.Error), "
               "bool(psycopg.__version__))")
    assert out.split() == ["True", "True", "True"]


def test_asyncio_and_the_binary_version_without_their_costs_and_whole_on_demand():
    out = _run("import sys\nfrom dsqlsh.libpq import defer_package\ndefer_package()\n"
               "print('asyncio.base_events' in sys.modules, 'importlib.metadata' in sys.modules)\n"
               "import asyncio, importlib.metadata, psycopg_binary\n"
               "async def answer():\n    return 42\n"
               "print(asyncio.run(answer()),\n"
               "      psycopg_binary.__version__ == importlib.metadata.version('psycopg-binary'))")
    assert out.split() == ["False", "False", "42", "True"]


def test_a_second_call_and_an_already_loaded_psycopg_are_left_alone():
    out = _run("import psycopg\nfrom dsqlsh.libpq import defer_package\ndefer_package()\ndefer_package()\n"
               "import sys\nprint(sys.modules['psycopg'] is psycopg, callable(psycopg.connect))")
    assert out.split() == ["True", "True"]
