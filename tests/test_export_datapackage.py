"""`manuf export --format datapackage`: a Frictionless Data Package that frictionless itself
validates, whose Table Schemas keep codes as text for pandas and DuckDB, with keys and a licence.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from frictionless import Package
from hypothesis import given, settings
from hypothesis import strategies as st

from manufactures.present.tables import join_list, split_list
from tests.conftest import DATA, run_cli
from tests.raw_yaml import DEMO, as_json, raw_records

REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
FILES = ["laureats", "financements", "sources", "porteurs", "incubation"]


def _package(registry: Path, folder: Path) -> dict[str, Any]:
    result = run_cli(
        "--data", str(registry), "export", "--format", "datapackage", "-o", str(folder)
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    descriptor: dict[str, Any] = json.loads((folder / "datapackage.json").read_text("utf-8"))
    return descriptor


@REGISTRIES
def test_frictionless_validates_the_package(registry: Path, tmp_path: Path) -> None:
    """The tool data.gouv.fr's Validata is built on, run as a user runs it, foreign keys too."""
    _package(registry, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    assert report["valid"], json.dumps(report["tasks"], indent=1)[:2000]
    assert [task["name"] for task in report["tasks"]] == FILES
    assert done.returncode == 0


@REGISTRIES
def test_the_package_describes_every_file(registry: Path, tmp_path: Path) -> None:
    descriptor = _package(registry, tmp_path)
    assert [r["path"] for r in descriptor["resources"]] == [f"{name}.csv" for name in FILES]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["datapackage.json", *(f"{name}.csv" for name in FILES)]
    )
    assert descriptor["licenses"][0]["name"] == "etalab-2.0"
    laureats, *others = descriptor["resources"]
    assert laureats["schema"]["primaryKey"] == ["id"]
    for resource in others:
        assert resource["schema"]["foreignKeys"] == [
            {"fields": "laureate_id", "reference": {"resource": "laureats", "fields": "id"}}
        ]
    fields = {field["name"]: field for field in laureats["schema"]["fields"]}
    assert fields["code_insee"]["type"] == "string"
    assert fields["code_insee"]["constraints"]["pattern"] == r"(\d{5}|2[AB]\d{3})"
    assert (fields["latitude"]["type"], fields["funding_total_eur"]["type"]) == (
        "number",
        "integer",
    )
    assert fields["labelled_on"]["type"] == "date"
    assert set(fields["territory"]["constraints"]["enum"]) == {"rural", "qpv", "small_medium_town"}
    assert all(field["title"] and field["description"] for field in fields.values())


def _string_columns(descriptor: dict[str, Any], resource: int = 0) -> dict[str, str]:
    """pandas dtypes from the Table Schema: what a user passes to keep codes as text."""
    fields = descriptor["resources"][resource]["schema"]["fields"]
    return {field["name"]: "string" for field in fields if field["type"] == "string"}


@REGISTRIES
def test_pandas_and_duckdb_keep_codes_with_the_schema(registry: Path, tmp_path: Path) -> None:
    descriptor = _package(registry, tmp_path)
    laureats = tmp_path / "laureats.csv"
    records = [as_json(record) for record in raw_records(registry)]
    codes = {
        record["id"]: record["location"]["department"]
        for record in records
        if "department" in record.get("location", {})
    }
    assert any(code.startswith("0") for code in codes.values())  # a zero that could be lost

    frame = pd.read_csv(laureats, dtype=_string_columns(descriptor)).set_index("id")
    assert {record_id: frame.loc[record_id, "department"] for record_id in codes} == codes
    types = ", ".join(f"'{name}': 'VARCHAR'" for name in _string_columns(descriptor))
    read = duckdb.sql(f"SELECT id, department FROM read_csv('{laureats}', types={{{types}}})")
    assert {row[0]: row[1] for row in read.fetchall() if row[1] is not None} == codes

    # Without the schema, both guess a number and lose the zero: what the schema is for.
    guessed = pd.read_csv(laureats)
    if all(code.isdigit() for code in codes.values()):
        assert guessed["department"].dtype.kind in "fi"


@REGISTRIES
def test_frictionless_reads_typed_values(registry: Path, tmp_path: Path) -> None:
    _package(registry, tmp_path)
    package = Package(str(tmp_path / "datapackage.json"))
    rows = package.get_resource("laureats").read_rows()
    records = {record["id"]: as_json(record) for record in raw_records(registry)}
    assert [row["id"] for row in rows] == list(records)
    for row in rows:
        record = records[row["id"]]
        location = record.get("location", {})
        assert row["code_insee"] == location.get("insee")
        latitude = row["latitude"]  # frictionless reads a `number` as a Decimal
        assert (float(latitude) if latitude is not None else None) == location.get("lat")
        assert (str(row["labelled_on"]) if row["labelled_on"] else None) == record.get(
            "labelled_on"
        )
        funding = record.get("funding", [])
        assert row["funding_total_eur"] == (
            sum(line["amount_eur"] for line in funding) if funding else None
        )
    lines = package.get_resource("financements").read_rows()
    assert len(lines) == sum(len(r.get("funding", [])) for r in records.values())
    assert all(isinstance(line["amount_eur"], int) for line in lines)


def test_a_datapackage_needs_a_folder(tmp_path: Path) -> None:
    missing = run_cli("--data", str(DEMO), "export", "--format", "datapackage")
    assert missing.exit_code == 2 and "-o FOLDER" in missing.stderr
    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    onto_file = run_cli("--data", str(DEMO), "export", "--format", "datapackage", "-o", str(file))
    assert onto_file.exit_code == 2 and file.read_text(encoding="utf-8") == "x"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab|\\ é", min_size=1, max_size=6), min_size=1, max_size=5))
def test_a_joined_list_splits_back_into_its_items(items: list[str]) -> None:
    """`|` joins a list in a cell; a `|` or `\\` inside an item is escaped, so it reads back
    (items are never empty: the models refuse an empty text)."""
    assert split_list(join_list(items)) == items
