"""The layers read one way: each part of the package imports only from the parts below it.

Read from the sources with `ast`, imports inside functions included (an import deferred for
start-up time is still a dependency). From the top: the command line, the report, the
renderers, the presentation of results, then analysis and editing, the registry, validation,
the models, and at the floor what everything stands on (YAML, the official referentials, the
vocabulary, the errors, the cache, git).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "src" / "manufactures"
# Bottom first; one line a layer. A part may import from its own layer's parts only when the
# module graph stays free of cycles (checked below).
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(layer.split())
    for layer in (
        "version i18n vocabulary errors yaml referentials",
        "cache discovery revisions",
        "models",
        "validation",
        "registry",
        "analysis editing",
        "present",
        "render",
        "report",
        "cli",
        "__init__ __main__",
    )
)
# A deferred import that runs up is allowed in one place only: the package's own `__init__`,
# which exports the library's API lazily (importing `manufactures` stays cheap).
_RANK = {part: rank for rank, layer in enumerate(LAYERS) for part in layer}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("manufactures", *parts)).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(name: str, path: Path) -> set[str]:
    """The `manufactures` modules `path` imports (a `from x import y` counts y when y is a
    module of the package, else x)."""
    modules = _modules()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in modules else base)
    return {module for module in found if module in modules and module != name}


def _part(module: str) -> str:
    """The part of the package a module belongs to: its sub-package, or itself at the root."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _graph() -> dict[str, set[str]]:
    return {name: _imports(name, path) for name, path in _modules().items()}


def test_every_part_has_a_layer() -> None:
    assert {_part(name) for name in _modules()} <= set(_RANK)


def test_no_part_imports_from_a_part_above_it() -> None:
    upward = [
        f"{name} imports {target}"
        for name, targets in _graph().items()
        for target in targets
        if _part(name) != "__init__" and _RANK[_part(target)] > _RANK[_part(name)]
    ]
    assert not upward, "\n".join(upward)


def test_no_two_parts_import_each_other() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for name, targets in _graph().items():
        if _part(name) == "__init__":
            continue  # the lazy API façade sits above everything
        edges[_part(name)] |= {_part(t) for t in targets if _part(t) != _part(name)}
    both = sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if a in edges.get(b, ())})
    assert not both, both


def test_no_module_imports_itself_through_others() -> None:
    graph = _graph()
    graph.pop("manufactures", None)  # the lazy API façade sits above everything
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(" → ".join(cycle) for cycle in cycles)
