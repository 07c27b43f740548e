"""Records checked against the COG, the coordinate boxes, SIRET keys and QPV codes (unit level)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from manufactures.models import Laureate
from manufactures.validation.checks import Finding
from manufactures.validation.checks import referentials as checks
from manufactures.validation.checks.referentials import referential_findings
from manufactures.validation.diagnostics import Severity
from tests.conftest import run_cli

CHANDOLAS = {"commune": "Chandolas", "insee": "07053", "department": "07", "region": "84"}


def findings(**fields: Any) -> list[Finding]:
    record = {"id": "atelier", "name": "Atelier", "sources": [{"url": "https://example.org"}]}
    return referential_findings(Laureate.model_validate({**record, **fields}))


def codes(**fields: Any) -> list[tuple[str, str]]:
    return [(f.code, ".".join(map(str, f.path))) for f in findings(**fields)]


def test_a_consistent_location_has_no_finding() -> None:
    location = {**CHANDOLAS, "postal_code": "07230", "lat": 44.41, "lon": 4.26}
    assert findings(location=location) == []


# Names.


@pytest.mark.parametrize("spelling", ["Saint-Étienne", "saint etienne", "ST ETIENNE", "St-Etienne"])
def test_spellings_of_saint_etienne_match_42218(spelling: str) -> None:
    assert findings(location={"commune": spelling, "insee": "42218"}) == []


def test_l_abergement_clemenciat_matches_01001() -> None:
    assert findings(location={"commune": "L'Abergement-Clémenciat", "insee": "01001"}) == []
    assert findings(location={"commune": "l’abergement clemenciat", "insee": "01001"}) == []


def test_a_misspelt_name_is_given_the_official_one() -> None:
    [finding] = findings(location={"commune": "Saint-Étiene", "insee": "42218"})
    assert (finding.code, finding.path) == ("commune-name-mismatch", ("location", "commune"))
    assert "« Saint-Étienne »" in finding.message
    assert finding.hint is not None and finding.hint.startswith("write `commune: Saint-Étienne`")


def test_a_source_spelling_differing_from_the_cog_is_a_mismatch() -> None:
    # Crac'h (Morbihan) is « Crach » in the COG: the record uses the official spelling.
    assert findings(location={"commune": "Crach", "insee": "56046"}) == []
    [finding] = findings(location={"commune": "Crac'h", "insee": "56046"})
    assert finding.code == "commune-name-mismatch"
    assert "« Crach »" in finding.message


def test_a_name_mismatch_suggests_the_code_of_the_commune_named() -> None:
    [finding] = findings(location={"commune": "Tours", "insee": "07053"})
    assert finding.hint is not None and "`37261` (37)" in finding.hint


def test_a_name_alone_must_exist() -> None:
    assert codes(location={"commune": "Atlantide-sur-Mer"}) == [
        ("unknown-commune", "location.commune")
    ]
    assert findings(location={"commune": "Plouhinec", "department": "29"}) == []


def test_a_name_alone_must_lie_in_the_department_given() -> None:
    [finding] = findings(location={"commune": "Tours", "department": "36"})
    assert (finding.code, finding.path) == ("department-mismatch", ("location", "department"))
    assert finding.hint == 'write `department: "37"`, or the commune of `36` meant'


# Codes.


def test_an_unknown_code_names_the_code_of_the_commune() -> None:
    [finding] = findings(location={"commune": "Chandolas", "insee": "07999", "department": "07"})
    assert (finding.code, finding.path) == ("unknown-insee", ("location", "insee"))
    assert finding.hint == "the code of « Chandolas » (07) is `07053`"
    [bare] = findings(location={"insee": "07999"})
    assert bare.hint is None


@pytest.mark.parametrize(
    ("code", "kind", "parent"),
    [
        ("01340", "a delegated commune", "« Arboys en Bugey » (`01015`)"),
        ("01120", "an associated commune", "(`01262`)"),
        ("75116", "a municipal arrondissement", "« Paris » (`75056`)"),
    ],
)
def test_a_code_that_is_not_a_current_commune_is_a_warning_naming_its_parent(
    code: str, kind: str, parent: str
) -> None:
    [finding] = findings(location={"insee": code})
    assert (finding.code, finding.severity) == ("insee-not-current", Severity.WARNING)
    assert kind in finding.message
    assert parent in finding.message


def test_the_name_of_a_delegated_commune_or_of_its_parent_both_match() -> None:
    for name in ("Saint-Bois", "Arboys en Bugey"):
        assert codes(location={"commune": name, "insee": "01340"}) == [
            ("insee-not-current", "location.insee")
        ]
    # 01015 is both the current commune and one of its delegated communes: no warning.
    assert findings(location={"commune": "Arbignieu", "insee": "01015"}) == []


def test_postal_codes_are_the_communes_own_never_a_prefix() -> None:
    assert findings(location={"insee": "37261", "postal_code": "37100"}) == []
    [finding] = findings(location={"insee": "37261", "postal_code": "37300"})
    assert (finding.code, finding.hint) == (
        "postal-code-mismatch",
        "its postal code(s): 37000, 37100, 37200",
    )


def test_a_delegated_commune_has_its_parents_postal_codes() -> None:
    assert codes(location={"insee": "01340", "postal_code": "01300"}) == [
        ("insee-not-current", "location.insee")
    ]


# Departments and regions.


def test_a_wrong_department_is_one_finding_not_two() -> None:
    assert codes(location={**CHANDOLAS, "department": "33"}) == [
        ("department-mismatch", "location.department")
    ]


def test_a_region_must_hold_the_department() -> None:
    [finding] = findings(location={"department": "23", "region": "24"})
    assert (finding.code, finding.hint) == ("region-mismatch", 'write `region: "75"`')
    assert "department `23` (Creuse)" in finding.message


def test_the_region_is_checked_against_the_communes_department() -> None:
    assert codes(location={"insee": "07053", "region": "75"}) == [
        ("region-mismatch", "location.region")
    ]


def test_unknown_department_and_region_codes() -> None:
    [corsica] = findings(location={"department": "20"})
    assert corsica.code == "unknown-department"
    assert corsica.hint is not None and "2A" in corsica.hint
    assert codes(location={"department": "975"}) == [("unknown-department", "location.department")]
    assert codes(location={"region": "99"}) == [("unknown-region", "location.region")]


# Coordinates.


@pytest.mark.parametrize(
    ("department", "lat", "lon"),
    [
        ("2B", 42.3063, 9.1498),  # Corte, Corsica
        ("29", 48.4569, -5.0949),  # Ouessant
        ("971", 16.2411, -61.5331),  # Pointe-à-Pitre
        ("972", 14.6161, -61.0588),  # Fort-de-France
        ("973", 4.9372, -52.326),  # Cayenne
        ("974", -20.8821, 55.4507),  # Saint-Denis
        ("976", -12.7806, 45.2279),  # Mamoudzou
        (None, -20.8821, 55.4507),  # no department: anywhere in France
    ],
)
def test_coordinates_inside_the_departments_part_of_france(
    department: str | None, lat: float, lon: float
) -> None:
    assert findings(location={"department": department, "lat": lat, "lon": lon}) == []


def test_coordinates_in_the_atlantic_are_an_error() -> None:
    [finding] = findings(location={"department": "33", "lat": 44.59, "lon": -20.08})
    assert (finding.code, finding.path) == ("coordinates-outside", ("location", "lat"))
    assert "metropolitan France" in finding.message
    [anywhere] = findings(location={"lat": 46.5, "lon": -30.0})
    assert anywhere.code == "coordinates-outside"


def test_swapped_coordinates_are_recognised() -> None:
    [finding] = findings(location={"department": "33", "lat": -1.08383, "lon": 44.59449})
    assert finding.hint == "lat and lon look swapped: lat is north–south, lon east–west"


def test_coordinates_in_another_part_of_france_name_it() -> None:
    [finding] = findings(location={"department": "33", "lat": 16.2411, "lon": -61.5331})
    assert finding.hint == "the point is in Guadeloupe: check the department or the coordinates"


def test_the_communes_department_decides_the_box() -> None:
    # The department written is wrong; the coordinates are those of the commune's (971).
    location = {"insee": "97101", "department": "33", "lat": 16.27, "lon": -61.5}
    assert codes(location=location) == [("department-mismatch", "location.department")]


def test_half_a_coordinate_is_incomplete() -> None:
    assert codes(location={"lat": 45.0}) == [("coordinates-incomplete", "location.lat")]
    assert codes(location={"lon": 4.0}) == [("coordinates-incomplete", "location.lon")]


# QPV codes.


@pytest.mark.parametrize(
    ("qpv", "department"),
    [("QP093001", "93"), ("QN09301M", "93"), ("QP02A001", "2A"), ("QP971001", "971")],
)
def test_qpv_codes_of_both_generations(qpv: str, department: str) -> None:
    assert findings(location={"department": department, "qpv": qpv}) == []


@pytest.mark.parametrize("qpv", ["QP75001", "QP0750012", "QN07501", "QN07501MM", "QP2A0001"])
def test_a_qpv_code_of_another_layout(qpv: str) -> None:
    assert codes(location={"qpv": qpv}) == [("qpv-format", "location.qpv")]


def test_a_qpv_code_of_another_department() -> None:
    [finding] = findings(location={"department": "69", "qpv": "QP093001"})
    assert finding.code == "qpv-department-mismatch"
    assert "`93`, not `69`" in finding.message
    assert codes(location={"insee": "93008", "qpv": "QP069001"}) == [
        ("qpv-department-mismatch", "location.qpv")
    ]


# SIRET.


def test_a_siret_with_a_bad_key() -> None:
    carriers = [
        {"name": "Valide", "siret": "73282932000074"},
        {"name": "Sans SIRET"},
        {"name": "Faute de frappe", "siret": "73282932000075"},
    ]
    assert codes(carriers=carriers) == [("siret-invalid", "carriers.2.siret")]


# Cost.


def test_the_cog_is_read_only_for_a_record_that_names_a_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse() -> None:
        raise AssertionError("the COG was loaded")

    monkeypatch.setattr(checks, "load_cog", refuse)
    assert findings(location={"lat": 45.0, "lon": 4.0, "qpv": "QP093001"}) == []
    assert findings(carriers=[{"name": "Porteur"}]) == []


# Through the CLI.


def _record_with_code(registry: Path, code: str) -> Path:
    path = registry / "laureates" / "delegue.yaml"
    path.write_text(
        f'id: delegue\nname: Atelier\nlocation:\n  insee: "{code}"\n'
        "sources:\n  - url: https://example.org\n",
        encoding="utf-8",
    )
    return path


def test_a_delegated_commune_warns_and_fails_only_with_strict(registry: Path) -> None:
    _record_with_code(registry, "01340")

    result = run_cli("validate", str(registry), "--format", "json")

    assert result.exit_code == 0
    [warning] = json.loads(result.stdout)["data"]["diagnostics"]
    assert (warning["code"], warning["severity"], warning["line"]) == (
        "insee-not-current",
        "warning",
        4,
    )
    assert run_cli("validate", str(registry), "--strict").exit_code == 1


def test_an_edit_the_cog_contradicts_is_refused_and_the_file_left_alone(registry: Path) -> None:
    path = registry / "laureates" / "la-cabane.yaml"
    before = path.read_bytes()

    result = run_cli("--data", str(registry), "set", "la-cabane", "location.department", "07")

    assert result.exit_code == 1
    assert "department-mismatch" in result.stdout + result.stderr
    assert path.read_bytes() == before
