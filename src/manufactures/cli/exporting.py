"""The formats written from the registry's tables (`present.tables`): typed CSV, GeoJSON, the
data package, xlsx and SQLite, to standard output or to `-o`."""

from __future__ import annotations

from collections.abc import Sequence

import typer

from manufactures.cli.context import Output, emit_bytes, emit_text
from manufactures.i18n import _
from manufactures.models import Laureate
from manufactures.registry import Registry

__all__ = ["TABLE_FORMATS", "emit_tables"]

# What `export` writes from the tables; `list` writes GeoJSON from them too.
TABLE_FORMATS = frozenset({"csv", "geojson", "datapackage", "xlsx", "sqlite"})
PACKAGE_NAME = "manufactures-de-proximite"
PACKAGE_TITLE = "Manufactures de proximité — registre des lauréats"


def emit_tables(registry: Registry, laureates: Sequence[Laureate], output: Output) -> None:
    """Write `laureates` as `output.format`, one of `TABLE_FORMATS`."""
    # Deferred: the tables read the COG, which the other formats of these commands do not need.
    from manufactures.present.tables import registry_tables

    if output.excel and output.format != "csv":
        raise typer.BadParameter(_("only applies to --format csv"), param_hint="--excel")
    tables = registry_tables(registry.vocabulary, laureates)
    if output.format == "csv":
        from manufactures.render.tables import write_table_csv

        spec, rows = tables[0]
        emit_text(output, lambda out: write_table_csv(spec, rows, out, excel=output.excel))
    elif output.format == "geojson":
        from manufactures.render.geojson import write_geojson

        spec, rows = tables[0]
        emit_text(output, lambda out: write_geojson(spec, rows, out))
    elif output.format == "datapackage":
        from manufactures.render.tables import write_datapackage

        if output.path is None:
            raise typer.BadParameter(
                _("--format datapackage writes a folder of files: give -o FOLDER"),
                param_hint="-o",
            )
        if output.path.exists() and not output.path.is_dir():
            raise typer.BadParameter(
                _("{path} is a file, not a folder").format(path=output.path), param_hint="-o"
            )
        write_datapackage(output.path, tables, name=PACKAGE_NAME, title=PACKAGE_TITLE)
        said = _("manuf: wrote {path}/datapackage.json and its tables").format(path=output.path)
        typer.echo(said, err=True)
    elif output.format == "xlsx":
        from manufactures.render.xlsx import xlsx_bytes

        emit_bytes(output, xlsx_bytes(tables, title=PACKAGE_TITLE), binary="xlsx")
    else:
        from manufactures.render.sqlite import sqlite_bytes

        emit_bytes(output, sqlite_bytes(tables), binary="sqlite")
