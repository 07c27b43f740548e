"""`manuf export`: whole records as json / jsonl / csv / markdown; CSV safe for spreadsheets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from manufactures.analysis.filters import french_sort_key
from tests.conftest import DATA, run_cli
from tests.output_checks import check_output, read_csv
from tests.raw_yaml import DEMO, as_json, raw_records

REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
FORMULA = '=HYPERLINK("http://x")'


def _cells(record: dict[str, Any]) -> dict[str, str]:
    """What the laureates table's CSV row must hold for `record`, worked out here from the plain
    YAML (numbers compared apart): the fields a row holds, lists joined with `|`."""
    location = record.get("location", {})
    funding = record.get("funding", [])
    cells = {
        "id": record["id"],
        "name": record["name"],
        "wave": str(record.get("wave", "")),
        "labelled_on": str(record.get("labelled_on", "")),
        "territory": record.get("territory", ""),
        "commune": location.get("commune", ""),
        "code_insee": location.get("insee", ""),
        "department": location.get("department", ""),
        "region": location.get("region", ""),
        "code_postal": location.get("postal_code", ""),
        "sectors": "|".join(sorted(record.get("sectors", []))),
        "activities": "|".join(record.get("activities", [])),
        "carriers": "|".join(carrier["name"] for carrier in record.get("carriers", [])),
        "funding_total_eur": str(
            sum(int(line["amount_eur"]) for line in funding) if funding else ""
        ),
        "funding_lines": str(len(funding)),
        "site_web": record.get("website", ""),
        "sources": "|".join(source["url"] for source in record["sources"]),
    }
    return {key: value for key, value in cells.items() if value not in ("", "None")}


@REGISTRIES
@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv", "markdown"])
def test_every_format_works(registry: Path, output_format: str) -> None:
    result = run_cli("--data", str(registry), "export", "--format", output_format)
    check_output(result, output_format, "export")


def test_json_is_the_default_and_holds_every_record() -> None:
    envelope = check_output(run_cli("--data", str(DEMO), "export"), "json", "export")
    assert envelope["data"] == [as_json(record) for record in raw_records(DEMO)]


def test_table_is_not_an_export_format() -> None:
    result = run_cli("--data", str(DEMO), "export", "--format", "table")
    assert result.exit_code == 2
    assert result.stdout == ""


@REGISTRIES
@pytest.mark.parametrize("excel", [False, True], ids=["rfc4180", "excel"])
def test_csv_gives_back_every_field_intact(registry: Path, excel: bool) -> None:
    args = ["--data", str(registry), "export", "--format", "csv"] + ["--excel"] * excel
    rows = read_csv(run_cli(*args), excel=excel)
    header, body = rows[0], rows[1:]
    records = [as_json(record) for record in raw_records(registry)]
    assert len(body) == len(records)
    for record, row in zip(records, body, strict=True):
        got = dict(zip(header, row, strict=True))
        assert {key: got[key] for key in _cells(record)} == _cells(record)
        location = record.get("location", {})
        for column, field in (("latitude", "lat"), ("longitude", "lon")):
            assert (float(got[column]) if got[column] else None) == location.get(field)
        assert got["department_nom"] != "" or "department" not in location
    assert header[:3] == ["id", "name", "wave"]


def test_csv_columns_never_change_with_the_selection() -> None:
    """The same header row, in the same order, whatever the registry or the selection."""
    headers = [
        read_csv(run_cli("--data", str(registry), "export", "--format", "csv", *extra), empty=True)[
            0
        ]
        for registry, extra in (
            (DATA, ()),
            (DEMO, ()),
            (DEMO, ("--search", "zzzz")),
            (DEMO, ("--territory", "qpv", "--wave", "1")),
        )
    ]
    assert all(header == headers[0] for header in headers)
    assert all(name.isascii() and "." not in name and name == name.lower() for name in headers[0])
    assert {"region", "region_nom", "department", "department_nom", "funding_total_eur"} <= set(
        headers[0]
    )


def test_excel_keeps_accents_and_separators_apart() -> None:
    rows = read_csv(
        run_cli("--data", str(DEMO), "export", "--format", "csv", "--excel"), excel=True
    )
    communes = {row[rows[0].index("commune")] for row in rows[1:]}
    assert {"Saint-Étienne", "Évreux", "Île-Tudy", "Hyères"} <= communes


def _with_formula_name(tmp_path: Path) -> Path:
    registry = tmp_path / "registry"
    shutil.copytree(DEMO, registry)
    record = registry / "laureates" / "demo-la-forge-de-saint-etienne.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("name: La Forge de Saint-Étienne", f"name: {json.dumps(FORMULA)}")
    record.write_text(text, encoding="utf-8")
    return registry


@pytest.mark.parametrize("excel", [False, True], ids=["rfc4180", "excel"])
def test_formula_cells_are_neutralised(tmp_path: Path, excel: bool) -> None:
    registry = _with_formula_name(tmp_path)
    args = ["--data", str(registry), "export", "--format", "csv"] + ["--excel"] * excel
    rows = read_csv(run_cli(*args), excel=excel)
    names = [row[rows[0].index("name")] for row in rows[1:]]
    assert "'" + FORMULA in names
    assert FORMULA not in names
    # Data formats keep the value as it is: only spreadsheets need the guard.
    envelope = check_output(run_cli("--data", str(registry), "export"), "json", "export")
    assert FORMULA in [record["name"] for record in envelope["data"]]


def test_markdown_has_a_card_per_record() -> None:
    result = run_cli("--data", str(DEMO), "export", "--format", "markdown", "--wave", "1")
    text = check_output(result, "markdown", "export")
    names = [r["name"] for r in raw_records(DEMO) if r["wave"] == 1]
    assert text.count("— sources") == len(names) == 20
    assert all(f"### {name}\n" in text for name in names)


def test_fields_sort_and_limit_shape_the_export() -> None:
    args = ("--data", str(DEMO), "export", "--sort", "name", "--limit", "2", "--fields", "id")
    lines = check_output(run_cli(*args, "--format", "jsonl"), "jsonl", "export")
    ids = sorted((r["name"] for r in raw_records(DEMO)), key=french_sort_key)
    assert len(lines) == 2 and all(list(line) == ["id"] for line in lines)
    assert [line["id"] for line in lines] == [
        next(r["id"] for r in raw_records(DEMO) if r["name"] == name) for name in ids[:2]
    ]


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("show", "demo-la-forge-de-saint-etienne"),
        ("stats",),
        ("stats", "--by", "sector", "--by", "wave"),
        ("funding",),
        ("progress", "--as-of", "2024-06-30"),
        ("export",),
    ],
    ids=" ".join,
)
def test_every_csv_honours_excel(command: tuple[str, ...]) -> None:
    args = ("--data", str(DEMO), *command, "--format", "csv")
    assert read_csv(run_cli(*args, "--excel"), excel=True) == read_csv(run_cli(*args))
