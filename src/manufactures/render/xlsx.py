"""The registry's tables (`present.tables`) as an Excel workbook, for people who open the data in
Excel or LibreOffice rather than in a script.

One sheet per table, named by its French title, in the tables' order, then « À propos »: what each
sheet and column holds, and the licence. Each cell has the column's type, so that nothing
depends on the spreadsheet's guesses or on its locale: a code (`08367`, a SIRET) is a text cell
and keeps its zeros, an amount is a number in euros that sums, a date is a date that sorts. The
header row stays in view and filters.

No value ever becomes a formula or a link: the workbook is opened with XlsxWriter's conversions
off and every text is written with `write_string`, so a name beginning with `=` is a name (the
CSV has to prefix such a cell with `'`; here it stays as it is).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from manufactures.present.tables import DATA_LICENCE, Column, Row, TableSpec
from manufactures.version import __version__

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

__all__ = ["xlsx_bytes"]

Tables = Sequence[tuple[TableSpec, list[Row]]]

ABOUT_SHEET = "À propos"
# `#,##0`: the thousands separator is the reader's (a space in French); `€` quoted as a literal.
EURO_FORMAT = '#,##0 "€"'
DATE_FORMAT = "yyyy-mm-dd"
_MAX_WIDTH = 60
_TYPE_NAMES = {"string": "texte", "integer": "entier", "number": "nombre", "date": "date"}


def xlsx_bytes(tables: Tables, *, title: str) -> bytes:
    """The workbook of `tables`, titled `title` in its properties."""
    # Deferred: only this format needs XlsxWriter.
    from xlsxwriter import Workbook

    buffer = io.BytesIO()
    workbook = Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    licence = f"Données : {DATA_LICENCE['title']} (Etalab) — {DATA_LICENCE['path']}"
    workbook.set_properties(
        {
            "title": title,
            "subject": "Registre des manufactures de proximité lauréates",
            "author": "Contributeurs du registre manufactures",
            "keywords": "manufactures de proximité, lauréats, données ouvertes",
            "comments": f"{licence}. Écrit par manuf {__version__}.",
        }
    )
    workbook.set_custom_property("licence", DATA_LICENCE["path"])
    formats = {
        "header": workbook.add_format({"bold": True}),
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
        "EUR": workbook.add_format({"num_format": EURO_FORMAT}),
    }
    for spec, rows in tables:
        _write_table(workbook.add_worksheet(spec.title), spec, rows, formats)
    _write_about(workbook.add_worksheet(ABOUT_SHEET), tables, title, licence, formats["header"])
    workbook.close()
    return buffer.getvalue()


def _write_table(
    sheet: Worksheet, spec: TableSpec, rows: Sequence[Row], formats: dict[str, Format]
) -> None:
    """`rows` under a bold, frozen, filtering header of `spec`'s column names."""
    for index, column in enumerate(spec.columns):
        sheet.write_string(0, index, column.name, formats["header"])
        sheet.set_column(index, index, _width(column, rows))
    for number, row in enumerate(rows, start=1):
        for index, column in enumerate(spec.columns):
            value = row.get(column.name)
            if value is None:
                continue
            if column.type == "date":
                sheet.write_datetime(number, index, value, formats["date"])
            elif column.type in ("integer", "number"):
                sheet.write_number(number, index, value, formats.get(column.unit or ""))
            else:
                sheet.write_string(number, index, str(value))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(spec.columns) - 1)


def _width(column: Column, rows: Sequence[Row]) -> int:
    """A width showing the header and the column's longest value, within reason; the header gets
    room for the filter's arrow."""
    longest = len(column.name) + 3
    for row in rows:
        value = row.get(column.name)
        if value is None:
            continue
        shown = len(f"{value:,} €") if column.unit == "EUR" else len(str(value))
        longest = max(longest, shown)
    return min(longest + 1, _MAX_WIDTH)


def _write_about(sheet: Worksheet, tables: Tables, title: str, licence: str, bold: Format) -> None:
    """The title, the licence, and a dictionary: each sheet with its description, then each of its
    columns with its title, type and description."""
    sheet.write_string(0, 0, title, bold)
    sheet.write_string(1, 0, licence)
    headers = ("Feuille", "Colonne", "Titre", "Type", "Description")
    for index, header in enumerate(headers):
        sheet.write_string(3, index, header, bold)
    line = 4
    for spec, _ in tables:
        sheet.write_string(line, 0, spec.title, bold)
        sheet.write_string(line, 3, "feuille")
        sheet.write_string(line, 4, spec.description)
        line += 1
        for column in spec.columns:
            kind = _TYPE_NAMES[column.type] + (f" ({column.unit})" if column.unit else "")
            for index, text in enumerate((spec.title, column.name, column.title, kind)):
                sheet.write_string(line, index, text)
            sheet.write_string(line, 4, column.description)
            line += 1
    for index, width in enumerate((14, 22, 32, 18, 100)):
        sheet.set_column(index, index, width)
    sheet.autofilter(3, 0, line - 1, len(headers) - 1)
