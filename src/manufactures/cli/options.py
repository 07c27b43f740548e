"""Options shared by several commands, declared once as `Annotated` aliases."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

__all__ = [
    "AsOfOption",
    "DataOption",
    "DepartmentOption",
    "ExcelOption",
    "FieldsOption",
    "GroupBy",
    "LimitOption",
    "NoColorOption",
    "OutputFormat",
    "OutputFormatOption",
    "RegionOption",
    "SearchOption",
    "SectorOption",
    "SortOption",
    "TerritoryOption",
    "WaveOption",
    "filter_options",
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
        help="Registry folder (default: $MANUF_DATA, the nearest data/, the embedded registry).",
        show_default=False,
    ),
]
OutputFormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="Never colour the output (also: NO_COLOR=1).")
]
TerritoryOption = Annotated[
    list[str] | None,
    typer.Option("--territory", help="Territory type key (repeatable).", rich_help_panel=_FILTERS),
]
SectorOption = Annotated[
    list[str] | None,
    typer.Option("--sector", help="Sector key (repeatable).", rich_help_panel=_FILTERS),
]
RegionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--region", help="INSEE region code, e.g. 84 (repeatable).", rich_help_panel=_FILTERS
    ),
]
DepartmentOption = Annotated[
    list[str] | None,
    typer.Option(
        "--department", help="Department code, e.g. 07 (repeatable).", rich_help_panel=_FILTERS
    ),
]
WaveOption = Annotated[
    list[int] | None,
    typer.Option(
        "--wave", help="Selection wave: 1, 2 or 3 (repeatable).", rich_help_panel=_FILTERS
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        help="Text to find in names, communes, activities (accents and case ignored).",
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
    from manufactures.analysis.selection import sort_records

    return sort_records((), field)


def _check_fields(text: str) -> object:
    from manufactures.analysis.selection import parse_fields

    return parse_fields(text)


SortOption = Annotated[
    str | None,
    typer.Option(
        "--sort",
        help="Order by FIELD (name, id, wave, territory, location.commune, …), in French "
        "alphabetical order; records without it come last.",
        metavar="FIELD",
        callback=_checked(_check_sort),
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Only these fields, comma-separated (id,name,location.commune,funding.amount_eur).",
        metavar="A,B,…",
        callback=_checked(_check_fields),
        show_default=False,
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", min=0, help="At most N records (after sorting).", metavar="N"),
]
AsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="The day progress and support are reported on (default: today). A module "
        "completed after it (completed_on later) shows as done later, not done; a module "
        "recorded done without completed_on counts as done (the record does not say when).",
        show_default=False,
    ),
]
ExcelOption = Annotated[
    bool,
    typer.Option(
        "--excel",
        help="With --format csv: UTF-8 with a BOM and `;` separators, as French Excel and "
        "LibreOffice expect.",
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
    from manufactures.cli.context import make_filters

    hints = typing.get_type_hints(command, include_extras=True)
    own = [
        parameter.replace(annotation=hints.get(parameter.name, parameter.annotation))
        for parameter in inspect.signature(command).parameters.values()
        if parameter.name != "filters"
    ]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=alias, default=None)
        for name, alias in _FILTER_OPTIONS.items()
    ]

    @functools.wraps(command)
    def with_filters(*args: Any, **kwargs: Any) -> R:
        values = {name: kwargs.pop(name, None) for name in _FILTER_OPTIONS}
        return command(*args, filters=make_filters(**values), **kwargs)

    with_filters.__signature__ = inspect.Signature([*own, *added])  # type: ignore[attr-defined]
    with_filters.__annotations__ = {p.name: p.annotation for p in [*own, *added]}
    return with_filters
