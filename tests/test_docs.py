"""The docs say what the code is: the code table is the catalogue's, the architecture names every
module in the layers' order, the code the docs point at exists, links lead somewhere, and no text
points outside the repository."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from manufactures.editing.edits import EditRejected
from manufactures.errors import ManufError
from tests.conftest import REPO, load_script
from tests.test_layers import LAYERS

PACKAGE = REPO / "src" / "manufactures"
DOCS = REPO / "docs"
TEXTS = [REPO / "README.md", REPO / "CHANGELOG.md", *sorted(DOCS.rglob("*.md"))]
# What describes today's code; the changelog is history, and names what is gone.
CURRENT = [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]
ARCHITECTURE = DOCS / "architecture.md"


def test_the_table_of_codes_is_the_catalogue() -> None:
    build_docs = load_script("build_docs")
    text = build_docs.VALIDATION_DOC.read_text(encoding="utf-8")
    assert build_docs.with_codes_table(text) == text, (
        "docs/validation.md is stale: run python scripts/build_docs.py"
    )
    assert "`symlink-outside`" in text and "`yaml-too-deep`" in text


def test_the_columns_of_the_exports_are_documented() -> None:
    build_docs = load_script("build_docs")
    text = build_docs.DATA_OUT_DOC.read_text(encoding="utf-8")
    assert build_docs.with_codes_table(text, build_docs.DATA_OUT_DOC) == text, (
        "docs/data-out.md is stale: run python scripts/build_docs.py"
    )
    assert "`region_nom`" in text and "### `incubation`" in text


def _only_a_docstring(path: Path) -> bool:
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return len(body) == 1 and isinstance(body[0], ast.Expr)


def test_the_architecture_names_every_module() -> None:
    architecture = ARCHITECTURE.read_text(encoding="utf-8")
    modules = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        # a sub-package's `__init__.py` holding only its docstring is the folder's own note
        if not (path.name == "__init__.py" and path.parent != PACKAGE and _only_a_docstring(path))
    ]
    commands = [m for m in modules if m.startswith("cli/commands/")]
    named = [m for m in modules if m not in commands]
    missing = [m for m in named if f"`{m}`" not in architecture]
    assert not missing, f"docs/architecture.md does not name: {missing}"
    assert "`cli/commands/*.py`" in architecture and commands


def test_every_folder_says_what_it_holds() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        assert init.read_text(encoding="utf-8").startswith('"""'), init


def test_the_readme_is_short_and_starts_with_the_two_commands() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200
    assert lines[3].startswith("pip install . && manuf stats")
    assert lines[4].startswith("pip install -e '.[test]' && pytest")


def test_links_between_documents_lead_somewhere() -> None:
    broken = []
    for text in TEXTS:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            if not (text.parent / target).exists():
                broken.append(f"{text.relative_to(REPO)} → {target}")
    assert not broken


def test_nothing_refers_to_documents_outside_the_repository() -> None:
    """Design notes, a style guide or research notes kept beside the repository are not in a
    clone: code, docs and data say what they mean in their own words, or cite a public page."""
    sources = [
        path
        for folder in ("src", "tests", "scripts", "benchmarks", "docs", "data", "examples")
        for path in (REPO / folder).rglob("*")
        if path.suffix in {".py", ".md", ".yml", ".yaml"} and path != Path(__file__)
    ]
    top = [REPO / name for name in ("README.md", "CHANGELOG.md", "pyproject.toml", ".ci/run")]
    outside = re.compile(r"\.\./shared|shared/reference|facts\.md|\bDESIGN\b|STYLE\.md")
    found = [
        str(path.relative_to(REPO))
        for path in [*sources, *top, *REPO.glob("NOTICE*"), REPO / ".pre-commit-hooks.yaml"]
        if outside.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not found


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _first_cells(section: str) -> list[str]:
    """The first cell of each row of the one Markdown table in `section`, its header aside."""
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")]
    return rows[1:]


def _planned() -> list[str]:
    return [
        cell.strip("`")
        for cell in _first_cells(_section(ARCHITECTURE.read_text(encoding="utf-8"), "Planned"))
    ]


def test_the_layers_table_is_the_order_the_layers_test_enforces() -> None:
    table = _section(ARCHITECTURE.read_text(encoding="utf-8"), "The layers")
    documented = [
        frozenset(
            name.removesuffix("/").removesuffix(".py") for name in re.findall(r"`([^`]+)`", cell)
        )
        for cell in _first_cells(table)
    ]
    assert documented == list(reversed(LAYERS)), (
        "the layers table of docs/architecture.md differs from LAYERS in tests/test_layers.py"
    )


def test_planned_modules_have_not_landed_yet() -> None:
    planned = _planned()
    assert planned, "docs/architecture.md lists no planned module: drop the section and this test"
    landed = [module for module in planned if (PACKAGE / module).exists()]
    assert not landed, (
        f"{landed} exist now: describe them in docs/architecture.md's table of modules "
        "and take them out of « Planned »"
    )


_PYTHON_FILE = re.compile(r"`((?:[\w.-]+/)*[\w-]+\.py)(?::(\w+))?(?:::(\w+))?`|`::(\w+)`")
_DOTTED = re.compile(r"`(manufactures(?:\.\w+)+)")


def _file_of(reference: str) -> Path:
    """A `.py` path as the docs write it: from the repository's root, or from the package."""
    if reference.split("/")[0] in {"src", "tests", "scripts", "benchmarks"}:
        return REPO / reference
    return PACKAGE / reference


def _defines(path: Path, name: str) -> bool:
    """Whether `name` is a function, class or variable of `path` (a class's, for a test)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == name:
                return True
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return True
    return False


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for part in parts[cut:]:
            if not hasattr(found, part):
                return False
            found = getattr(found, part)
        return True
    return False


def test_the_code_the_docs_point_at_exists() -> None:
    """Every `path.py`, `path.py:name`, `tests/….py::test` and `manufactures.…` in the README and
    docs/ is there (a module listed as planned aside): a renamed module or function shows here."""
    planned = set(_planned())
    missing = []
    for text in CURRENT:
        where = text.relative_to(REPO)
        content = text.read_text(encoding="utf-8")
        for line in content.splitlines():
            last_file: Path | None = None
            for match in _PYTHON_FILE.finditer(line):
                reference, name, test, continued = match.groups()
                if continued:  # `::test_x` after `tests/test_y.py::…` on the same line
                    if last_file is None or not _defines(last_file, continued):
                        missing.append(f"{where}: {match.group(0)}")
                    continue
                path = _file_of(reference)
                if not path.is_file():
                    if reference not in planned:
                        missing.append(f"{where}: {match.group(0)} (no such file)")
                    continue
                last_file = path
                for wanted in (name, test):
                    if wanted and not _defines(path, wanted):
                        missing.append(f"{where}: {match.group(0)} (no `{wanted}` in it)")
        missing += [
            f"{where}: `{dotted}`" for dotted in _DOTTED.findall(content) if not _resolves(dotted)
        ]
    assert not missing, "the docs point at code that is not there:\n" + "\n".join(missing)


def test_the_exit_codes_the_architecture_gives_are_the_classes() -> None:
    section = _section(ARCHITECTURE.read_text(encoding="utf-8"), "Errors and exit codes")
    given = {name: int(code) for name, code in re.findall(r"`(\w+)` (\d)\b", section)}
    classes = {cls.__name__: cls for cls in _subclasses(ManufError)}
    assert EditRejected in classes.values()
    assert set(given) == set(classes) - {"ManufError"}, "every kind of ManufError, with its code"
    assert {name: classes[name].exit_code for name in given} == given


def _subclasses(cls: type[ManufError]) -> list[type[ManufError]]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in _subclasses(child))]
