"""`manuf coverage`: recorded vs announced, fields filled, incomplete records, against the YAML."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from manufactures.analysis.coverage import compute_coverage, has_field
from manufactures.models import Laureate
from tests.conftest import DATA, run_cli
from tests.output_checks import FORMATS, check_output
from tests.raw_yaml import DEMO, raw_file, raw_records

REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])


def _coverage(registry: Path, *args: str) -> dict[str, Any]:
    result = run_cli("--data", str(registry), "coverage", *args, "--format", "json")
    data: dict[str, Any] = check_output(result, "json", "coverage")["data"]
    return data


@REGISTRIES
@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_works(registry: Path, output_format: str) -> None:
    result = run_cli("--data", str(registry), "coverage", "--format", output_format)
    check_output(result, output_format, "coverage")


def test_the_real_registry_holds_33_of_the_100_laureates() -> None:
    result = run_cli("--data", str(DATA), "coverage", "--format", "table")
    text = check_output(result, "table", "coverage")
    assert text.startswith("33 lauréat(s) enregistré(s) sur 100 annoncés ; 67 à enregistrer —")
    for title in ("Vague de labellisation", "Type de territoire", "Champs renseignés"):
        assert title in text
    assert _coverage(DATA)["total"] == {"count": 33, "announced": 100, "missing": 67}


@REGISTRIES
def test_gaps_per_wave_and_territory_equal_a_plain_recount(registry: Path) -> None:
    records = raw_records(registry)
    programme = raw_file(registry, "programme.yaml")
    data = _coverage(registry)

    waves = Counter(r.get("wave") for r in records)
    expected_waves = [
        (
            w["number"],
            waves[w["number"]],
            w["announced"],
            max(w["announced"] - waves[w["number"]], 0),
        )
        for w in programme["waves"]
    ]
    got = [(g["key"], g["count"], g["announced"], g["missing"]) for g in data["by_wave"]]
    assert got == [*expected_waves, (None, waves[None], None, None)]
    territories = Counter(r.get("territory") for r in records)
    for group in data["by_territory"][:-1]:
        announced = programme["territories"][group["key"]]["announced"]
        assert group["count"] == territories[group["key"]]
        assert group["missing"] == max(announced - group["count"], 0)


def test_the_real_gaps_are_shown_per_wave() -> None:
    by_wave = {g["key"]: (g["count"], g["missing"]) for g in _coverage(DATA)["by_wave"]}
    assert by_wave == {1: (10, 10), 2: (5, 14), 3: (9, 52), None: (9, None)}


@REGISTRIES
def test_each_field_counts_the_records_that_fill_it(registry: Path) -> None:
    records = raw_records(registry)
    fields = {f["field"]: f for f in _coverage(registry)["fields"]}

    def count(test: Any) -> int:
        return sum(1 for record in records if test(record))

    assert fields["id"]["count"] == len(records)
    assert fields["location.insee"]["count"] == count(
        lambda r: (r.get("location") or {}).get("insee")
    )
    assert fields["carriers[].siret"]["count"] == count(
        lambda r: any(c.get("siret") for c in r.get("carriers") or ())
    )
    assert fields["sectors"]["share"] == count(lambda r: r.get("sectors")) / len(records)
    assert "incubation.<module>" not in fields


@REGISTRIES
def test_incomplete_records_are_exactly_those_lacking_a_key_fact(registry: Path) -> None:
    records = raw_records(registry)
    data = _coverage(registry)

    def lacks(record: dict[str, Any]) -> list[str]:
        facts = {
            "territory": record.get("territory"),
            "wave": record.get("wave"),
            "location.commune": (record.get("location") or {}).get("commune"),
            "sectors": record.get("sectors"),
        }
        return [name for name, value in facts.items() if not value]

    expected = [(r["id"], lacks(r)) for r in records if lacks(r)]
    assert [(item["id"], item["lacks"]) for item in data["incomplete"]] == expected
    assert data["key_facts"] == ["territory", "wave", "location.commune", "sectors"]


def test_a_record_with_every_key_fact_is_not_listed() -> None:
    ids = {item["id"] for item in _coverage(DATA)["incomplete"]}
    assert "polinno" not in ids
    assert "fab-unit" in ids


def test_filters_select_the_records_counted() -> None:
    data = _coverage(DATA, "--wave", "1")
    assert data["total"]["count"] == 10
    assert {g["key"]: g["count"] for g in data["by_wave"]} == {1: 10, 2: 0, 3: 0, None: 0}


def test_csv_rows_say_which_table_they_belong_to() -> None:
    result = run_cli("--data", str(DATA), "coverage", "--format", "csv")
    header, *rows = check_output(result, "csv", "coverage")
    assert header[:3] == ["dimension", "key", "field"]
    assert {row[0] for row in rows} == {"wave", "territory", "field", "incomplete"}


def test_coverage_is_listed_in_the_help() -> None:
    result = run_cli("--help")
    assert "coverage" in result.stdout
    assert "Examples:" in run_cli("coverage", "--help").stdout


# The library, without the CLI.


def _laureate(**fields: Any) -> Laureate:
    record = {"id": "atelier", "name": "Atelier", "sources": [{"url": "https://example.org"}]}
    return Laureate.model_validate(record | fields)


def test_an_empty_list_is_not_a_filled_field() -> None:
    assert not has_field(_laureate(sectors=[]), "sectors")
    assert has_field(_laureate(sectors=["bois"]), "sectors")
    assert has_field(
        _laureate(carriers=[{"name": "A"}, {"name": "B", "siret": "73282932000074"}]),
        "carriers[].siret",
    )
    assert not has_field(_laureate(carriers=[{"name": "A"}]), "carriers[].siret")


def test_no_record_gives_zero_shares_and_the_whole_programme_missing() -> None:
    from manufactures.registry import load_registry

    programme = load_registry(DATA)[0].programme
    coverage = compute_coverage([], programme)
    assert coverage.total.missing == 100
    assert {field.share for field in coverage.fields} == {0.0}
    assert coverage.incomplete == []
