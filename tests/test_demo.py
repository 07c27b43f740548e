"""The fictitious demo registry: written by the seeded generator, current, valid, plausible."""

from __future__ import annotations

import filecmp
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from manufactures.referentials.cog import load_cog
from tests.conftest import DATA, load_script, run_cli
from tests.raw_yaml import DEMO, raw_records


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return load_script("generate_demo")


def _write(generator: ModuleType, out: Path, *args: str) -> Path:
    assert generator.main(["--out", str(out), *args]) == 0
    return out


def _same_tree(left: Path, right: Path) -> bool:
    names = sorted(p.relative_to(left) for p in left.rglob("*.yaml"))
    assert names == sorted(p.relative_to(right) for p in right.rglob("*.yaml"))
    _, mismatch, errors = filecmp.cmpfiles(left, right, names, shallow=False)
    return not mismatch and not errors


def test_examples_demo_is_what_the_generator_writes(generator: ModuleType, tmp_path: Path) -> None:
    written = _write(generator, tmp_path / "demo")
    assert _same_tree(written, DEMO), "regenerate: python scripts/generate_demo.py"


def test_same_seed_same_bytes_other_seed_other_records(
    generator: ModuleType, tmp_path: Path
) -> None:
    first = _write(generator, tmp_path / "a", "--count", "30", "--seed", "7")
    second = _write(generator, tmp_path / "b", "--count", "30", "--seed", "7")
    other = _write(generator, tmp_path / "c", "--count", "30", "--seed", "8")
    assert _same_tree(first, second)
    assert {p.name for p in (first / "laureates").iterdir()} != {
        p.name for p in (other / "laureates").iterdir()
    }


def test_a_benchmark_registry_of_any_size_is_valid(generator: ModuleType, tmp_path: Path) -> None:
    out = _write(generator, tmp_path / "bench", "--count", "250", "--seed", "3")
    records = raw_records(out)
    assert len(records) == len({r["id"] for r in records}) == 250
    assert Counter(r["wave"] for r in records) == {1: 50, 2: 48, 3: 152}  # 20/19/61 of 250
    result = run_cli("--data", str(out), "validate")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("seed", [3, 11])
def test_a_generated_registry_is_already_in_fmt_canonical_form(
    generator: ModuleType, tmp_path: Path, seed: int
) -> None:
    out = _write(generator, tmp_path / "fmt", "--count", "40", "--seed", str(seed))
    records = raw_records(out)
    assert any(len(r["sectors"]) > 1 for r in records)  # sorting had something to do
    before = {p: p.read_bytes() for p in (out / "laureates").iterdir()}
    result = run_cli("fmt", "--check", str(out))
    assert (result.exit_code, result.stdout) == (0, ""), result.stdout
    assert result.stderr == "0 of 40 file(s) would be reformatted, 0 not readable\n"
    assert run_cli("fmt", str(out)).exit_code == 0
    assert {p: p.read_bytes() for p in (out / "laureates").iterdir()} == before


def test_the_demo_is_in_fmt_canonical_form() -> None:
    result = run_cli("fmt", "--check", str(DEMO))
    assert (result.exit_code, result.stdout) == (0, ""), result.stdout


def test_rewriting_removes_records_of_a_larger_run(generator: ModuleType, tmp_path: Path) -> None:
    out = _write(generator, tmp_path / "r", "--count", "20")
    _write(generator, out, "--count", "5")
    assert len(list((out / "laureates").iterdir())) == 5


def test_demo_validates() -> None:
    result = run_cli("--data", str(DEMO), "validate")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("102 files checked: 0 errors, 0 warnings\n")


def test_demo_copies_the_programme_and_modules() -> None:
    for name in ("programme.yaml", "modules.yaml"):
        assert (DEMO / name).read_bytes() == (DATA / name).read_bytes()


def test_every_record_says_it_is_fictitious(generator: ModuleType) -> None:
    records = raw_records(DEMO)
    assert len(records) == 100
    for record in records:
        assert record["id"].startswith("demo-")
        assert "FICTIVE" in record["notes"]
        assert record["sources"] == [{"url": generator.GENERATOR_URL, "note": "données fictives"}]
    for path in (DEMO / "laureates").iterdir():
        assert "fiche fictive" in path.read_text(encoding="utf-8").splitlines()[1]


def test_demo_matches_the_announced_aggregates() -> None:
    records = raw_records(DEMO)
    assert Counter(r["wave"] for r in records) == {1: 20, 2: 19, 3: 61}
    assert Counter(r["territory"] for r in records) == {
        "rural": 43,
        "qpv": 18,
        "small_medium_town": 39,
    }


def test_demo_places_are_real_cog_communes() -> None:
    cog = load_cog()
    for record in raw_records(DEMO):
        location = record["location"]
        commune = cog.commune(location["insee"])
        assert commune is not None and commune.kind == "current"
        assert (commune.name, commune.department, commune.region) == (
            location["commune"],
            location["department"],
            location["region"],
        )
        assert location["postal_code"] in commune.postal_codes


def test_demo_has_something_for_every_report() -> None:
    records = raw_records(DEMO)
    assert len({s for r in records for s in r["sectors"]}) >= 15
    assert sum(1 for r in records if r.get("funding")) > 80
    assert sum(1 for r in records if not r.get("funding")) > 0  # a « Non renseigné » group
    statuses = {
        p if isinstance(p, str) else p["status"]
        for r in records
        for p in (r.get("incubation") or {}).values()
    }
    assert statuses == {"done", "in_progress", "not_started"}
    assert {"started_on", "ended_on"} <= {k for r in records for k in r.get("support") or {}}


def test_split_counts_is_exact_and_proportional(generator: ModuleType) -> None:
    announced = {1: 20, 2: 19, 3: 61}
    assert generator.split_counts(100, announced) == announced
    for count in (1, 7, 333, 10_000):
        shares = generator.split_counts(count, announced)
        assert sum(shares.values()) == count
        assert all(abs(shares[k] - count * v / 100) < 1 for k, v in announced.items())


@pytest.mark.parametrize(
    ("commune", "expected"),
    [
        ("Évreux", "d'Évreux"),
        ("Le Vigan", "du Vigan"),
        ("Crest", "de Crest"),
        ("Hyères", "d'Hyères"),
    ],
)
def test_names_elide_as_french_does(generator: ModuleType, commune: str, expected: str) -> None:
    assert generator.of(commune) == expected


def test_the_demo_report_map_draws_every_laureate(tmp_path: Path) -> None:
    """Each demo record has (fictitious) coordinates: the map has a point per laureate."""
    page = tmp_path / "demo.html"
    result = run_cli("--data", str(DEMO), "report", "-o", str(page))
    assert result.exit_code == 0, result.stderr
    assert 'data-chart="map" data-points="100"' in page.read_text(encoding="utf-8")
