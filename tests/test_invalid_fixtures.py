"""Each folder of tests/fixtures/invalid/ is a case: bad files placed in a copy of a valid registry.

`expected.json` beside the files lists the diagnostics `manuf validate` must give: each listed key
(file, code, line, column, path, hint) must match exactly, and no other diagnostic may appear.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, copy_registry, run_cli

CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
VALID_RECORDS = ("polinno", "la-cabane")


def _place_case(case: Path, target: Path) -> int:
    """Copy the case's files over a valid registry; return how many record files it adds."""
    copy_registry(target, records=VALID_RECORDS)
    added = 0
    for source in (case / "laureates").iterdir():
        shutil.copy(source, target / "laureates" / source.name)
        added += 1
    return added


def _matches(diagnostic: dict[str, Any], expected: dict[str, Any]) -> bool:
    return all(
        diagnostic["file"].endswith(value) if key == "file" else diagnostic.get(key) == value
        for key, value in expected.items()
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case(case: Path, tmp_path: Path) -> None:
    target = tmp_path / "registry"
    added = _place_case(case, target)
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))["diagnostics"]

    result = run_cli("validate", str(target), "--format", "json")

    assert result.exit_code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    report = json.loads(result.stdout)["data"]
    diagnostics = report["diagnostics"]
    for item in expected:
        assert any(_matches(d, item) for d in diagnostics), f"missing {item} in {diagnostics}"
    unexpected = [d for d in diagnostics if not any(_matches(d, item) for item in expected)]
    assert unexpected == []
    # The valid records and both vocabulary files were still read and checked.
    assert report["files_checked"] == len(VALID_RECORDS) + added + 2


def test_no_tag_is_ever_executed(tmp_path: Path) -> None:
    marker = Path("/tmp/manuf-pwned")
    marker.unlink(missing_ok=True)
    _place_case(FIXTURES / "invalid" / "python-tag", tmp_path / "registry")
    run_cli("validate", str(tmp_path / "registry"))
    assert not marker.exists()
