"""The laureates table (`present.tables`) as GeoJSON: what QGIS, uMap and any web map open.

RFC 7946: a `FeatureCollection`, one `Feature` per laureate in the selection's order, its `id`
the laureate's. The geometry is a `Point` `[longitude, latitude]` (longitude first, as RFC 7946
says and most people do not expect) where both are recorded, and `null` where they are not: a
laureate without coordinates is still a feature, with its properties, and never a guessed point
(the commune's centre would look exact on a map). The registry's coordinates are WGS 84 already,
and RFC 7946 knows no other, so there is no `crs` member.

Properties are flat: every column of the laureates table but `latitude` and `longitude`, in the
table's order, with `null` where a record has no value, so that a layer built on one export
keeps its fields on the next. Dates are ISO text, numbers are numbers, an INSEE or postal code
stays text (its leading zero with it). Lists (`sectors`, `sectors_labels`, `activities`,
`carriers`, `sources`) stay joined by `|`, as in the CSV, xlsx and SQLite tables
(`present.tables.split_list` reads them back): QGIS turns a JSON array into a list field that
most of its tools, and every format it saves to, show as JSON text, and uMap prints an array in a
popup as comma-joined text, so a plain string serves both better, and every format of the
registry then spells a cell alike.

The output is UTF-8 text with accents as they are, one feature per line: a diff of two exports
shows the laureates that changed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from manufactures.present.tables import Row, TableSpec, cell_date

__all__ = ["write_geojson"]

_COORDINATES = ("latitude", "longitude")


def _feature(row: Row, names: Sequence[str]) -> dict[str, Any]:
    latitude, longitude = row.get("latitude"), row.get("longitude")
    geometry = (
        {"type": "Point", "coordinates": [longitude, latitude]}
        if latitude is not None and longitude is not None
        else None
    )
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": geometry,
        "properties": {name: cell_date(row.get(name)) for name in names},
    }


def write_geojson(spec: TableSpec, rows: Sequence[Row], out: TextIO) -> None:
    """`rows` of the laureates table `spec` as an RFC 7946 FeatureCollection, written to `out`."""
    names = [name for name in spec.column_names if name not in _COORDINATES]
    out.write('{"type": "FeatureCollection", "features": [')
    for index, row in enumerate(rows):
        out.write("," if index else "")
        out.write("\n")
        out.write(json.dumps(_feature(row, names), ensure_ascii=False, allow_nan=False))
    out.write("\n]}\n")
