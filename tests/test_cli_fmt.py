"""`manuf fmt`: canonical form, idempotent, `--check` for CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from manufactures.editing.layout import SCHEMA_LINE
from tests.conftest import DATA, copy_registry, run_cli

MESSY = """\
# a comment that must stay
sources:
  - url: https://example.org   # why
name: Messy
id: messy
location: {department: 07, commune: Die}
sectors: [metal, bois, metal]
"""


def test_the_repository_data_is_canonical() -> None:
    result = run_cli("fmt", "--check", str(DATA))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr == "0 of 33 file(s) would be reformatted, 0 not readable\n"


def test_fmt_check_lists_changes_and_writes_nothing(registry: Path) -> None:
    messy = registry / "laureates" / "messy.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    result = run_cli("fmt", "--check", str(registry))
    assert result.exit_code == 1
    assert result.stdout.strip().endswith("laureates/messy.yaml")
    assert messy.read_text(encoding="utf-8") == MESSY


def test_fmt_twice_changes_nothing_the_second_time(registry: Path) -> None:
    messy = registry / "laureates" / "messy.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    assert run_cli("fmt", str(messy)).exit_code == 0
    once = messy.read_text(encoding="utf-8")
    assert once == (
        f"{SCHEMA_LINE}\n# a comment that must stay\nid: messy\nname: Messy\n"
        'location:\n  commune: Die\n  department: "07"\n'
        "sectors:\n  - bois\n  - metal\n"
        "sources:\n  - url: https://example.org   # why\n"
    )
    again = run_cli("fmt", str(messy))
    assert (again.exit_code, again.stdout) == (0, "")
    assert messy.read_text(encoding="utf-8") == once


def test_fmt_leaves_an_unreadable_file_alone(registry: Path) -> None:
    broken = registry / "laureates" / "broken.yaml"
    broken.write_text("id: [broken\n", encoding="utf-8")
    result = run_cli("fmt", str(broken))
    assert result.exit_code == 1
    assert "error[yaml-syntax]" in result.stderr
    assert broken.read_text(encoding="utf-8") == "id: [broken\n"


def test_an_empty_selection_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "laureates").mkdir()
    result = run_cli("fmt", str(tmp_path / "laureates"))
    assert result.exit_code == 2
    assert "no record file" in result.stderr


@pytest.mark.parametrize(
    "named", ["programme.yaml", "modules.yaml", "notes.txt", "elsewhere"], ids=str
)
def test_fmt_formats_records_only(tmp_path: Path, named: str) -> None:
    """The vocabulary files, a file that is not a record and a folder holding no records are
    usage errors (exit 2), and nothing is written."""
    root = copy_registry(tmp_path / "registry", records=("polinno",))
    (root / "notes.txt").write_text("à relire\n", encoding="utf-8")
    (root / "elsewhere").mkdir()
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = run_cli("fmt", str(root / named))
    assert result.exit_code == 2
    assert "record" in result.stderr or "registry" in result.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
