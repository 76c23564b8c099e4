"""Which module handles which backslash command, so that a script loads only the handlers it uses.

Importing all 26 handler modules took about 17 ms (90 M instructions: a fifth of a `dsqlsh -c`) the first time
any backslash command ran, for a script that only says \\set and \\echo. Each module still registers its
commands with @command as it is imported (registry.py); this table only says which module to import for a name.
tests/unit/test_meta_handlers.py checks it against what the modules register.
"""

from __future__ import annotations

import importlib

__all__ = ["HANDLER_MODULES", "load_all_handlers", "load_handlers_of"]

# Every handler module, in the order \? lists a group's commands in (registry.listing).
HANDLER_MODULES = (
    "conditionals", "copy_command", "describe", "dsql", "io", "restricted", "connection_commands", "batch_command",
    "set_commands", "extended", "pipeline_commands", "environment", "watch", "describe_access",
    "describe_partitions", "describe_objects", "describe_settings", "describe_detail", "large_objects", "password",
    "crosstab", "show_definitions", "edit_commands", "sql_help", "clusters", "metrics",
)

# The describe family registers thousands of names (every order of a \d command's S, x and + letters): a name
# starting with d, l or z that the table below does not hold loads the whole family.
_DESCRIBE_FAMILY = ("describe", "describe_access", "describe_partitions", "describe_objects", "describe_settings",
                    "describe_detail")

_MODULE_OF = {
    name: module for module, names in {
        "conditionals": "if elif else endif",
        "copy_command": "copy",
        "dsql": "seq seq+ identity identity+ async-indexes async-indexes+",
        "io": "echo qecho warn i include ir include_relative o out g gx gset gdesc gexec p print w write r reset ! cd "
              "q quit ?",
        "restricted": "restrict unrestrict",
        "connection_commands": "c connect conninfo role encoding errverbose",
        "batch_command": "batch",
        "set_commands": "pset x a t f C H T timing set prompt unset",
        "extended": "bind bind_named close_prepared parse",
        "pipeline_commands": "endpipeline flush flushrequest getresults sendpipeline startpipeline syncpipeline",
        "environment": "getenv setenv",
        "watch": "watch",
        "large_objects": "lo_export lo_import lo_unlink",
        "password": "password",
        "crosstab": "crosstabview",
        "show_definitions": "copyright sf sf+ sv sv+",
        "edit_commands": "e edit ef ev",
        "sql_help": "h help",
        "clusters": "clusters",
        "metrics": "metrics",
    }.items() for name in names.split()
}


def modules_for(name: str) -> tuple[str, ...]:
    """The handler modules that may register command `name` (none for a name no module has)."""
    module = _MODULE_OF.get(name)
    if module is not None:
        return (module,)
    return _DESCRIBE_FAMILY if name[:1] in ("d", "l", "z") else ()


def load_handlers_of(name: str) -> None:
    for module in modules_for(name):
        importlib.import_module(f"dsqlsh.meta.{module}")


def load_all_handlers() -> None:
    for module in HANDLER_MODULES:
        importlib.import_module(f"dsqlsh.meta.{module}")
