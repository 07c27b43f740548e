"""The code catalogue lists every diagnostic code the sources can produce, and only those."""

from __future__ import annotations

import json
import re
from pathlib import Path

from manufactures.validation.codes import CODES
from tests.conftest import DATA, REPO, run_cli

PACKAGE = REPO / "src" / "manufactures"
# The modules that produce diagnostics (presentation layers hold other hyphenated names).
DIAGNOSING = [
    *(PACKAGE / name for name in ("registry.py", "models.py")),
    *(PACKAGE / "yaml").rglob("*.py"),
    *(PACKAGE / "validation").rglob("*.py"),
    *(PACKAGE / "editing").rglob("*.py"),
]
NOT_CODES = {"utf-8", "utf-8-sig", "la-cabane"}  # encodings; an example id of a field
_LITERAL = re.compile(r"\"([a-z]+(?:-[a-z0-9]+)+)\"")


def _written(paths: list[Path]) -> set[str]:
    return {
        code
        for path in paths
        if path.exists()
        for code in _LITERAL.findall(path.read_text(encoding="utf-8"))
    }


def test_every_code_written_in_the_sources_is_catalogued() -> None:
    missing = _written(DIAGNOSING) - NOT_CODES - set(CODES)
    assert not missing, f"add these codes to manufactures/validation/codes.py: {sorted(missing)}"


def test_every_catalogued_code_is_given_somewhere() -> None:
    written = _written([*DIAGNOSING, *(PACKAGE / "referentials").rglob("*.py")])
    assert not set(CODES) - written, "codes.py lists codes no source gives"


def test_sarif_describes_coordinates_outside_as_the_check_it_is() -> None:
    """The check compares a point with a box around metropolitan France or the overseas
    department, not with the commune: code scanning shows the rule's description."""
    result = run_cli("validate", str(DATA), "--format", "sarif")
    driver = json.loads(result.stdout)["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule["shortDescription"]["text"] for rule in driver["rules"]}
    described = rules["coordinates-outside"]
    assert "metropolitan France" in described and "overseas department" in described
    assert "commune" not in described


def test_every_sarif_rule_says_what_it_checks_and_how_to_see_more() -> None:
    """Code scanning shows a rule's name, full description and help."""
    result = run_cli("validate", str(DATA), "--format", "sarif")
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == set(CODES)
    for rule in rules:
        assert rule["name"] and rule["fullDescription"]["text"].endswith(CODES[rule["id"]])
        assert f"--select {rule['id']}" in rule["help"]["text"]
        assert rule["help"]["markdown"]
