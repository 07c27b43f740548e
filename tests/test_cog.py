"""The shipped COG 2026: its header and counts, lookups, name normalisation, reproducibility."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from manufactures.referentials.cog import (
    Cog,
    CogCounts,
    Commune,
    Department,
    Region,
    _commune_lines,
    _parse_document,
    load_cog,
    normalize_place_name,
)
from tests.conftest import load_script

ROOT = Path(__file__).resolve().parents[1]
DATA_FILE = ROOT / "src/manufactures/referentials/cog2026.json.gz"

EXPECTED_COUNTS = {
    "current": 34875,
    "delegated": 2105,
    "associated": 471,
    "arrondissement": 45,
    "departments": 101,
    "regions": 18,
}


@pytest.fixture(scope="module")
def cog() -> Cog:
    return load_cog()


@pytest.fixture(scope="module")
def header() -> dict[str, Any]:
    document = json.loads(gzip.decompress(DATA_FILE.read_bytes()))
    result: dict[str, Any] = document["header"]
    return result


# The committed file.


def test_header_names_source_vintage_and_licence(header: dict[str, Any]) -> None:
    assert header["vintage"] == 2026
    assert header["source"]["package"] == "@etalab/decoupage-administratif"
    assert header["source"]["version"] == "6.0.0"
    assert header["licence"]["data"] == "Licence Ouverte / Open Licence 2.0"
    assert header["licence"]["producers"] == ["INSEE", "DGCL", "La Poste"]


def test_header_counts_are_the_cog_2026_ones(header: dict[str, Any]) -> None:
    assert header["counts"] == EXPECTED_COUNTS


def test_counts_of_the_loaded_data_match_the_header(cog: Cog, header: dict[str, Any]) -> None:
    counts = header["counts"]
    assert cog.counts == CogCounts(
        current=counts["current"],
        delegated=counts["delegated"],
        associated=counts["associated"],
        arrondissements=counts["arrondissement"],
        departments=counts["departments"],
        regions=counts["regions"],
    )


def test_cog_exposes_vintage_and_source(cog: Cog) -> None:
    assert cog.vintage == 2026
    assert (cog.source.package, cog.source.version) == ("@etalab/decoupage-administratif", "6.0.0")
    assert cog.source.licence == "Licence Ouverte / Open Licence 2.0"


def test_load_cog_reads_the_file_once() -> None:
    assert load_cog() is load_cog()


# Lookups by code.


def test_saint_etienne() -> None:
    assert load_cog().commune("42218") == Commune(
        code="42218",
        name="Saint-Étienne",
        kind="current",
        parent=None,
        department="42",
        region="84",
        postal_codes=("42000", "42100", "42230"),
        population=173136,
    )


def test_a_code_shared_with_a_delegated_commune_returns_the_current_commune_first(
    cog: Cog,
) -> None:
    current, delegated = cog.communes_with_code("01015")
    assert (current.name, current.kind, current.parent) == ("Arboys en Bugey", "current", None)
    assert (delegated.name, delegated.kind, delegated.parent) == ("Arbignieu", "delegated", "01015")
    assert cog.commune("01015") == current


def test_a_delegated_commune_with_its_own_code(cog: Cog) -> None:
    commune = cog.commune("01340")
    assert commune is not None
    assert (commune.name, commune.kind, commune.parent) == ("Saint-Bois", "delegated", "01015")
    assert (commune.postal_codes, commune.population) == ((), None)


def test_an_associated_commune(cog: Cog) -> None:
    commune = cog.commune("01120")
    assert commune is not None
    assert (commune.name, commune.kind, commune.parent) == ("Cordieux", "associated", "01262")


@pytest.mark.parametrize(
    ("code", "name", "parent"),
    [
        ("75116", "Paris 16e Arrondissement", "75056"),
        ("69381", "Lyon 1er Arrondissement", "69123"),
        ("13201", "Marseille 1er Arrondissement", "13055"),
    ],
)
def test_municipal_arrondissements(cog: Cog, code: str, name: str, parent: str) -> None:
    commune = cog.commune(code)
    assert commune is not None
    assert (commune.name, commune.kind, commune.parent) == (name, "arrondissement", parent)
    assert commune.population


def test_every_code_finds_its_communes_in_file_order(cog: Cog) -> None:
    """The bisection over the file's text finds every line of a code, and nothing between."""
    names: dict[str, list[str]] = {}
    for line in _commune_lines(cog):
        code, name, _ = line.split("|", 2)
        names.setdefault(code, []).append(name)
    for code, expected in names.items():
        assert [commune.name for commune in cog.communes_with_code(code)] == expected
    for code in ("", "0", "0100", "010010", "01001|", '"', "\\", "2A", "2A0040", "~", "ZZZZZ"):
        assert cog.communes_with_code(code) == ()


def test_a_file_of_another_layout_is_refused() -> None:
    document = gzip.decompress(DATA_FILE.read_bytes())
    for changed in (
        document.replace(b'"],"departments":', b'"], "departments":', 1),
        document.replace(b"Tsingoni", b"Tsing\\u006fni"),
        document.replace(b'"field":"|"', b'"field":";"'),
        b"{}",
    ):
        with pytest.raises(ValueError, match="unknown layout"):
            _parse_document(changed)


def test_paris_postal_codes_are_sorted(cog: Cog) -> None:
    paris = cog.commune("75056")
    assert paris is not None
    assert paris.postal_codes == tuple(sorted(paris.postal_codes))
    assert len(paris.postal_codes) == 21


def test_unknown_codes(cog: Cog) -> None:
    assert cog.commune("99999") is None
    assert cog.communes_with_code("99999") == ()
    assert cog.department("99") is None
    assert cog.region("99") is None


def test_overseas_collectivities_are_outside_the_cog(cog: Cog) -> None:
    assert cog.commune("98735") is None  # Papeete, Polynésie française
    assert cog.department("987") is None
    assert cog.region("987") is None


def test_departments_and_regions(cog: Cog) -> None:
    assert cog.department("2A") == Department(code="2A", name="Corse-du-Sud", region="94")
    assert cog.department("976") == Department(code="976", name="Mayotte", region="06")
    assert cog.region("84") == Region(code="84", name="Auvergne-Rhône-Alpes")


# Names.


@pytest.mark.parametrize("spelling", ["Saint-Étienne", "saint etienne", "ST ETIENNE", "St-Etienne"])
def test_spellings_of_saint_etienne_normalise_alike(spelling: str) -> None:
    assert normalize_place_name(spelling) == "SAINT ETIENNE"


@pytest.mark.parametrize(
    "spelling",
    [
        "L'Abergement-Clémenciat",
        "L’Abergement-Clémenciat",
        "Lʼabergement-clemenciat",
        "L ABERGEMENT CLEMENCIAT",
        "  l'abergement -- clémenciat ",
    ],
)
def test_apostrophes_hyphens_and_spaces_do_not_matter(cog: Cog, spelling: str) -> None:
    assert [commune.code for commune in cog.find_communes(spelling)] == ["01001"]


def test_abbreviations_expand_as_whole_words_only() -> None:
    assert normalize_place_name("Ste-Marie") == "SAINTE MARIE"
    assert normalize_place_name("Stenay") == "STENAY"
    assert normalize_place_name("Bast") == "BAST"


def test_ligature_oe(cog: Cog) -> None:
    assert {commune.code for commune in cog.find_communes("Oeuilly")} == {"02565", "51410"}


def test_find_communes_returns_every_homonym(cog: Cog) -> None:
    communes = cog.find_communes("sainte colombe")
    assert len(communes) == 12
    assert {commune.name for commune in communes} == {"Sainte-Colombe"}


def test_find_communes_lists_current_communes_first(cog: Cog) -> None:
    kinds = [commune.kind for commune in cog.find_communes("Saint-Denis")]
    assert kinds[0] == "current"
    assert kinds == sorted(kinds, key=lambda kind: kind != "current")


def test_find_communes_reaches_delegated_communes(cog: Cog) -> None:
    (arbignieu,) = cog.find_communes("arbignieu")
    assert (arbignieu.kind, arbignieu.parent) == ("delegated", "01015")


def test_find_communes_on_an_unknown_name(cog: Cog) -> None:
    assert cog.find_communes("Nulle-Part-sur-Mer") == ()


def test_closest_commune_names_suggests_the_official_spelling(cog: Cog) -> None:
    assert cog.closest_commune_names("Sant-Etiene")[0] == "Saint-Étienne"
    assert len(cog.closest_commune_names("Sant-Etiene", n=2)) == 2
    assert cog.closest_commune_names("xyzzy") == ()


# Reproducibility.


def test_build_reproduces_the_committed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: cannot fetch the package tarball")
    # Offline, npm would retry for over a minute before giving up.
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    build = load_script("build_cog")
    try:
        tarball = build.fetch_tarball(tmp_path, build.PACKAGE, build.VERSION, timeout=180)
    except subprocess.CalledProcessError as error:
        first_line = next(iter(error.stderr.splitlines()), "no message")
        pytest.skip(f"npm pack failed, registry unreachable? ({first_line})")
    except subprocess.TimeoutExpired:
        pytest.skip("npm pack timed out, registry unreachable?")
    built: bytes = build.build_cog(tarball)
    committed = DATA_FILE.read_bytes()
    assert gzip.decompress(built) == gzip.decompress(committed), "content differs: rebuild it"
    assert built == committed, "same content, different compression (another zlib?)"
