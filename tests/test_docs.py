"""The docs say what the code is: the code table is the catalogue's, the architecture names every
module, links lead somewhere, and no text points outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO, load_script

PACKAGE = REPO / "src" / "manufactures"
DOCS = REPO / "docs"
TEXTS = [REPO / "README.md", REPO / "CHANGELOG.md", *sorted(DOCS.rglob("*.md"))]


def test_the_table_of_codes_is_the_catalogue() -> None:
    build_docs = load_script("build_docs")
    text = build_docs.VALIDATION_DOC.read_text(encoding="utf-8")
    assert build_docs.with_codes_table(text) == text, (
        "docs/validation.md is stale: run python scripts/build_docs.py"
    )
    assert "`symlink-outside`" in text and "`yaml-too-deep`" in text


def test_the_architecture_names_every_module() -> None:
    architecture = (DOCS / "architecture.md").read_text(encoding="utf-8")
    modules = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if not (path.name == "__init__.py" and path.parent != PACKAGE)  # a folder's own note
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
    sources = [
        path
        for folder in ("src", "tests", "scripts", "benchmarks", "docs")
        for path in (REPO / folder).rglob("*")
        if path.suffix in {".py", ".md", ".yml", ".yaml"} and path != Path(__file__)
    ]
    outside = re.compile(r"\.\./shared|shared/reference|DESIGN\.md|DESIGN §|STYLE\.md")
    found = [
        str(path.relative_to(REPO))
        for path in [*sources, REPO / "README.md", REPO / ".ci" / "run"]
        if outside.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not found
