"""The real registry against the official references: each commune has codes the COG confirms."""

from __future__ import annotations

import json

import pytest

from manufactures.models import Laureate
from manufactures.referentials.cog import load_cog, normalize_place_name
from manufactures.registry import load_registry
from tests.conftest import DATA, run_cli

LAUREATES = load_registry(DATA)[0].laureates
WITH_COMMUNE = [rec for rec in LAUREATES if rec.location and rec.location.commune]


def test_validate_accepts_the_real_registry_without_a_single_diagnostic() -> None:
    result = run_cli("validate", str(DATA), "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["data"]["diagnostics"] == []


def test_most_real_records_name_their_commune() -> None:
    assert len(WITH_COMMUNE) == 27


@pytest.mark.parametrize("laureate", WITH_COMMUNE, ids=[rec.id for rec in WITH_COMMUNE])
def test_a_real_commune_carries_insee_department_and_region_the_cog_confirms(
    laureate: Laureate,
) -> None:
    location = laureate.location
    assert location is not None and location.commune is not None and location.insee is not None
    commune = load_cog().commune(location.insee)
    assert commune is not None and commune.kind == "current"
    assert normalize_place_name(commune.name) == normalize_place_name(location.commune)
    assert (location.department, location.region) == (commune.department, commune.region)
