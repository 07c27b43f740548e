"""The terminal renderer: rich tables, bars, colour only on request; text is never interpreted."""

from __future__ import annotations

import textwrap
from typing import Any, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from manufactures.present.result import CellKind, Column, CommandResult, Table
from manufactures.present.text import bar, cell_text, visible

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
# A wrapped column is never narrower than its longest word, up to this (« Alpes-de-Haute-Provence »
# fits): rich squeezes wrapped columns evenly, which would cut « Éco-construction » in two.
_WORD_FLOOR = 24


def _style(value: Any, column: Column) -> str:
    if column.kind is CellKind.STATUS:
        return _STATUS_STYLES.get(value, "")
    return "dim" if value is None else ""


def _least_width(column: Column, texts: list[str]) -> int:
    """The least width `column` takes: its widest figure (a header wraps between words), or for
    wrapped text its longest word."""
    words = [cell_len(word) for word in column.header.split()]
    if column.kind is not CellKind.TEXT:
        return max(*words, *map(cell_len, texts), 1)
    words += [cell_len(word) for text in texts for word in text.split()]
    return min(max(words, default=1), _WORD_FLOOR)


def _fitted_widths(natural: list[int], least: list[int], room: int) -> list[int]:
    """Column widths summing to at most `room` if they can: the widest columns are narrowed
    first, none below its least width (rich's own squeeze takes columns down to nothing)."""
    widths = [max(n, m) for n, m in zip(natural, least, strict=True)]
    excess = sum(widths) - room
    while excess > 0:
        narrowable = [i for i, width in enumerate(widths) if width > least[i]]
        if not narrowable:
            break
        widest = max(widths[i] for i in narrowable)
        for i in narrowable:
            if widths[i] == widest and excess > 0:
                widths[i] -= 1
                excess -= 1
    return widths


def _table_width(widths: list[int]) -> int:
    # One space of padding either side of each column and a border between and around them, but
    # no padding at the table's edges (`pad_edge=False`).
    return sum(widths) + 3 * len(widths) - 1


def _rich_table(table: Table, room: int) -> tuple[RichTable, int]:
    """The rich table laid out in `room` columns if it can be, and its width (which may be more:
    no figure and no word shorter than `_WORD_FLOOR` is ever cut)."""
    headers: list[str] = []
    cells: list[list[Text]] = []
    justify: list[Any] = []
    natural: list[int] = []
    least: list[int] = []
    for column in table.columns:
        values = [row.get(column.key) for row in table.rows]
        texts = [cell_text(value, column) for value in values]
        headers.append(column.header)
        cells.append([Text(t, style=_style(v, column)) for v, t in zip(values, texts, strict=True)])
        justify.append(_JUSTIFY.get(column.kind, "right"))
        natural.append(max(map(cell_len, [column.header, *texts])))
        least.append(_least_width(column, texts))
        if column.bar:
            maximum = max((value or 0 for value in values), default=0)
            bars = [bar(value or 0, maximum) for value in values]
            headers.append("")
            cells.append([Text(text, style="cyan") for text in bars])
            justify.append("left")
            natural.append(max(map(cell_len, bars), default=1))
            least.append(natural[-1])
    widths = _fitted_widths(natural, least, room - _table_width([0] * len(natural)))
    grid = RichTable(
        title=Text(visible(table.title), style="bold"),
        title_justify="left",
        expand=False,
        pad_edge=False,
    )
    for header, side, width in zip(headers, justify, widths, strict=True):
        grid.add_column(header, justify=side, width=width, overflow="fold")
    for row in zip(*cells, strict=True):
        grid.add_row(*row)
    return grid, _table_width(widths)


def _transposed(table: Table) -> Table:
    """`table` with rows and columns swapped, under its `transposed_title`: the first column's
    values become the headers, the other headers the first column."""
    label, *others = table.columns
    keyed = {f"row{index}": row for index, row in enumerate(table.rows)}
    kind = others[0].kind if others else CellKind.TEXT
    columns = (
        Column(label.key, label.header),
        *(Column(key, str(row.get(label.key)), kind) for key, row in keyed.items()),
    )
    rows = tuple(
        {label.key: column.header, **{key: row.get(column.key) for key, row in keyed.items()}}
        for column in others
    )
    return Table(table.transposed_title or table.title, columns, rows, caption=table.caption)


def _fitting(table: Table, room: int) -> tuple[RichTable, int]:
    """The rich table to print in `room` columns, and its width.

    A two-way table too wide for the screen is shown with rows and columns swapped when that is
    narrower (17 sectors read better as rows than as columns); otherwise as it is.
    """
    grid, width = _rich_table(table, room)
    if width <= room or table.transposed_title is None:
        return grid, width
    swapped, swapped_width = _rich_table(_transposed(table), room)
    return (swapped, swapped_width) if swapped_width < width else (grid, width)


# French typography: no line break inside « … » nor before « : » and « ; ». While wrapping, these
# spaces are held by a private-use character, then given back as the plain spaces they were.
_HELD = "\ue000"
_NO_BREAK = (("« ", "«" + _HELD), (" »", _HELD + "»"), (" :", _HELD + ":"), (" ;", _HELD + ";"))


def _wrapped(sentence: str, width: int) -> str:
    """A headline or caption in lines of at most `width`, broken only at ordinary spaces.

    Rich breaks lines at any Unicode space, the no-break spaces of `7 500 000 €` included, and
    wraps a caption to its table's width; `textwrap` breaks only at ASCII whitespace.
    """
    text = visible(sentence)
    for plain, held in _NO_BREAK:
        text = text.replace(plain, held)
    lines = textwrap.fill(text, width=width, break_long_words=False, break_on_hyphens=False)
    return lines.replace(_HELD, " ")


def print_tables(
    result: CommandResult, out: TextIO, *, color: bool, width: int | None = None
) -> None:
    """Print the headline then every table of `result`."""
    console = make_console(out, color=color, width=width)
    if result.headline:
        headline = _wrapped(result.headline, console.width)
        console.print(Text(headline, style="bold", no_wrap=True), crop=False)
        console.print()
    for table in result.tables:
        grid, needed = _fitting(table, console.width)
        # Rich squeezes a table wider than its console (columns down to nothing, figures cut):
        # one that cannot fit is printed whole at its least width, and a narrow terminal wraps
        # the lines instead.
        wide = console if needed <= console.width else make_console(out, color=color, width=needed)
        wide.print(grid, crop=False)
        if table.caption:
            wide.print(Text(_wrapped(table.caption, wide.width), no_wrap=True), crop=False)
        wide.print()
