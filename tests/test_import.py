"""`manuf import`: a spreadsheet brought back changes exactly the cells edited, through the edit
path of `manuf set`, all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from tests.conftest import DATA, REPO, run_cli

DEMO = REPO / "examples" / "demo"
MAPPING = REPO / "docs" / "import-mapping.yaml"


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


@pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
@pytest.mark.parametrize(
    ("export", "name"),
    [
        (("--format", "xlsx"), "laureats.xlsx"),
        (("--format", "csv"), "laureats.csv"),
        (("--format", "csv", "--excel"), "excel.csv"),
        (("--format", "datapackage"), "package"),
    ],
    ids=["xlsx", "csv", "excel", "datapackage"],
)
def test_an_export_brought_back_changes_no_file(
    tmp_path: Path, registry: Path, export: tuple[str, ...], name: str
) -> None:
    root = _copy(registry, tmp_path / "registry")
    before = _files(root)
    out = tmp_path / name
    assert run_cli("--data", str(root), "export", *export, "-o", str(out)).exit_code == 0

    result = run_cli("--data", str(root), "import", str(out))

    assert result.exit_code == 0, result.stderr
    assert "nothing to change" in result.stderr
    assert _files(root) == before


def _sheet_row(sheet: openpyxl.worksheet.worksheet.Worksheet, record_id: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value == record_id:
            return row
    raise AssertionError(record_id)


def _column(sheet: openpyxl.worksheet.worksheet.Worksheet, header: str) -> int:
    headers = [cell.value for cell in sheet[1]]
    return headers.index(header) + 1


def _exported(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], Workbook]:
    """A copy of data/ with one funding line (polinno), exported as xlsx: the registry, the
    workbook's path, the registry's files, the workbook opened to be edited."""
    root = _copy(DATA, tmp_path / "registry")
    set_funding = ("set", "polinno", "funding[0].amount_eur", "120000")
    assert run_cli("--data", str(root), *set_funding).exit_code == 0
    workbook = tmp_path / "laureats.xlsx"
    exported = run_cli("--data", str(root), "export", "--format", "xlsx", "-o", str(workbook))
    assert exported.exit_code == 0
    return root, workbook, _files(root), openpyxl.load_workbook(workbook)


def test_edited_cells_and_a_new_row_change_those_fields_and_add_that_record(
    tmp_path: Path,
) -> None:
    root, path, before, workbook = _exported(tmp_path)
    laureates, funding = workbook["Lauréats"], workbook["Financements"]
    laureates.cell(
        _sheet_row(laureates, "la-cabane"), _column(laureates, "name")
    ).value = "La Cabane (Ploemeur)"
    mady = _sheet_row(laureates, "mady-and-co")
    laureates.cell(mady, _column(laureates, "code_insee")).value = "56121"
    funding.cell(_sheet_row(funding, "polinno"), _column(funding, "amount_eur")).value = 150000
    new = laureates.max_row + 1
    for header, value in {
        "id": "la-fabrique-test",
        "name": "La Fabrique Test",
        "wave": 3,
        "sectors": "bois",
        "sources": "https://example.org/la-fabrique-test",
    }.items():
        laureates.cell(new, _column(laureates, header)).value = value
    workbook.save(path)

    result = run_cli("--data", str(root), "import", str(path))

    assert result.exit_code == 0, result.stderr
    after = _files(root)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {
        "laureates/la-cabane.yaml",
        "laureates/mady-and-co.yaml",
        "laureates/polinno.yaml",
        "laureates/la-fabrique-test.yaml",
    }
    for name, old, new_line in [
        ("la-cabane", "name: La Cabane\n", "name: La Cabane (Ploemeur)\n"),
        ("polinno", "amount_eur: 120000\n", "amount_eur: 150000\n"),
    ]:
        file = f"laureates/{name}.yaml"
        assert after[file].decode() == before[file].decode().replace(old, new_line, 1)
    mady_before = before["laureates/mady-and-co.yaml"].decode()
    assert after["laureates/mady-and-co.yaml"].decode() == mady_before.replace(
        '  department: "56"\n', '  insee: "56121"\n  department: "56"\n', 1
    )
    created = after["laureates/la-fabrique-test.yaml"].decode()
    assert "name: La Fabrique Test" in created
    assert "https://example.org/la-fabrique-test" in created
    assert "la-fabrique-test" in result.stdout  # the preview names the record added
    validated = run_cli("--data", str(root), "validate", "--strict")
    assert validated.exit_code == 0, validated.stdout


def test_bad_cells_are_reported_at_their_sheet_row_and_column_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    root, path, before, workbook = _exported(tmp_path)
    laureates = workbook["Lauréats"]
    insee_column, sectors_column = _column(laureates, "code_insee"), _column(laureates, "sectors")
    cabane, polinno = _sheet_row(laureates, "la-cabane"), _sheet_row(laureates, "polinno")
    laureates.cell(cabane, insee_column).value = "2A9X9"
    laureates.cell(polinno, sectors_column).value = "metiers_d_art|boiss"
    workbook.save(path)

    result = run_cli("--data", str(root), "import", str(path), "--yes")

    assert result.exit_code == 1
    letter = openpyxl.utils.get_column_letter
    assert f"laureats.xlsx:Lauréats!{letter(insee_column)}{cabane} (code_insee)" in result.stderr
    assert f"laureats.xlsx:Lauréats!{letter(sectors_column)}{polinno} (sectors)" in result.stderr
    assert "error[unknown-sector]" in result.stderr
    assert "did you mean `bois`" in result.stderr
    assert "nothing was written" in result.stderr
    assert _files(root) == before


def test_a_csv_row_naming_no_record_and_no_name_is_an_error_at_its_row(tmp_path: Path) -> None:
    root = _copy(DEMO, tmp_path / "registry")
    before = _files(root)
    path = tmp_path / "laureats.csv"
    path.write_text("id,wave\ndemo-l-usine-de-brst,2\n", encoding="utf-8")

    result = run_cli("--data", str(root), "import", str(path))

    assert result.exit_code == 1
    assert "laureats.csv:2 (id)" in result.stderr
    assert "did you mean `demo-l-usine-de-brest`?" in result.stderr
    assert _files(root) == before


def test_a_change_without_a_source_is_refused(tmp_path: Path) -> None:
    root = _copy(DEMO, tmp_path / "registry")
    path = tmp_path / "laureats.csv"
    path.write_text("id,site_web\ndemo-l-usine-de-brest,https://brest.example.org\n")

    refused = run_cli("--data", str(root), "import", str(path))
    sourced = run_cli("--data", str(root), "import", str(path), "--source", "https://example.org/v")

    assert refused.exit_code == 1
    assert "error[import-no-source]" in refused.stderr
    assert sourced.exit_code == 0, sourced.stderr
    text = (root / "laureates" / "demo-l-usine-de-brest.yaml").read_text(encoding="utf-8")
    assert "website: https://brest.example.org\n" in text
    assert "- url: https://example.org/v\n" in text


def test_a_dry_run_shows_the_changes_and_writes_nothing(tmp_path: Path) -> None:
    root = _copy(DEMO, tmp_path / "registry")
    before = _files(root)
    path = tmp_path / "laureats.csv"
    path.write_text("id,name,sources\ndemo-l-usine-de-brest,L'Usine,https://example.org/n\n")

    result = run_cli("--data", str(root), "import", str(path), "--dry-run")

    assert result.exit_code == 0, result.stderr
    assert "1 modifiée(s)" in result.stdout
    assert "L'Usine de Brest" in result.stdout  # the field, old → new
    assert _files(root) == before


def test_a_foreign_list_is_read_through_a_mapping(tmp_path: Path) -> None:
    root = _copy(DEMO, tmp_path / "registry")
    (root / "laureates" / "demo-l-usine-d-aulnay.yaml").unlink()  # room for a wave-3 laureate
    path = tmp_path / "liste.csv"
    path.write_bytes(
        "\ufeffNom du projet;Commune;Code INSEE;Département;Région;Vague;"
        "Latitude;Longitude;Source\r\n"
        "L'Usine de Brest;Brest;29019;29;53;1;48,39;-4,49;https://example.org/liste\r\n"
        "La Forge de Charleville;Charleville-Mézières;8105;8;44;3;49,77;4,72;"
        "https://example.org/liste\r\n".encode()
    )

    result = run_cli("--data", str(root), "import", str(path), "--map", str(MAPPING))

    assert result.exit_code == 0, result.stderr
    assert "liste.csv:3 (Code INSEE): warning[import-code-padded]" in result.stderr
    assert "`8105` read as `08105`" in result.stderr
    assert "1 fiche(s) ajoutée(s)" in result.stdout
    brest = (root / "laureates" / "demo-l-usine-de-brest.yaml").read_text(encoding="utf-8")
    assert "  lat: 48.39\n  lon: -4.49\n" in brest
    new = (root / "laureates" / "la-forge-de-charleville.yaml").read_text(encoding="utf-8")
    assert 'insee: "08105"' in new
    assert 'department: "08"' in new
    assert "lat: 49.77" in new
    shown = run_cli("--data", str(root), "show", "la-forge-de-charleville", "--format", "json")
    assert '"commune": "Charleville-Mézières"' in shown.stdout
