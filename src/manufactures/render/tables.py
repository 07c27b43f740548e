"""The registry's tables (`present.tables`) as CSV and as a Frictionless Data Package.

CSV: RFC 4180, UTF-8, comma, a header row that never changes with the selection; dates in ISO
form, numbers with a dot, an empty cell for « not recorded »; a text cell beginning with `=`,
`+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so that no spreadsheet runs it as a
formula (OWASP's advice; numbers are never touched). `excel` writes the variant French Excel
opens by double-click: a byte-order mark and `;`.

The data package (https://datapackage.org, v1 as data.gouv.fr and Validata read it): one CSV per
table and `datapackage.json` describing each with a Table Schema — types, French titles and
descriptions, patterns and enums, `primaryKey`, `foreignKeys` to `laureats`, the licence.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from manufactures.present.tables import DATA_LICENCE, Row, TableSpec
from manufactures.render.formats import neutralise_formula

__all__ = ["datapackage_descriptor", "write_datapackage", "write_table_csv"]

Tables = Sequence[tuple[TableSpec, list[Row]]]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return neutralise_formula(value)


def write_table_csv(
    spec: TableSpec, rows: Sequence[Row], out: TextIO, *, excel: bool = False
) -> None:
    """`rows` as CSV with `spec`'s columns, in its order, header first."""
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    names = spec.column_names
    writer.writerow(names)
    for row in rows:
        writer.writerow(_cell(row.get(name)) for name in names)


def _field(column: Any) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "type": column.type,
        "title": column.title,
        "description": column.description,
    }
    if column.type == "date":
        field["format"] = "%Y-%m-%d"
    if column.unit:
        field["unit"] = column.unit
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.pattern:
        constraints["pattern"] = column.pattern.removeprefix("^").removesuffix("$")
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        field["constraints"] = constraints
    return field


def datapackage_descriptor(tables: Tables, *, name: str, title: str) -> dict[str, Any]:
    """The `datapackage.json` of `tables`, each as `<name>.csv`."""
    resources = []
    for spec, _ in tables:
        schema: dict[str, Any] = {
            "fields": [_field(column) for column in spec.columns],
            "primaryKey": list(spec.primary_key),
            "missingValues": [""],
        }
        if spec.foreign_key:
            schema["foreignKeys"] = [
                {
                    "fields": spec.foreign_key,
                    "reference": {"resource": "laureats", "fields": "id"},
                }
            ]
        resources.append(
            {
                "name": spec.name,
                "path": f"{spec.name}.csv",
                "title": spec.title,
                "description": spec.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": "Registre des manufactures de proximité lauréates : uniquement des faits "
        "qu'une source publique établit, chaque fiche citant ses sources ; un champ vide n'est "
        "pas connu.",
        "licenses": [DATA_LICENCE],
        "resources": resources,
    }


def write_datapackage(folder: Path, tables: Tables, *, name: str, title: str) -> list[Path]:
    """Write the data package into `folder` (created if needed); the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    # Deferred: the atomic write lives with the edits (and ruamel), which other formats skip.
    from manufactures.editing.edits import atomic_write

    written = []
    for spec, rows in tables:
        text = io.StringIO(newline="")
        write_table_csv(spec, rows, text)
        path = folder / f"{spec.name}.csv"
        atomic_write(path, text.getvalue())
        written.append(path)
    descriptor = datapackage_descriptor(tables, name=name, title=title)
    path = folder / "datapackage.json"
    atomic_write(path, json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n")
    return [*written, path]
