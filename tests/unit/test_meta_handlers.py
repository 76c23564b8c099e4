"""meta/handlers.py: each backslash command's handler module is found from its name alone, and \\? keeps its
order whichever modules a session happened to load first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dsqlsh.meta.handlers import HANDLER_MODULES, load_all_handlers, modules_for
from dsqlsh.meta.registry import COMMANDS

ROOT = Path(__file__).resolve().parents[2]


def test_every_registered_name_leads_to_its_module() -> None:
    load_all_handlers()
    wrong = {name: spec.handler.__module__ for name, spec in COMMANDS.items()
             if spec.handler.__module__.startswith("dsqlsh.meta.")  # not the REPL's own (repl/commands.py)
             and spec.handler.__module__.rsplit(".", 1)[1] not in modules_for(name)}
    assert wrong == {}, "add these names to meta/handlers.py's _MODULE_OF"


def test_every_handler_module_is_listed() -> None:
    on_disk = {p.stem for p in (ROOT / "dsqlsh" / "meta").glob("*.py")
               if "@command(" in p.read_text(encoding="utf-8") and p.stem != "registry"}
    assert on_disk <= set(HANDLER_MODULES), "add the module to HANDLER_MODULES (in \\? order)"


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          check=True)
    return done.stdout


def test_a_command_loads_only_its_own_module() -> None:
    loaded = _run("import sys\nfrom dsqlsh.meta.registry import lookup\nassert lookup('set') is not None\n"
                  "print(sorted(m for m in sys.modules if m.startswith('dsqlsh.meta.')))")
    assert "dsqlsh.meta.set_commands" in loaded and "dsqlsh.meta.describe" not in loaded


def test_help_order_does_not_depend_on_what_loaded_first() -> None:
    show = "from dsqlsh.meta.registry import listing\nprint([s.usage for s in listing()])"
    fresh = _run(show)
    # Modules whose commands \\? places before another module's (listed_before) loaded first, then the rest.
    out_of_order = _run("from dsqlsh.meta.registry import lookup\n"
                        "for n in ('metrics', 'endpipeline', 'batch', 'crosstabview', 'dt', 'echo'):\n"
                        "    lookup(n)\n" + show)
    assert out_of_order == fresh
    assert fresh.index('batch') < fresh.index('errverbose')  # listed_before, as psql places it
