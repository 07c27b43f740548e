"""The records checked against the programme's announced figures, alone and through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from manufactures.models import Laureate, Programme
from manufactures.validation.checks.programme import programme_findings
from manufactures.yaml.reader import parse_record_text
from tests.conftest import DATA, copy_registry, run_cli


@pytest.fixture(scope="module")
def programme() -> Programme:
    text = (DATA / "programme.yaml").read_text(encoding="utf-8")
    return Programme.model_validate(parse_record_text(text))


def laureates(count: int, **fields: Any) -> list[Laureate]:
    return [
        Laureate.model_validate(
            {"id": f"atelier-{n}", "name": "Atelier", "sources": [{"url": "https://e.org"}]}
            | fields
        )
        for n in range(count)
    ]


def test_as_many_records_as_announced_is_no_problem(programme: Programme) -> None:
    records = laureates(20, wave=1) + laureates(18, territory="qpv") + laureates(62)
    assert programme_findings(programme, records) == []


def test_fewer_records_than_announced_is_no_problem(programme: Programme) -> None:
    assert programme_findings(programme, laureates(3, wave=3, territory="rural")) == []


def test_more_records_than_announced_in_a_wave(programme: Programme) -> None:
    [finding] = programme_findings(programme, laureates(21, wave=1))
    assert (finding.code, finding.path) == ("more-than-announced", ("waves", 0, "announced"))
    assert finding.message == "21 records are in wave 1 (Vague 1), but the programme announced 20"
    assert finding.hint is not None and "`manuf list --wave 1` lists the 21" in finding.hint


def test_more_records_than_announced_in_a_territory(programme: Programme) -> None:
    [finding] = programme_findings(programme, laureates(19, territory="qpv"))
    assert finding.path == ("territories", "qpv", "announced")
    assert finding.message.startswith("19 records have the territory `qpv`")


def test_more_records_than_announced_in_total(programme: Programme) -> None:
    [finding] = programme_findings(programme, laureates(101))
    assert (finding.code, finding.path) == ("more-than-announced", ("announced_total",))


def test_funding_above_the_budget_names_the_largest_total(programme: Programme) -> None:
    records = laureates(1, funding=[{"amount_eur": 20_000_000}, {"amount_eur": 5_000_000}])
    records += [laureates(1, id="gros", funding=[{"amount_eur": 29_000_000}])[0]]
    [finding] = programme_findings(programme, records)
    assert (finding.code, finding.path) == ("funding-above-budget", ("funding", "budget_eur"))
    assert "54 000 000 €" in finding.message
    assert finding.hint is not None and "`gros`'s, 29 000 000 €" in finding.hint
    assert programme_findings(programme, laureates(1, funding=[{"amount_eur": 30_000_000}])) == []


def test_validate_reports_an_overfull_territory_once_at_its_announced_figure(
    tmp_path: Path,
) -> None:
    registry = copy_registry(tmp_path / "registry")
    for n in range(19):
        (registry / "laureates" / f"quartier-{n}.yaml").write_text(
            f"id: quartier-{n}\nname: Quartier {n}\nterritory: qpv\n"
            "sources:\n  - url: https://example.org\n",
            encoding="utf-8",
        )

    result = run_cli("validate", str(registry), "--format", "json")

    assert result.exit_code == 1
    [diagnostic] = json.loads(result.stdout)["data"]["diagnostics"]
    programme = (registry / "programme.yaml").read_text(encoding="utf-8").splitlines()
    assert diagnostic["file"].endswith("programme.yaml")
    assert diagnostic["path"] == "territories.qpv.announced"
    assert programme[diagnostic["line"] - 1].strip() == "announced: 18"
    assert programme[diagnostic["line"] - 2].strip() == "label: Dans ou à proximité d'un QPV"
