"""dsqlsh.libpq.defer_package: psycopg's submodules without its __init__, and the whole package on demand."""

import subprocess
import sys

# The start of most cases: psycopg.pq imported as dsqlsh imports it.
_PQ_DEFERRED = "import sys\nfrom dsqlsh.libpq import defer_package\ndefer_package()\nfrom psycopg import pq\n"


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


def test_psycopg_errors_runs_at_the_first_error_and_raises_its_own_classes():
    out = _run(_PQ_DEFERRED + "ran = lambda: '__getattr__' not in vars(sys.modules['psycopg.errors'])\n"
               "print(ran())\n"
               "try:\n    pq.Conninfo.parse(b'foo=bar')\nexcept Exception as exc:\n    caught = exc\n"
               "import psycopg\n"
               "print(ran(), type(caught) is psycopg.OperationalError, 'invalid connection option' in str(caught))")
    assert out.split() == ["False", "True", "True", "True"]


def test_the_encoding_names_psycopg_binary_took_at_load_are_psycopgs_own():
    out = _run(_PQ_DEFERRED + "taken = vars(sys.modules[f'psycopg_{pq.__impl__}.pq']).get('pg2pyenc')\n"
               "import psycopg._encodings as encodings\n"
               "for name in (b'LATIN1', b'UTF8', b'EUC_TW'):\n"
               "    try:\n        print(taken(name) == encodings.pg2pyenc(name))\n"
               "    except Exception as exc:\n        print(type(exc).__name__)\n"
               "import psycopg\n"
               "try:\n    taken(b'EUC_TW')\nexcept psycopg.NotSupportedError:\n    print('NotSupportedError')")
    assert out.split() == ["True", "True", "NotSupportedError", "NotSupportedError"]


def test_typing_extensions_waits_for_the_whole_package():
    out = _run(_PQ_DEFERRED + "print('typing_extensions' in sys.modules and sys.version_info < (3, 13))\n"
               "from psycopg.rows import dict_row\nimport psycopg\n"
               "print(callable(dict_row), psycopg._compat.TypeVar.__module__ in ('typing', 'typing_extensions'))")
    assert out.split() == ["False", "True", "True"]


def test_psycopgs_loggers_are_the_real_ones_once_used():
    out = _run(_PQ_DEFERRED + "import logging\nprint('__getattr__' in vars(logging))\n"
               "taken = vars(sys.modules[f'psycopg_{pq.__impl__}.pq'])['logger']\n"
               "logging.getLogger('psycopg').setLevel(logging.ERROR)\n"
               "print('__getattr__' in vars(logging), taken.name, taken.isEnabledFor(logging.WARNING),\n"
               "      taken.isEnabledFor(logging.ERROR), logging.getLogger('x') is logging.getLogger('x'))")
    assert out.split() == ["True", "False", "psycopg", "False", "True", "True"]


def test_another_librarys_logger_runs_logging_at_once():
    out = _run("from dsqlsh.libpq import defer_package\ndefer_package()\nfrom psycopg import pq\n"
               "import logging\nlogger = logging.getLogger('botocore')\n"
               "print(type(logger) is logging.Logger, '__getattr__' in vars(logging))")
    assert out.split() == ["True", "False"]
