"""Options shared by several commands, declared once as `Annotated` aliases."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from manufactures.cli.completion import (
    complete_departments,
    complete_fields,
    complete_regions,
    complete_sectors,
    complete_sort_fields,
    complete_territories,
    complete_waves,
)
from manufactures.cli.context import Output, make_filters
from manufactures.i18n import N_

__all__ = [
    "AsOfOption",
    "DataOption",
    "DepartmentOption",
    "ExcelOption",
    "ExportFormat",
    "FieldsOption",
    "GroupBy",
    "LimitOption",
    "ListFormat",
    "NoColorOption",
    "Output",
    "OutputFileOption",
    "OutputFormat",
    "OutputFormatOption",
    "RegionOption",
    "SearchOption",
    "SectorOption",
    "SortOption",
    "TerritoryOption",
    "WaveOption",
    "filter_options",
    "output_options",
]

_FILTERS = "Filters"
R = TypeVar("R")


class OutputFormat(StrEnum):
    """Formats of data commands."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar=N_("FOLDER"),
        help=N_(
            "Registry folder (default: $MANUF_DATA, the nearest data/, the embedded registry)."
        ),
        show_default=False,
    ),
]
OutputFormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help=N_("Output format."), case_sensitive=False)
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help=N_("Never colour the output (also: NO_COLOR=1)."))
]
TerritoryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--territory",
        metavar=N_("TERRITORY"),
        help=N_("Territory type key (repeatable)."),
        rich_help_panel=_FILTERS,
        autocompletion=complete_territories,
    ),
]
SectorOption = Annotated[
    list[str] | None,
    typer.Option(
        "--sector",
        metavar=N_("SECTOR"),
        help=N_("Sector key (repeatable)."),
        rich_help_panel=_FILTERS,
        autocompletion=complete_sectors,
    ),
]
RegionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        metavar=N_("REGION"),
        help=N_("INSEE region code, e.g. 84 (repeatable)."),
        rich_help_panel=_FILTERS,
        autocompletion=complete_regions,
    ),
]
DepartmentOption = Annotated[
    list[str] | None,
    typer.Option(
        "--department",
        metavar=N_("DEPARTMENT"),
        help=N_("Department code, e.g. 07 (repeatable)."),
        rich_help_panel=_FILTERS,
        autocompletion=complete_departments,
    ),
]
WaveOption = Annotated[
    list[int] | None,
    typer.Option(
        "--wave",
        metavar=N_("WAVE"),
        help=N_("Selection wave: 1, 2 or 3 (repeatable)."),
        rich_help_panel=_FILTERS,
        autocompletion=complete_waves,
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        metavar=N_("TEXT"),
        help=N_("Text to find in names, communes, activities (accents and case ignored)."),
        rich_help_panel=_FILTERS,
    ),
]


class GroupBy(StrEnum):
    """What records can be grouped by (`stats --by`, `funding --by`)."""

    TERRITORY = "territory"
    WAVE = "wave"
    SECTOR = "sector"
    REGION = "region"
    DEPARTMENT = "department"


def _checked(check: Callable[[str], object]) -> Callable[[str | None], str | None]:
    """A callback refusing, as a usage error (exit 2), a value `check` raises ValueError on."""

    def callback(value: str | None) -> str | None:
        if value is not None:
            try:
                check(value)
            except ValueError as error:
                raise typer.BadParameter(str(error)) from None
        return value

    return callback


def _check_sort(field: str) -> object:
    # Deferred: selection imports the models; stats answering from its cache imports this module.
    from manufactures.analysis.selection import sort_records

    return sort_records((), field)


def _check_fields(text: str) -> object:
    # Deferred: as in `_check_sort`.
    from manufactures.analysis.selection import parse_fields

    return parse_fields(text)


SortOption = Annotated[
    str | None,
    typer.Option(
        "--sort",
        help=N_(
            "Order by FIELD (name, id, wave, territory, location.commune, …), in French "
            "alphabetical order; records without it come last."
        ),
        metavar=N_("FIELD"),
        callback=_checked(_check_sort),
        autocompletion=complete_sort_fields,
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help=N_(
            "Only these fields, comma-separated (id,name,location.commune,funding.amount_eur)."
        ),
        metavar=N_("A,B,…"),
        callback=_checked(_check_fields),
        autocompletion=complete_fields,
        show_default=False,
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", min=0, help=N_("At most N records (after sorting)."), metavar=N_("N")),
]
AsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        metavar=N_("YYYY-MM-DD"),
        help=N_(
            "The day progress and support are reported on (default: today). A module "
            "completed after it (completed_on later) shows as done later, not done; a module "
            "recorded done without completed_on counts as done (the record does not say when)."
        ),
        show_default=False,
    ),
]
ExcelOption = Annotated[
    bool,
    typer.Option(
        "--excel",
        help=N_(
            "With --format csv: UTF-8 with a BOM and `;` separators, as French Excel and "
            "LibreOffice expect (`manuf export --format xlsx -o FILE` keeps codes, numbers and "
            "dates typed: the better path to a spreadsheet)."
        ),
    ),
]
OutputFileOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar=N_("FILE"),
        help=N_("Write to FILE instead of standard output (UTF-8, replaced in one step)."),
        show_default=False,
    ),
]

_FILTER_OPTIONS: dict[str, object] = {
    "territory": TerritoryOption,
    "sector": SectorOption,
    "region": RegionOption,
    "department": DepartmentOption,
    "wave": WaveOption,
    "search": SearchOption,
}


def filter_options(command: Callable[..., R]) -> Callable[..., R]:
    """Give a command the shared filter options; it receives them as one `filters: Filters`."""
    options = {name: (alias, None) for name, alias in _FILTER_OPTIONS.items()}
    return _grafted(command, "filters", options, make_filters, at_end=True)


class ExportFormat(StrEnum):
    """Formats of `manuf export` (no table: it exports records whole)."""

    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    GEOJSON = "geojson"
    DATAPACKAGE = "datapackage"
    XLSX = "xlsx"
    SQLITE = "sqlite"


class ListFormat(StrEnum):
    """Formats of `manuf list`: the data commands' and GeoJSON."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    GEOJSON = "geojson"


def output_options(
    *, formats: type[StrEnum] = OutputFormat, default: str = "table", color: bool = True
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Give a command the shared output options (`--data`, `--format` among `formats`,
    `--excel`, and `--no-color` with `color`); it receives them as one `output: Output`."""
    chosen = Annotated[
        formats,  # type: ignore[valid-type]  # an annotation built at run time, for Typer
        typer.Option("--format", "-f", help=N_("Output format."), case_sensitive=False),
    ]
    options: dict[str, tuple[object, object]] = {
        "data": (DataOption, None),
        "output_format": (chosen, formats(default)),
        "excel": (ExcelOption, False),
        "path": (OutputFileOption, None),
    }
    if color:
        options["no_color"] = (NoColorOption, False)

    def output(
        data: Path | None,
        output_format: StrEnum,
        excel: bool,
        path: Path | None = None,
        no_color: bool = False,
    ) -> Output:
        return Output(data, str(output_format), excel, no_color, path)

    return lambda command: _grafted(command, "output", options, output)


def _grafted(
    command: Callable[..., R],
    receives: str,
    options: Mapping[str, tuple[object, object]],
    build: Callable[..., object],
    *,
    at_end: bool = False,
) -> Callable[..., R]:
    """`command` with `options` (name → annotated type and default) in place of its parameter
    `receives` (or after its own, `at_end`), which it gets built by `build` from their values."""
    hints = typing.get_type_hints(command, include_extras=True)
    own = [
        parameter.replace(annotation=hints.get(parameter.name, parameter.annotation))
        for parameter in inspect.signature(command).parameters.values()
    ]
    position = next(i for i, parameter in enumerate(own) if parameter.name == receives)
    kind = inspect.Parameter.KEYWORD_ONLY if at_end else own[position].kind
    added = [
        inspect.Parameter(name, kind, annotation=annotation, default=default)
        for name, (annotation, default) in options.items()
    ]
    if at_end:
        parameters = [*own[:position], *own[position + 1 :], *added]
    else:
        parameters = [*own[:position], *added, *own[position + 1 :]]

    @functools.wraps(command)
    def with_options(*args: Any, **kwargs: Any) -> R:
        values = {name: kwargs.pop(name) for name in options if name in kwargs}
        return command(*args, **{receives: build(**values)}, **kwargs)

    with_options.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    with_options.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_options
