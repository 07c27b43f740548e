"""The terminal renderer: rich tables, bars, colour only on request; text is never interpreted."""

from __future__ import annotations

from typing import Any, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from manufactures.output import CellKind, Column, CommandResult, Table
from manufactures.render.formats import _BAR_WIDTH, _cell_text, bar
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
_JUSTIFY: dict[CellKind, Any] = {
    CellKind.TEXT: "left",
    CellKind.CODE: "left",
    CellKind.STATUS: "center",
}
# A wrapped column is never narrower than its longest word, up to this: rich squeezes wrapped
# columns evenly, which would cut « Éco-construction » in two.
_WORD_FLOOR = 20


def _style(value: Any, column: Column) -> str:
    if column.kind is CellKind.STATUS:
        return _STATUS_STYLES.get(value, "")
    return "dim" if value is None else ""


def _column_width(column: Column, texts: list[str]) -> int:
    """The least width `column` takes: its widest cell, or for wrapped text its longest word."""
    if column.kind is not CellKind.TEXT:
        return max(map(cell_len, texts))
    longest = max((cell_len(word) for text in texts for word in text.split()), default=1)
    return min(longest, _WORD_FLOOR)


def _rich_table(table: Table) -> tuple[RichTable, int]:
    """The rich table, and the least width it needs to keep every figure and word whole."""
    grid = RichTable(
        title=Text(visible(table.title), style="bold"),
        title_justify="left",
        caption=Text(visible(table.caption)) if table.caption else None,
        caption_justify="left",
        expand=False,
        pad_edge=False,
    )
    cells: list[list[Text]] = [[] for _ in table.rows]
    widths: list[int] = []
    for column in table.columns:
        values = [row.get(column.key) for row in table.rows]
        texts = [_cell_text(value, column) for value in values]
        width = _column_width(column, [column.header, *texts])
        wrap = column.kind is CellKind.TEXT
        justify = _JUSTIFY.get(column.kind, "right")
        grid.add_column(
            column.header,
            justify=justify,
            no_wrap=not wrap,
            overflow="fold",
            min_width=width if wrap else None,
        )
        widths.append(width)
        for row_cells, value, text in zip(cells, values, texts, strict=True):
            row_cells.append(Text(text, style=_style(value, column)))
        if column.bar:
            maximum = max((value or 0 for value in values), default=0)
            grid.add_column("", style="cyan", no_wrap=True)
            widths.append(_BAR_WIDTH + 1)
            for row_cells, value in zip(cells, values, strict=True):
                row_cells.append(Text(bar(value or 0, maximum)))
    for row_cells in cells:
        grid.add_row(*row_cells)
    # Each column has one space of padding on either side and a border: a slight overestimate.
    return grid, sum(widths) + 3 * len(widths) + 1


def print_tables(
    result: CommandResult, out: TextIO, *, color: bool, width: int | None = None
) -> None:
    """Print the headline then every table of `result`."""
    console = make_console(out, color=color, width=width)
    if result.headline:
        console.print(Text(visible(result.headline), style="bold"))
        console.print()
    for table in result.tables:
        grid, needed = _rich_table(table)
        # Rich cuts a table wider than the console (and may squeeze a text column to nothing);
        # printing at least at its least width keeps every figure whole: a narrow terminal
        # wraps the line instead.
        console.print(grid, width=max(console.width, needed), crop=False)
        console.print()
