"""`manuf show ID`: one record, whole, in every format; an unknown id is a usage error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, run_cli
from tests.output_checks import FORMATS, check_output
from tests.raw_yaml import DEMO, as_json, raw_records

CASES = pytest.mark.parametrize(
    ("registry", "record_id"),
    [(DATA, "polinno"), (DEMO, "demo-la-forge-de-saint-etienne")],
    ids=["data", "demo"],
)


def _raw(registry: Path, record_id: str) -> dict[str, Any]:
    return next(r for r in raw_records(registry) if r["id"] == record_id)


@CASES
@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_works(registry: Path, record_id: str, output_format: str) -> None:
    result = run_cli("--data", str(registry), "show", record_id, "--format", output_format)
    check_output(result, output_format, "show")


@CASES
def test_data_is_the_record_exactly_as_its_file_says(registry: Path, record_id: str) -> None:
    result = run_cli("--data", str(registry), "show", record_id, "--format", "json")
    envelope = check_output(result, "json", "show")
    assert envelope["filters"] == {}
    assert envelope["data"] == as_json(_raw(registry, record_id))


def test_card_shows_labels_official_names_amounts_and_modules() -> None:
    record_id = "demo-la-forge-de-saint-etienne"
    text = check_output(run_cli("--data", str(DEMO), "show", record_id), "table", "show")
    raw = _raw(DEMO, record_id)
    assert "La Forge de Saint-Étienne" in text
    assert "42 Loire" in text and "84 Auvergne-Rhône-Alpes" in text
    assert "Dans ou à proximité d'un QPV" in text
    amount = f"{raw['funding'][0]['amount_eur']:,}".replace(",", "\u202f") + "\u00a0€"
    assert amount in text
    assert "Écosystème" in text and "●" in text


def test_card_marks_unknown_fields() -> None:
    text = check_output(run_cli("--data", str(DATA), "show", "polinno"), "table", "show")
    website_line = next(line for line in text.splitlines() if "Site web" in line)
    assert "–" in website_line


def test_unknown_id_is_a_usage_error_with_a_suggestion() -> None:
    result = run_cli("--data", str(DATA), "show", "polino")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no record has the id `polino`; did you mean `polinno`?" in result.stderr
