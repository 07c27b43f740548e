"""Every problem in one run: a record that fails its schema is still checked against the
official references, on every part of it that validated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import copy_registry, run_cli

RECORD = """id: polinno
name: Polinno
location:
  commune: Chandolas
  insee: "07999"
  department: "07"
  lat: 44.4
  lon: 200
carriers:
  - name: Une structure
    siret: "73282932000075"
sources:
  - url: https://example.org/source
"""


def _codes(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    root = copy_registry(tmp_path / "registry")
    (root / "laureates" / "polinno.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", str(root), "--format", "json")
    assert result.exit_code == 1
    diagnostics: list[dict[str, Any]] = json.loads(result.stdout)["data"]["diagnostics"]
    return sorted((d["code"], d["path"]) for d in diagnostics)


def test_a_bad_longitude_hides_neither_the_insee_code_nor_the_siret(tmp_path: Path) -> None:
    assert _codes(tmp_path, RECORD) == [
        ("invalid-value", "location.lon"),
        ("siret-invalid", "carriers[0].siret"),
        ("unknown-insee", "location.insee"),
    ]


def test_the_coordinates_are_not_judged_when_one_of_them_is_invalid(tmp_path: Path) -> None:
    text = RECORD.replace('"07999"', '"07053"').replace("73282932000075", "73282932000074")
    assert _codes(tmp_path, text) == [("invalid-value", "location.lon")]


def test_new_refuses_an_unknown_commune_at_once(tmp_path: Path) -> None:
    """`manuf new ID --name X --commune Dei` writes a placeholder source, which validation
    tolerates in a new record; the unknown commune is said at once, nothing is written (it used
    to pass, and the next `manuf set` was refused for it)."""
    root = copy_registry(tmp_path / "registry")
    created = run_cli("--data", str(root), "new", "ok-id", "--name", "X", "--commune", "Dei")
    assert created.exit_code == 1
    assert "error[unknown-commune] location.commune" in created.stderr
    assert not (root / "laureates" / "ok-id.yaml").exists()
