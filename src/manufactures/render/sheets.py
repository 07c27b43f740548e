"""Reading back the tables `manuf export` writes (`render.tables`, `render.xlsx`), for
`manuf import`: an xlsx workbook, a data package, or one CSV file.

Each table comes back as rows of cells keyed by their header, every cell with the place a person
finds it at in the file: `laureats.xlsx:Lauréats!H17` (sheet, column letter, row) or
`laureats.csv:17` (the row as a spreadsheet numbers it, the header being row 1, whatever line
breaks the cells above hold). Values are what the file holds: text, numbers and dates as the
workbook typed them, text only from CSV (where the `'` the export puts before a cell that would
run as a formula is taken off again). A CSV in the export's `--excel` variant (a byte-order mark,
`;`) is recognised by its header line.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from manufactures.errors import UsageError
from manufactures.i18n import _
from manufactures.render.formats import neutralise_formula

__all__ = ["InputRow", "InputTable", "read_tables"]

DATAPACKAGE = "datapackage.json"


@dataclass(frozen=True, slots=True)
class InputRow:
    """One row of an input table: its number in the file (the header is row 1), its cells."""

    number: int
    cells: dict[str, Any]


@dataclass(frozen=True, slots=True)
class InputTable:
    """One table read from the input: the export table it is (`laureats`…), where it was read
    (`laureats.xlsx:Lauréats`, `financements.csv`), its headers in order, its non-empty rows."""

    table: str
    label: str
    headers: tuple[str, ...]
    rows: tuple[InputRow, ...]
    workbook: bool = False

    def where(self, row: int, header: str) -> str:
        """Where a cell is, as a person looks for it: `file.xlsx:Sheet!H17` or `file.csv:17`."""
        if not self.workbook:
            return f"{self.label}:{row}"
        index = self.headers.index(header) if header in self.headers else 0
        return f"{self.label}!{_column_letter(index)}{row}"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_tables(path: Path, sheets: Mapping[str, str]) -> list[InputTable]:
    """The tables in `path`: a workbook (`sheets` maps a sheet's title to its table; other sheets
    are left aside), a data package (its folder or its `datapackage.json`), or one CSV file (the
    table its name says, `financements.csv`, else `laureats`)."""
    if path.is_dir():
        path = path / DATAPACKAGE
    if not path.is_file():
        raise UsageError(_("{path}: no such file").format(path=path))
    if path.suffix.lower() == ".xlsx":
        return _read_workbook(path, sheets)
    if path.name == DATAPACKAGE or path.suffix.lower() == ".json":
        return _read_datapackage(path)
    tables = set(sheets.values())
    table = path.stem if path.stem in tables else "laureats"
    return [_read_csv(path, table)]


def _read_csv(path: Path, table: str, delimiter: str | None = None) -> InputTable:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(
            _("{path}: not UTF-8 text ({reason} at byte {offset})").format(
                path=path, reason=error.reason, offset=error.start
            )
        ) from None
    header_line = text.split("\n", 1)[0]
    if delimiter is None:
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = tuple(header.strip() for header in next(reader, []))
    rows = []
    for number, values in enumerate(reader, start=2):
        cells = {h: _csv_cell(v) for h, v in zip(headers, values, strict=False) if h}
        if any(value is not None for value in cells.values()):
            rows.append(InputRow(number, cells))
    return InputTable(table, path.name, headers, tuple(rows))


def _csv_cell(value: str) -> str | None:
    """A CSV cell's text, None when empty; the export's `'` before a would-be formula removed."""
    if value.startswith("'") and neutralise_formula(value[1:]) == value:
        value = value[1:]
    return value if value.strip() else None


def _read_datapackage(path: Path) -> list[InputTable]:
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        resources = descriptor["resources"]
    except (ValueError, KeyError, TypeError) as error:
        raise UsageError(
            _("{path}: not a data package descriptor ({error})").format(path=path, error=error)
        ) from None
    tables = []
    for resource in resources:
        delimiter = (resource.get("dialect") or {}).get("delimiter", ",")
        table = _read_csv(path.parent / resource["path"], resource["name"], delimiter)
        tables.append(table)
    return tables


def _read_workbook(path: Path, sheets: Mapping[str, str]) -> list[InputTable]:
    # Deferred: only a workbook needs openpyxl.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is no workbook
        raise UsageError(
            _("{path}: not an xlsx workbook ({error})").format(path=path, error=error)
        ) from None
    tables = []
    try:
        for sheet in workbook.worksheets:
            if sheet.title not in sheets:
                continue
            lines = sheet.iter_rows(values_only=True)
            headers = tuple(str(h).strip() if h is not None else "" for h in next(lines, ()))
            rows = []
            for number, values in enumerate(lines, start=2):
                cells = {h: _workbook_cell(v) for h, v in zip(headers, values, strict=False) if h}
                if any(value is not None for value in cells.values()):
                    rows.append(InputRow(number, cells))
            label = f"{path.name}:{sheet.title}"
            tables.append(InputTable(sheets[sheet.title], label, headers, tuple(rows), True))
    finally:
        workbook.close()
    return tables


def _workbook_cell(value: Any) -> Any:
    """A workbook cell's value: a date without its midnight, None for an empty text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, str | int | float | date) or value is None:
        return value
    return str(value)
