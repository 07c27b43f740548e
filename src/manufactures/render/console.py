"""The terminal renderer: rich tables, bars, colour only on request; text is never interpreted."""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from manufactures.output import CellKind, CommandResult, Table
from manufactures.render.formats import _cell_text, bar

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


def _rich_table(table: Table) -> RichTable:
    grid = RichTable(
        title=Text(table.title, style="bold"),
        title_justify="left",
        caption=table.caption,
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
        justify: Any = "left" if column.kind is CellKind.TEXT else "right"
        grid.add_column(column.header, justify=justify, no_wrap=column.kind is not CellKind.TEXT)
        if column.bar:
            grid.add_column("", style="cyan", no_wrap=True)
    for row in table.rows:
        cells: list[Text] = []
        for column in table.columns:
            value = row.get(column.key)
            cells.append(Text(_cell_text(value, column), style="dim" if value is None else ""))
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
        console.print(Text(result.headline, style="bold"))
        console.print()
    for table in result.tables:
        console.print(_rich_table(table))
        console.print()
