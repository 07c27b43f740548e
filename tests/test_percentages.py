"""A percentage is rounded once, from the exact fraction: 28 of 33 is « 84,8 % » everywhere
(84,85 % would come from rounding the share to 0.8485 first, then again)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from manufactures.present.text import format_percent
from tests.conftest import DATA, run_cli


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(28, 33), "84,8\u00a0%"),
        (28 / 33, "84,8\u00a0%"),
        (Fraction(1, 8), "12,5\u00a0%"),
        (Fraction(17, 40), "42,5\u00a0%"),
        (Fraction(3, 2000), "0,2\u00a0%"),  # 0,15: half up, not to the even 0,2 by chance
        (Fraction(1, 2000), "0,1\u00a0%"),
        (Fraction(2, 3), "66,7\u00a0%"),
        (1.0, "100,0\u00a0%"),
        (None, "–"),
    ],
)
def test_rounded_once_half_up(value: Fraction | float | None, shown: str) -> None:
    assert format_percent(value) == shown


def _field_with_count(count: int) -> str:
    data = json.loads(run_cli("--data", str(DATA), "coverage", "--format", "json").stdout)["data"]
    return next(field["field"] for field in data["fields"] if field["count"] == count)


def test_coverage_json_keeps_the_share_exact() -> None:
    data = json.loads(run_cli("--data", str(DATA), "coverage", "--format", "json").stdout)["data"]
    total = len(list((DATA / "laureates").glob("*.yaml")))
    for field in data["fields"]:
        assert field["share"] == field["count"] / total  # full precision, never pre-rounded


@pytest.mark.parametrize(
    "command",
    [("coverage",), ("coverage", "--format", "markdown"), ("report", "--format", "markdown")],
    ids=" ".join,
)
def test_28_of_33_is_84_8_everywhere(command: tuple[str, ...]) -> None:
    total = len(list((DATA / "laureates").glob("*.yaml")))
    if total != 33:
        pytest.skip("the registry no longer has 33 records: the example is about 28 of 33")
    field = _field_with_count(28)
    text = run_cli("--data", str(DATA), *command).stdout
    line = next(line for line in text.splitlines() if field in line)
    assert "84,8\u00a0%" in line and "84,9" not in line


def test_the_html_report_says_84_8(tmp_path: Path) -> None:
    if len(list((DATA / "laureates").glob("*.yaml"))) != 33:
        pytest.skip("the registry no longer has 33 records")
    page = tmp_path / "r.html"
    assert run_cli("--data", str(DATA), "report", "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "84,8\u00a0%" in html and "84,9\u00a0%" not in html
