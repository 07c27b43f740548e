"""`manuf export --format xlsx`: the workbook as Excel users meet it, read back with openpyxl (and
LibreOffice when it is installed), checked against the plain YAML records."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.conftest import DATA, REPO, copy_registry, run_cli
from tests.raw_yaml import DEMO, funding_total, raw_records

REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
SHEETS = ["Lauréats", "Financements", "Sources", "Porteurs", "Incubation", "À propos"]
LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
FORMULA = '=HYPERLINK("http://x")'


def _export(registry: Path, target: Path) -> Workbook:
    result = run_cli("--data", str(registry), "export", "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return openpyxl.load_workbook(target)


def _rows(sheet: Worksheet) -> list[dict[str, Cell]]:
    """Each row below the header, its cells by column name."""
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def _by_id(sheet: Worksheet) -> dict[str, dict[str, Cell]]:
    return {str(row["id"].value): row for row in _rows(sheet)}


@REGISTRIES
def test_sheets_and_headers_are_the_data_packages_tables(registry: Path, tmp_path: Path) -> None:
    workbook = _export(registry, tmp_path / "registre.xlsx")
    package = tmp_path / "package"
    result = run_cli(
        "--data", str(registry), "export", "--format", "datapackage", "-o", str(package)
    )
    assert result.exit_code == 0, result.stderr
    resources = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert workbook.sheetnames == [resource["title"] for resource in resources] + ["À propos"]
    assert workbook.sheetnames == SHEETS
    for resource in resources:
        sheet = workbook[resource["title"]]
        header = [field["name"] for field in resource["schema"]["fields"]]
        assert [cell.value for cell in sheet[1]] == header
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        last = sheet.cell(row=sheet.max_row, column=len(header)).coordinate
        assert sheet.auto_filter.ref == f"A1:{last}"
    about = [row[1].value for row in workbook["À propos"].iter_rows(min_row=5)]
    assert {field["name"] for r in resources for field in r["schema"]["fields"]} <= set(about)


@REGISTRIES
def test_one_row_per_record_and_per_line(registry: Path, tmp_path: Path) -> None:
    workbook = _export(registry, tmp_path / "registre.xlsx")
    records = raw_records(registry)
    counts = {
        "Lauréats": len(records),
        "Financements": sum(len(r.get("funding") or []) for r in records),
        "Sources": sum(len(r["sources"]) for r in records),
        "Porteurs": sum(len(r.get("carriers") or []) for r in records),
        "Incubation": sum(len(r.get("incubation") or {}) for r in records),
    }
    assert {name: len(_rows(workbook[name])) for name in counts} == counts
    assert [row["id"].value for row in _rows(workbook["Lauréats"])] == [r["id"] for r in records]


@REGISTRIES
def test_codes_stay_text_and_amounts_coordinates_dates_are_typed(
    registry: Path, tmp_path: Path
) -> None:
    laureates = _by_id(_export(registry, tmp_path / "registre.xlsx")["Lauréats"])
    codes = {"insee": "code_insee", "department": "department", "region": "region"}
    codes |= {"postal_code": "code_postal"}
    leading_zeros = 0
    for record in raw_records(registry):
        row = laureates[record["id"]]
        assert row["name"].value == record["name"]
        location = record.get("location") or {}
        for field, column in codes.items():
            if field in location:
                assert (row[column].value, row[column].data_type) == (location[field], "s")
                leading_zeros += location[field].startswith("0")
        for field, column in (("lat", "latitude"), ("lon", "longitude")):
            if field in location:
                assert (row[column].value, row[column].data_type) == (location[field], "n")
        total = funding_total(record)
        if total is not None:
            cell = row["funding_total_eur"]
            assert (cell.value, cell.data_type) == (total, "n")
            assert "€" in cell.number_format
        if isinstance(record.get("labelled_on"), date):
            cell = row["labelled_on"]
            assert cell.is_date and cell.number_format == "yyyy-mm-dd"
            assert cell.value.date() == record["labelled_on"]
    assert leading_zeros  # an `07053` is there, and kept its zero


def test_a_known_code_keeps_its_zero(tmp_path: Path) -> None:
    row = _by_id(_export(DATA, tmp_path / "registre.xlsx")["Lauréats"])["polinno"]
    assert row["code_insee"].value == "07053"
    assert row["department"].value == "07"


def test_funding_lines_are_numbers_in_euros_and_dates(tmp_path: Path) -> None:
    sheet = _export(DEMO, tmp_path / "registre.xlsx")["Financements"]
    lines = [line for r in raw_records(DEMO) for line in r.get("funding") or []]
    rows = _rows(sheet)
    assert [row["amount_eur"].value for row in rows] == [line["amount_eur"] for line in lines]
    assert all(row["amount_eur"].data_type == "n" for row in rows)
    assert {row["amount_eur"].number_format for row in rows} == {'#,##0 "€"'}
    granted = [
        (row["granted_on"], line.get("granted_on")) for row, line in zip(rows, lines, strict=True)
    ]
    assert all(
        cell.is_date and cell.value.date() == value for cell, value in granted if value is not None
    )
    assert all(cell.value is None for cell, value in granted if value is None)


def test_accents_and_properties(tmp_path: Path) -> None:
    workbook = _export(DEMO, tmp_path / "registre.xlsx")
    communes = {row["commune"].value for row in _rows(workbook["Lauréats"])}
    assert {"Saint-Étienne", "Évreux", "Île-Tudy", "Hyères"} <= communes
    assert workbook.properties.title == "Manufactures de proximité — registre des lauréats"
    assert "Licence Ouverte" in str(workbook.properties.description)
    assert {prop.name: prop.value for prop in workbook.custom_doc_props.props} == {
        "licence": LICENCE
    }


def _hostile_registry(tmp_path: Path) -> Path:
    """Two real records, one named and annotated with text a spreadsheet would run."""
    registry = copy_registry(tmp_path / "registry", records=("polinno", "la-cabane"))
    record = registry / "laureates" / "polinno.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("name: Polinno", f"name: {json.dumps(FORMULA)}")
    # `notes` is the record's last field: its block gives way to a one-line formula.
    text = text[: text.index("notes: |")] + 'notes: "=1+1"\n'
    record.write_text(text, encoding="utf-8")
    return registry


def test_no_value_becomes_a_formula_or_a_link(tmp_path: Path) -> None:
    registry = _hostile_registry(tmp_path)
    # The edited record is still valid: export refuses an invalid registry.
    assert run_cli("--data", str(registry), "validate").exit_code == 0
    workbook = _export(registry, tmp_path / "registre.xlsx")
    row = _by_id(workbook["Lauréats"])["polinno"]
    assert row["name"].value == FORMULA
    assert row["notes"].value == "=1+1"
    assert (row["name"].data_type, row["notes"].data_type) == ("s", "s")
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows():
            assert all(cell.data_type != "f" and cell.hyperlink is None for cell in cells)


def test_a_pipe_gets_the_workbook(tmp_path: Path) -> None:
    target = tmp_path / "piped.xlsx"
    with target.open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "manufactures", "--data", str(DEMO), "export", "-f", "xlsx"],
            stdout=out,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO / "src"), "MANUF_CACHE_DIR": str(tmp_path)},
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert openpyxl.load_workbook(target).sheetnames == SHEETS


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_codes_as_text(tmp_path: Path) -> None:
    workbook = tmp_path / "registre.xlsx"
    _export(DATA, workbook)
    done = subprocess.run(
        [
            "soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
            # 44 = comma, 34 = double quote, 76 = UTF-8; the first sheet, Lauréats.
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir", str(tmp_path), str(workbook),
        ],
        env={**os.environ, "LANG": "fr_FR.UTF-8", "HOME": str(tmp_path)},
        capture_output=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with (tmp_path / "registre.csv").open(encoding="utf-8", newline="") as text:
        rows = {row["id"]: row for row in csv.DictReader(text)}
    assert rows["polinno"]["code_insee"] == "07053"
    for record in raw_records(DATA):
        location = record.get("location") or {}
        for field, column in (("insee", "code_insee"), ("department", "department")):
            if field in location:
                assert rows[record["id"]][column] == location[field]
