"""The map of the report: departments shaded by how many laureates they hold (choropleth), and a
point for each laureate whose coordinates are recorded; overseas departments in insets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import NamedTuple

from manufactures.models import Laureate
from manufactures.report.france_map import FranceMap, load_france_map
from manufactures.report.svg import number

__all__ = ["SHADES", "MapFigure", "france_map", "shade_of"]

# Sequential shades, from « none » to « most »; a department's shade is its count's step, drawn
# by the page's stylesheet as the class `s<step>`.
SHADES = ("#f3f4f6", "#cfe1f2", "#93c4de", "#4a98c9", "#1764ab")
POINT_RADIUS = 4


class MapFigure(NamedTuple):
    """The map's SVG and what it shows: how many points, how many records had none to show."""

    svg: str
    points: int
    without_coordinates: int
    off_map: int
    legend: tuple[tuple[int, str], ...]
    """(shade, label) of each shade used."""


def shade_of(count: int, maximum: int) -> int:
    """The shade (an index of `SHADES`) of a department holding `count` laureates when the most
    any holds is `maximum`."""
    if count <= 0 or maximum <= 0:
        return 0
    steps = len(SHADES) - 1
    return min(steps, 1 + (count - 1) * steps // maximum)


def _legend(maximum: int) -> tuple[tuple[int, str], ...]:
    counts: dict[int, list[int]] = {}
    for count in range(1, maximum + 1):
        counts.setdefault(shade_of(count, maximum), []).append(count)
    ranges = (
        (shade, str(c[0]) if len(c) == 1 else f"{c[0]}–{c[-1]}") for shade, c in counts.items()
    )
    return ((0, "0"), *ranges)


def france_map(
    laureates: Sequence[Laureate],
    counts: Mapping[str, int],
    names: Mapping[str, str],
    *,
    outline: FranceMap | None = None,
) -> MapFigure:
    """The map of `laureates`, departments shaded by `counts` (department code → laureates)."""
    outline = outline or load_france_map()
    maximum = max(counts.values(), default=0)
    shapes = "".join(
        _department(code, path, counts.get(code, 0), maximum, names.get(code, code))
        for code, path in outline.paths.items()
    )
    frames = "".join(
        f'<g class="inset"><rect x="{number(f.box[0])}" y="{number(f.box[1])}" '
        f'width="{number(f.box[2])}" height="{number(f.box[3])}"/>'
        f'<text x="{number(f.box[0] + 3)}" y="{number(f.box[1] - 4)}">{escape(f.label)}</text></g>'
        for key, f in outline.frames.items()
        if key != "metropole"
    )
    points, without, off_map = [], 0, 0
    for laureate in laureates:
        location = laureate.location
        if location is None or location.lat is None or location.lon is None:
            without += 1
            continue
        spot = outline.place(location.lat, location.lon, location.department)
        if spot is None:
            off_map += 1
            continue
        points.append(_point(laureate, spot))
    box = " ".join(number(v) for v in outline.view_box)
    svg = (
        f'<svg class="map" data-chart="map" data-points="{len(points)}" viewBox="{box}" '
        f'role="img" aria-label="Carte des lauréats par département">'
        f"<title>Carte des lauréats par département</title>"
        f'<g class="departments">{shapes}</g>{frames}<g class="points">{"".join(points)}</g></svg>'
    )
    return MapFigure(svg, len(points), without, off_map, _legend(maximum))


def _department(code: str, path: str, count: int, maximum: int, name: str) -> str:
    return (
        f'<path data-department="{escape(code)}" data-count="{count}" '
        f'class="s{shade_of(count, maximum)}" d="{escape(path)}">'
        f"<title>{escape(code)} {escape(name)} : {count} lauréat(s)</title></path>"
    )


def _point(laureate: Laureate, spot: tuple[float, float]) -> str:
    location = laureate.location
    commune = f" — {location.commune}" if location is not None and location.commune else ""
    return (
        f'<circle class="point" data-id="{escape(laureate.id)}" cx="{number(spot[0])}" '
        f'cy="{number(spot[1])}" r="{POINT_RADIUS}">'
        f"<title>{escape(laureate.name)}{escape(commune)}</title></circle>"
    )
