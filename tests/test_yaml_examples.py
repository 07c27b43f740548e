"""Every record shown in the README and docs/ is one `manuf fmt` leaves alone and `manuf validate`
accepts: a contributor copying it gets a record CI passes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_registry, run_cli

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
_YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
_RECORD_ID = re.compile(r"^id: ([a-z0-9-]+)", re.MULTILINE)


def _records() -> list[tuple[str, str]]:
    """(where, text) of every YAML block that is a record (it has a top-level `id`)."""
    return [
        (f"{path.relative_to(REPO)}#{number}", block)
        for path in DOCUMENTS
        for number, block in enumerate(_YAML_BLOCK.findall(path.read_text(encoding="utf-8")))
        if _RECORD_ID.search(block)
    ]


def test_the_readme_shows_a_record() -> None:
    assert any(where.startswith("README.md") for where, _ in _records())


@pytest.mark.parametrize(("where", "text"), _records(), ids=[w for w, _ in _records()])
def test_a_documented_record_is_canonical_and_valid(tmp_path: Path, where: str, text: str) -> None:
    registry = copy_registry(tmp_path / "registry")
    match = _RECORD_ID.search(text)
    assert match, where
    path = registry / "laureates" / f"{match.group(1)}.yaml"
    path.write_text(text, encoding="utf-8")
    check = run_cli("fmt", "--check", str(path))
    assert (check.exit_code, check.stdout) == (0, ""), f"{where} is not in canonical form"
    report = run_cli("--data", str(registry), "validate")
    assert report.exit_code == 0, report.stdout
