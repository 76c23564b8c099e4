"""The layers of dsqlsh point down only, and no dsqlsh modules import each other in a loop.

Every import counts, module level or inside a function, except those under `if TYPE_CHECKING:`. Importing
`dsqlsh.pkg.mod` also runs `dsqlsh/pkg/__init__.py`, so it counts as importing the package too (from outside
the package, when that __init__ imports anything). The order is the one README.md's "How it is built" section draws.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dsqlsh

# Top to bottom. A module may import from its own layer or any layer below it, never above; the longest
# matching prefix places a module (dsqlsh.output.options, plain data, sits with the leaves).
LAYERS: list[tuple[str, ...]] = [
    ("dsqlsh.__main__", "dsqlsh.cli", "dsqlsh.startup"),
    ("dsqlsh.repl",),
    ("dsqlsh.mainloop",),
    ("dsqlsh.meta",),
    ("dsqlsh.copy", "dsqlsh.batch"),
    ("dsqlsh.engine", "dsqlsh.pipeline"),
    ("dsqlsh.session",),
    ("dsqlsh.reporting", "dsqlsh.checking", "dsqlsh.compat", "dsqlsh.fix", "dsqlsh.output"),
    ("dsqlsh.connection", "dsqlsh.auth", "dsqlsh.aws", "dsqlsh.playground", "dsqlsh.libpq", "dsqlsh.occ"),
    ("dsqlsh.statements", "dsqlsh.scanner", "dsqlsh.variables", "dsqlsh.config", "dsqlsh.context",
     "dsqlsh.diagnostics", "dsqlsh.errors", "dsqlsh.workers", "dsqlsh.data", "dsqlsh.usage", "dsqlsh.output.options",
     "dsqlsh.saved_connections", "dsqlsh.options", "dsqlsh.deferred_imports", "dsqlsh"),
]

ROOT = Path(dsqlsh.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = ["dsqlsh", *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skipped


def imports_of(name: str) -> set[str]:
    """The dsqlsh modules `name` imports anywhere in its text (TYPE_CHECKING blocks aside)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skipped = _type_checking_nodes(tree)
    targets: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets.add(module)
            targets.update(f"{module}.{alias.name}" for alias in node.names)
    found = set()
    for target in targets:
        if target not in MODULES:
            continue
        found.add(target)
        # Its packages' __init__ run too, unless name is inside them already (an __init__ that imports
        # nothing, dsqlsh/output's, cannot close a loop or reach up).
        parts = target.split(".")
        for end in range(2, len(parts)):
            parent = ".".join(parts[:end])
            if not (name == parent or name.startswith(parent + ".")) and imports_of(parent):
                found.add(parent)
    found.discard(name)
    return found


def layer_of(name: str) -> int:
    best, best_len = None, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = name == prefix or (prefix != "dsqlsh" and name.startswith(prefix + "."))
            if matches and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    assert best is not None, f"{name} is in no layer: add it to LAYERS and to README.md's layer list"
    return best


def test_every_module_has_a_layer():
    for name in MODULES:
        layer_of(name)


def test_no_import_points_up():
    upward = [f"{name} (layer {layer_of(name)}) imports {target} (layer {layer_of(target)})"
              for name in sorted(MODULES) for target in sorted(imports_of(name)) if layer_of(target) < layer_of(name)]
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert _cycles({name: imports_of(name) for name in MODULES}) == []


def test_the_checks_see_upward_imports_and_cycles():
    """The checks can fail: an engine that imports a meta module is caught both ways."""
    graph = {name: imports_of(name) for name in MODULES}
    graph["dsqlsh.engine"] = graph["dsqlsh.engine"] | {"dsqlsh.meta.dsql"}
    assert layer_of("dsqlsh.meta.dsql") < layer_of("dsqlsh.engine")
    assert "dsqlsh.engine" in imports_of("dsqlsh.meta.io")
    assert any("dsqlsh.engine" in cycle for cycle in _cycles({**graph, "dsqlsh.meta.dsql": {"dsqlsh.meta.io"}}))
    assert "dsqlsh.session" in imports_of("dsqlsh.engine")  # a module-level import is seen
    assert "dsqlsh.checking" in imports_of("dsqlsh.engine")  # an import inside a function is seen
