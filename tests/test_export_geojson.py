"""`manuf export --format geojson` and `manuf list --format geojson`: RFC 7946, valid by the
official GeoJSON schema (kept in tests/fixtures/geojson/, its provenance in NOTICE.md there),
opened by GDAL as QGIS opens it, each point where its record puts it (longitude first) and none
where the record has no coordinates."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from pyogrio import read_info
from pyogrio.raw import read

from manufactures.present.tables import split_list
from manufactures.render.formats import neutralise_formula
from tests.conftest import DATA, FIXTURES, run_cli
from tests.output_checks import read_csv
from tests.raw_yaml import DEMO, funding_total, raw_records

SCHEMA = json.loads((FIXTURES / "geojson" / "FeatureCollection.json").read_text(encoding="utf-8"))
VALIDATOR = Draft7Validator(SCHEMA)
REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
COMMANDS = pytest.mark.parametrize("command", ["export", "list"])
BRITTANY = {"22", "29", "35", "56"}
LISTS = ("sectors", "activities")


def _stdout(*args: str) -> str:
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def _geojson(registry: Path, command: str = "export", *args: str) -> dict[str, Any]:
    collection: dict[str, Any] = json.loads(
        _stdout("--data", str(registry), command, "--format", "geojson", *args)
    )
    return collection


def _position(record: dict[str, Any]) -> list[float] | None:
    """`[longitude, latitude]` as the plain YAML records them, or None where either is absent."""
    location = record.get("location") or {}
    if location.get("lat") is None or location.get("lon") is None:
        return None
    return [location["lon"], location["lat"]]


def _schema_errors(collection: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(collection)]


def test_the_schema_is_geojson_orgs_and_catches_what_it_should() -> None:
    assert SCHEMA["$id"] == "https://geojson.org/schema/FeatureCollection.json"
    Draft7Validator.check_schema(SCHEMA)
    feature = {"type": "Feature", "properties": {}, "geometry": None}
    assert _schema_errors({"type": "FeatureCollection", "features": [feature]}) == []
    for broken in (
        {key: value for key, value in feature.items() if key != "geometry"},
        {**feature, "geometry": {"type": "Point", "coordinates": [2.35]}},
        {**feature, "id": True},
    ):
        assert _schema_errors({"type": "FeatureCollection", "features": [broken]})


@REGISTRIES
@COMMANDS
def test_valid_geojson_one_feature_per_record_in_order(registry: Path, command: str) -> None:
    collection = _geojson(registry, command)
    assert _schema_errors(collection) == []
    assert "crs" not in collection  # RFC 7946: WGS 84 only, the member is gone
    ids = [record["id"] for record in raw_records(registry)]
    assert [feature["id"] for feature in collection["features"]] == ids
    assert [feature["properties"]["id"] for feature in collection["features"]] == ids


def test_an_empty_selection_is_an_empty_valid_collection() -> None:
    collection = _geojson(DEMO, "list", "--search", "aucune manufacture ne porte ce nom")
    assert collection == {"type": "FeatureCollection", "features": []}


@REGISTRIES
def test_each_point_is_where_its_record_says_longitude_first(registry: Path) -> None:
    features = _geojson(registry)["features"]
    records = raw_records(registry)
    for feature, record in zip(features, records, strict=True):
        position = _position(record)
        expected = position and {"type": "Point", "coordinates": position}
        assert feature["geometry"] == expected, record["id"]
    breton = [
        feature["geometry"]["coordinates"]
        for feature in features
        if feature["properties"]["department"] in BRITTANY and feature["geometry"]
    ]
    assert breton  # west of Greenwich, north of the equator: a negative first number
    assert all(longitude < 0 < latitude for longitude, latitude in breton)


def test_records_without_coordinates_have_a_null_geometry_not_a_guess() -> None:
    features = _geojson(DATA)["features"]
    unplaced = [feature for feature in features if feature["geometry"] is None]
    assert unplaced and len(unplaced) < len(features)
    assert all(feature["properties"]["name"] for feature in unplaced)  # still listed, named
    assert not any(
        key in feature["properties"] for feature in features for key in ("latitude", "longitude")
    )


@REGISTRIES
def test_properties_are_the_csv_columns_and_cells(registry: Path) -> None:
    """The properties are the laureates table's columns and values, as the CSV holds them, but
    typed: numbers as numbers, dates and codes as text, lists joined by `|` as in the CSV (whose
    `'` before a would-be formula is the spreadsheet's concern, not a map's)."""
    rows = read_csv(run_cli("--data", str(registry), "export", "--format", "csv"))
    header, body = rows[0], rows[1:]
    columns = [name for name in header if name not in ("latitude", "longitude")]
    features = _geojson(registry)["features"]
    assert len(features) == len(body)
    for feature, row in zip(features, body, strict=True):
        properties = feature["properties"]
        assert list(properties) == columns
        cells = dict(zip(header, row, strict=True))
        for name, value in properties.items():
            cell = "" if value is None else str(neutralise_formula(value))
            assert cell == cells[name], (feature["id"], name)
    for record, feature in zip(raw_records(registry), features, strict=True):
        properties = feature["properties"]
        assert properties["funding_total_eur"] == funding_total(record)
        for name in LISTS:
            assert split_list(properties[name]) == (record.get(name) or [])


def test_accents_are_written_as_they_are() -> None:
    text = _stdout("--data", str(DEMO), "export", "--format", "geojson")
    assert "Île-Tudy" in text and "Évreux" in text
    assert "\\u" not in text


def _point(wkb: bytes) -> list[float]:
    """The `[x, y]` of a little-endian WKB point, as GDAL hands geometries over."""
    order, kind, x, y = struct.unpack("<BIdd", wkb)
    assert (order, kind) == (1, 1)
    return [x, y]


@REGISTRIES
def test_gdal_reads_a_point_layer_with_the_records(registry: Path, tmp_path: Path) -> None:
    path = tmp_path / "laureats.geojson"
    result = run_cli("--data", str(registry), "export", "--format", "geojson", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    records = raw_records(registry)
    info = read_info(path)
    assert info["driver"] == "GeoJSON"
    assert info["features"] == len(records)
    assert info["geometry_type"] == "Point"
    assert info["crs"] == "EPSG:4326"
    meta, _, geometries, values = read(path)
    fields = list(meta["fields"])
    assert fields == list(_geojson(registry)["features"][0]["properties"])
    column = dict(zip(fields, values, strict=True))
    dtypes = dict(zip(fields, meta["dtypes"], strict=True))
    assert list(column["id"]) == [record["id"] for record in records]
    inseecodes = [record.get("location", {}).get("insee") for record in records]
    assert list(column["code_insee"]) == inseecodes
    assert dtypes["code_insee"] == "object"  # text: a leading zero stays
    assert dtypes["labelled_on"] == "datetime64[D]"
    for record, geometry in zip(records, geometries, strict=True):
        position = _position(record)
        assert (geometry and _point(geometry)) == position, record["id"]


def test_gdal_reads_leading_zeros_empty_points_and_integer_totals(tmp_path: Path) -> None:
    real = tmp_path / "data.geojson"
    demo = tmp_path / "demo.geojson"
    for registry, path in ((DATA, real), (DEMO, demo)):
        run_cli("--data", str(registry), "export", "--format", "geojson", "-o", str(path))
    meta, _, geometries, values = read(real)
    codes = dict(zip(meta["fields"], values, strict=True))["code_insee"]
    assert any(code and code.startswith("0") for code in codes)
    assert any(geometry is None for geometry in geometries)
    meta, _, _, values = read(demo)
    dtypes = dict(zip(meta["fields"], meta["dtypes"], strict=True))
    assert dtypes["funding_total_eur"] in {"int32", "int64"}
    totals = dict(zip(meta["fields"], values, strict=True))["funding_total_eur"]
    expected = [funding_total(record) for record in raw_records(DEMO)]
    assert any(expected)
    assert all(got == total for got, total in zip(totals, expected, strict=True) if total)


def test_list_with_a_filter_gives_exports_features() -> None:
    listed = _geojson(DEMO, "list", "--territory", "rural")
    exported = _geojson(DEMO, "export", "--territory", "rural")
    assert listed == exported
    territories = {feature["properties"]["territory"] for feature in listed["features"]}
    assert territories == {"rural"}
    assert 0 < len(listed["features"]) < len(raw_records(DEMO))


@COMMANDS
def test_o_writes_the_bytes_stdout_gets(command: str, tmp_path: Path) -> None:
    args = ["--data", str(DEMO), command, "--format", "geojson", "--territory", "rural"]
    path = tmp_path / "rural.geojson"
    result = run_cli(*args, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == _stdout(*args).encode("utf-8")
