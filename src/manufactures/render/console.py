"""The terminal renderer: rich tables, bars, colour only on request; text is never interpreted."""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.cells import cell_len
from rich.measure import Measurement
from rich.table import Table as RichTable
from rich.text import Text

from manufactures.output import CellKind, Column, CommandResult, Table
from manufactures.render.formats import _cell_text, bar
from manufactures.render.text import visible

__all__ = ["make_console", "print_tables"]


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Let the CLI's error boundary handle a closed pipe like any other output (exit 0, silent)
        # instead of rich's own `SystemExit(1)`.
        self.quiet = True
        raise BrokenPipeError


def make_console(out: TextIO, *, color: bool, width: int | None = None) -> Console:
    """A console writing to `out`; no colour, no markup, no emoji unless `color`."""
    return _Console(
        file=out,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        width=width or (None if color else 100),
        emoji=False,
        markup=False,
        highlight=False,
        soft_wrap=False,
    )


# Incubation statuses: green done, yellow in progress, red not started, dim not recorded.
_STATUS_STYLES = {"done": "green", "in_progress": "yellow", "not_started": "red", None: "dim"}
_UNBOUNDED = 10_000
_JUSTIFY: dict[CellKind, Any] = {
    CellKind.TEXT: "left",
    CellKind.CODE: "left",
    CellKind.STATUS: "center",
}


def _cell(value: Any, column: Column) -> Text:
    if column.kind is CellKind.STATUS:
        style = _STATUS_STYLES.get(value, "")
    else:
        style = "dim" if value is None else ""
    return Text(_cell_text(value, column), style=style)


def _longest_word(column: Column, table: Table) -> int:
    """The width a wrapped column needs to never break a word (up to a point): rich squeezes
    wrapped columns evenly, which cuts « Éco-construction » in two without this floor."""
    texts = [column.header, *(_cell_text(row.get(column.key), column) for row in table.rows)]
    return min(max((cell_len(word) for text in texts for word in text.split()), default=1), 20)


def _rich_table(table: Table) -> RichTable:
    grid = RichTable(
        title=Text(visible(table.title), style="bold"),
        title_justify="left",
        caption=Text(visible(table.caption)) if table.caption else None,
        caption_justify="left",
        expand=False,
        pad_edge=False,
    )
    maxima = {
        c.key: max((r.get(c.key) or 0 for r in table.rows), default=0)
        for c in table.columns
        if c.bar
    }
    for column in table.columns:
        justify = _JUSTIFY.get(column.kind, "right")
        wrap = column.kind is CellKind.TEXT
        grid.add_column(
            column.header,
            justify=justify,
            no_wrap=not wrap,
            overflow="fold",
            min_width=_longest_word(column, table) if wrap else None,
        )
        if column.bar:
            grid.add_column("", style="cyan", no_wrap=True)
    for row in table.rows:
        cells: list[Text] = []
        for column in table.columns:
            value = row.get(column.key)
            cells.append(_cell(value, column))
            if column.bar:
                cells.append(Text(bar(value or 0, maxima[column.key])))
        grid.add_row(*cells)
    return grid


def print_tables(
    result: CommandResult, out: TextIO, *, color: bool, width: int | None = None
) -> None:
    """Print the headline then every table of `result`."""
    console = make_console(out, color=color, width=width)
    if result.headline:
        console.print(Text(visible(result.headline), style="bold"))
        console.print()
    for table in result.tables:
        grid = _rich_table(table)
        # Rich cuts a table wider than the console (and may squeeze a text column to nothing);
        # printing at least at its minimum width keeps every figure whole: a narrow terminal
        # wraps the line instead.
        unbounded = console.options.update_width(_UNBOUNDED)
        needed = Measurement.get(console, unbounded, grid).minimum
        console.print(grid, width=max(console.width, needed), crop=False)
        console.print()
