"""The registry shipped inside the installed package is read-only: `new`, `set`, `progress set`
and `fmt` refuse to write there (exit 2) and say how to get a copy to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from manufactures import discovery
from tests.conftest import DATA, run_cli

EDITS = {
    "new": ["new", "la-fabrique", "--name", "La Fabrique"],
    "set": ["set", "polinno", "website", "https://example.org"],
    "progress set": ["progress", "set", "polinno", "ecosysteme", "done"],
    "fmt": ["fmt"],
}


@pytest.fixture
def packaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the registry standing where a wheel puts it, inside the package."""
    registry = tmp_path / "site-packages" / "manufactures" / "_registry"
    shutil.copytree(DATA, registry)
    monkeypatch.setattr(discovery, "PACKAGED_REGISTRY", registry)
    return registry


@pytest.mark.parametrize("edit", EDITS, ids=EDITS)
def test_no_edit_writes_into_the_package(packaged: Path, edit: str) -> None:
    before = {path: path.read_bytes() for path in packaged.rglob("*") if path.is_file()}
    result = run_cli("--data", str(packaged), *EDITS[edit])
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "read-only" in result.stderr and "cp -r" in result.stderr
    after = {path: path.read_bytes() for path in packaged.rglob("*") if path.is_file()}
    assert after == before


def test_reading_the_package_copy_still_works(packaged: Path) -> None:
    assert run_cli("--data", str(packaged), "stats", "--format", "json").exit_code == 0
    assert run_cli("--data", str(packaged), "fmt", "--check").exit_code == 0
