"""What a command returns, independent of how it is shown: an envelope of data plus tables.

`data` is what scripts get (the models' own JSON dump, inside the JSON envelope described in
docs/json-output.md); `tables` are the same facts laid out as titled grids for the table,
Markdown and CSV renderers; `items` are what JSON Lines streams, one per line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from manufactures.analysis.filters import Filters

__all__ = [
    "SCHEMA_VERSION",
    "STATUS_SYMBOLS",
    "CellKind",
    "Column",
    "CommandResult",
    "Dumped",
    "Layout",
    "Table",
    "envelope",
]

SCHEMA_VERSION = 1

# How a `CellKind.STATUS` cell is drawn: an incubation module's status, None = not recorded.
STATUS_SYMBOLS: Mapping[str | None, str] = {
    "done": "●",
    "done_later": "◇",
    "in_progress": "◐",
    "not_started": "○",
    None: "·",
}


class CellKind(StrEnum):
    """How a cell is shown on screen (data formats always get the raw value)."""

    TEXT = "text"
    CODE = "code"
    """Text never wrapped nor cut: ids, official codes, URLs."""
    COUNT = "count"
    EUR = "eur"
    PERCENT = "percent"
    STATUS = "status"


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table: the row key it reads, its header, how to show it."""

    key: str
    header: str
    kind: CellKind = CellKind.TEXT
    bar: bool = False
    bar_against: str | None = None
    """The key of the figure the bar is drawn against (the announced one): the screen shows what
    is recorded inside its outline, as the HTML report does, rather than against the largest."""


class Layout(StrEnum):
    """How the screen lays a table out (the other formats always draw a grid)."""

    GRID = "grid"
    CARD = "card"
    """Two columns, label and value: `label : value` lines, a long text in paragraphs."""
    LIST = "list"
    """One item per row, its first column on the bullet's line, the others indented below."""


@dataclass(frozen=True, slots=True)
class Table:
    """A titled grid of values: the shape every text format renders."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Any], ...]
    caption: str | None = None
    transposed_title: str | None = None
    """Set on a two-way table: a narrow screen may show it with rows and columns swapped, under
    this title."""
    layout: Layout = Layout.GRID
    droppable: tuple[str, ...] = ()
    """Columns a narrow screen may leave out (keys), the least needed first: it then says which,
    followed by `drop_hint` (how to choose them)."""
    drop_hint: str | None = None


def envelope(command: str, data: Any, *, filters: Filters | None = None) -> dict[str, Any]:
    """What every command's JSON is: `{"schema_version", "command", "filters", "data"}`, the
    filters being those set (docs/json-output.md)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "command": command,
        "filters": (filters or Filters()).as_dict(),
        "data": data,
    }


@dataclass(frozen=True, slots=True)
class Dumped:
    """A result's data already dumped to JSON-ready values (a result read back from the cache)."""

    value: Any


@dataclass(frozen=True, slots=True)
class CommandResult:
    """A command's answer: machine data, the tables that show it, the items JSON Lines streams."""

    command: str
    filters: Filters
    data: BaseModel | Sequence[BaseModel] | Dumped
    tables: tuple[Table, ...] = ()
    items: Sequence[Mapping[str, Any]] | None = None
    headline: str | None = None
    include: Mapping[str, Any] | None = None
    """Keep only these fields of each record (pydantic's `include`), for `--fields`."""
    columns: tuple[str, ...] = ()
    """CSV columns that come first, in this order, even when every value is empty."""

    def dumped_data(self) -> Any:
        """`data` as JSON-ready values, dumped by the models themselves."""
        if isinstance(self.data, Dumped):
            return self.data.value
        if isinstance(self.data, BaseModel):
            return self._dump(self.data)
        return [self._dump(item) for item in self.data]

    def _dump(self, model: BaseModel) -> Any:
        # Deferred: a result read back from the cache is shown without importing the models.
        from manufactures.models import Laureate

        # A record leaves out what it does not know (unknown is absent); a result model keeps
        # its nulls, which mean something (`"key": null` is « not recorded »).
        if isinstance(model, Laureate):
            return model.model_dump(mode="json", exclude_none=True, include=self.include)
        return model.model_dump(mode="json")

    def envelope(self) -> dict[str, Any]:
        """The JSON envelope: schema version, command, filters, data."""
        return envelope(self.command, self.dumped_data(), filters=self.filters)

    def stream_items(self) -> Sequence[Mapping[str, Any]]:
        """What JSON Lines writes: the explicit items, else the items of `data`."""
        if self.items is not None:
            return self.items
        dumped = self.dumped_data()
        return dumped if isinstance(dumped, list) else [dumped]

    def to_plain(self) -> dict[str, Any]:
        """The result as plain data (dicts, lists, tuples, strings, numbers, None): what the
        result cache writes, and `from_plain` reads back into an equal-looking result."""
        return {
            "command": self.command,
            "filters": asdict(self.filters),
            "data": self.dumped_data(),
            "tables": [_plain_table(table) for table in self.tables],
            "items": None if self.items is None else [dict(item) for item in self.items],
            "headline": self.headline,
            "columns": self.columns,
        }

    @classmethod
    def from_plain(cls, plain: Mapping[str, Any]) -> CommandResult:
        """A result from what `to_plain` gave; its `data` stays dumped."""
        return cls(
            command=plain["command"],
            filters=Filters(**plain["filters"]),
            data=Dumped(plain["data"]),
            tables=tuple(_table_from_plain(table) for table in plain["tables"]),
            items=plain["items"],
            headline=plain["headline"],
            columns=tuple(plain["columns"]),
        )


def _plain_table(table: Table) -> dict[str, Any]:
    columns = [(c.key, c.header, str(c.kind), c.bar, c.bar_against) for c in table.columns]
    rows = [dict(row) for row in table.rows]
    return {**asdict(table), "columns": columns, "rows": rows, "layout": str(table.layout)}


def _table_from_plain(plain: Mapping[str, Any]) -> Table:
    columns = tuple(
        Column(key, header, CellKind(kind), *bar) for key, header, kind, *bar in plain["columns"]
    )
    rows, layout = tuple(plain["rows"]), Layout(plain["layout"])
    return Table(**{**plain, "columns": columns, "rows": rows, "layout": layout})
