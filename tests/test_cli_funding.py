"""`manuf funding`: total, mean, median, min, max per group, against a plain recount."""

from __future__ import annotations

import statistics
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, run_cli
from tests.output_checks import FORMATS, check_output
from tests.raw_yaml import DEMO, funding_total, raw_file, raw_records

REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])


def _funding(registry: Path, *args: str) -> dict[str, Any]:
    result = run_cli("--data", str(registry), "funding", *args, "--format", "json")
    data: dict[str, Any] = check_output(result, "json", "funding")["data"]
    return data


def _expected(key: Any, label: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    amounts = [t for t in map(funding_total, records) if t is not None]
    return {
        "key": key,
        "label": label,
        "records": len(records),
        "records_with_funding": len(amounts),
        "recorded_eur": sum(amounts),
        "mean_eur": round(Fraction(sum(amounts), len(amounts))) if amounts else None,
        "median_eur": round(Fraction(statistics.median(amounts))) if amounts else None,
        "min_eur": min(amounts, default=None),
        "max_eur": max(amounts, default=None),
    }


@REGISTRIES
@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("by", ["territory", "sector", "department"])
def test_every_format_works(registry: Path, output_format: str, by: str) -> None:
    result = run_cli("--data", str(registry), "funding", "--by", by, "--format", output_format)
    check_output(result, output_format, "funding")


@REGISTRIES
@pytest.mark.parametrize("by", ["territory", "wave"])
def test_groups_equal_a_plain_recount(registry: Path, by: str) -> None:
    records = raw_records(registry)
    programme = raw_file(registry, "programme.yaml")
    labels = (
        {key: t["label"] for key, t in programme["territories"].items()}
        if by == "territory"
        else {w["number"]: w["label"] for w in programme["waves"]}
    )
    data = _funding(registry, "--by", by)
    assert data["by"] == by
    assert data["groups"] == [
        *(
            _expected(k, label, [r for r in records if r.get(by) == k])
            for k, label in labels.items()
        ),
        _expected(None, "Non renseigné", [r for r in records if r.get(by) is None]),
    ]
    assert data["total"] == _expected(None, "Ensemble", records)
    assert data["announced"] == {
        "budget_eur": programme["funding"]["budget_eur"],
        "per_laureate_eur": programme["funding"]["per_laureate_eur"],
        "per_laureate_variants_eur": programme["funding"]["per_laureate_variants_eur"],
    }


def test_territory_is_the_default_grouping() -> None:
    assert _funding(DEMO) == _funding(DEMO, "--by", "territory")


def test_demo_has_money_to_show() -> None:
    total = _funding(DEMO)["total"]
    assert total["records_with_funding"] > 80
    assert 100_000 <= total["min_eur"] < total["median_eur"] < total["max_eur"]


def test_amounts_are_french_on_screen_and_exact_integers_in_data() -> None:
    total = _funding(DEMO)["total"]["recorded_eur"]
    assert isinstance(total, int)
    text = check_output(run_cli("--data", str(DEMO), "funding"), "table", "funding")
    assert f"{total:,}".replace(",", "\u202f") + "\u00a0€" in text
    assert "30\u202f000\u202f000\u00a0€" in text  # the announced budget, beside
    assert "e+" not in text
    rows = check_output(
        run_cli("--data", str(DEMO), "funding", "--format", "csv"), "csv", "funding"
    )
    column = rows[0].index("recorded_eur")
    assert [row[column] for row in rows[1:]] == [
        str(group["recorded_eur"]) for group in _funding(DEMO)["groups"]
    ]


def test_data_registry_without_funding_says_not_recorded() -> None:
    data = _funding(DATA)
    assert data["total"]["records_with_funding"] == 0
    assert data["total"]["mean_eur"] is None
    text = check_output(run_cli("--data", str(DATA), "funding"), "table", "funding")
    assert "Non renseigné" in text
