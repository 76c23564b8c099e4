"""Every dataclass in dsqlsh has a docstring: without one, dataclasses makes one from the class's signature with
inspect, whose import (with ast, dis and tokenize) costs a script about 8M instructions (issue 19; deferred_imports
keeps inspect from running until something uses it)."""

from __future__ import annotations

import ast
from pathlib import Path

import dsqlsh


def test_every_dataclass_has_a_docstring() -> None:
    missing = []
    for path in sorted(Path(dsqlsh.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ClassDef) and ast.get_docstring(node) is None
                    and any(ast.unparse(d).startswith(("dataclass", "dataclasses.dataclass"))
                            for d in node.decorator_list)):
                missing.append(f"{path.name}:{node.lineno} {node.name}")
    assert not missing, missing
