"""The terminal renderer: every table fitted to the screen's width, bars against the announced
figures, colour only on request; text is never interpreted.

A table is made to fit, giving up the least first: its bars shrink, its headers wrap between
words, the bars go, then its text wraps between words (a code or a URL breaks before a text is
squeezed below a readable width). A `list` leaves out its least needed columns and says so. What
still cannot fit is turned: a two-way table has its rows and columns swapped, any other is shown
row by row, `header : value`. No figure and no name is ever cut.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any, TextIO

from rich.cells import cell_len, chop_cells
from rich.console import Console, JustifyMethod, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from manufactures.present.result import (
    STATUS_SYMBOLS,
    CellKind,
    Column,
    CommandResult,
    Layout,
    Table,
)
from manufactures.present.text import bar, cell_text, visible

__all__ = ["make_console", "print_tables", "screen_width"]

_DEFAULT_WIDTH = 80


def screen_width() -> int:
    """`COLUMNS` when set, else the terminal's width (that of stdout, else of stderr or stdin:
    `manuf list | less` still fits the screen), else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.__stdout__, sys.__stderr__, sys.__stdin__):
        try:
            width = os.get_terminal_size(stream.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            continue
        if width > 0:
            return width
    return _DEFAULT_WIDTH


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Let the CLI's error boundary handle a closed pipe like any other output (exit 0, silent)
        # instead of rich's own `SystemExit(1)`.
        self.quiet = True
        raise BrokenPipeError


def make_console(out: TextIO, *, color: bool, width: int | None = None) -> Console:
    """A console writing to `out`, `width` columns wide (else the screen's); no colour, no markup,
    no emoji unless `color`."""
    return _Console(
        file=out,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        width=width or screen_width(),
        emoji=False,
        markup=False,
        highlight=False,
        soft_wrap=False,
    )


# Lines: text broken between words, French typography kept.

# No line break inside « … » nor before « : » and « ; ». While wrapping, these spaces are held by
# a private-use character, then given back as the plain spaces they were.
_HELD = "\ue000"
_NO_BREAK = (("« ", "«" + _HELD), (" »", _HELD + "»"), (" :", _HELD + ":"), (" ;", _HELD + ";"))


def _lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken only at ordinary spaces (never at the
    no-break spaces of `7 500 000 €`); a word longer than a line (a URL) is broken where it must."""
    for plain, held in _NO_BREAK:
        text = text.replace(plain, held)
    lines: list[str] = []
    line = ""
    for word in text.replace("\t", " ").split(" "):
        if not word:
            continue
        if line and cell_len(line) + 1 + cell_len(word) <= width:
            line += " " + word
            continue
        if line:
            lines.append(line)
        *whole, line = _broken_word(word, width)
        lines += whole
    lines.append(line)
    return [line.replace(_HELD, " ") for line in lines]


_URL_BREAKS = re.compile(r"(?<=[/?&=_-])")


def _broken_word(word: str, width: int) -> list[str]:
    """`word` in pieces of at most `width` cells: a URL after a `/`, `?`, `&`, `=`, `_` or `-`
    where it can, anywhere where it must."""
    pieces: list[str] = []
    while cell_len(word) > width:
        head = chop_cells(word, max(width, 1))[0]
        cuts = [m.start() for m in _URL_BREAKS.finditer(head) if m.start() > len(head) // 2]
        cut = cuts[-1] if cuts else len(head)
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


def _paragraphs(text: str) -> list[str]:
    """A long text as written in a record: single line breaks joined (they only wrapped it in the
    YAML file), a blank line kept as the break between two paragraphs."""
    return [" ".join(_words(part)) for part in re.split(r"\n[ \t]*\n", text) if _words(part)]


def _words(text: str) -> list[str]:
    """`text`'s words: split at ordinary white space only, a figure's no-break spaces kept."""
    return [word for word in re.split(r"[ \t\n\r\f\v]+", text) if word]


def _flowed(text: str, width: int) -> list[str]:
    """`text`'s paragraphs in lines of at most `width`, a blank line between two."""
    lines: list[str] = []
    for paragraph in _paragraphs(text) or [""]:
        lines += [""] if lines else []
        lines += _lines(paragraph, width)
    return lines


def _wrapped(sentence: str, width: int) -> str:
    """A title, headline or caption in lines of at most `width`."""
    return "\n".join(_flowed(visible(sentence), width))


# Grids: a table's columns as the screen shows them, and the widths they get.

_STATUS_STYLES = {"done": "green", "in_progress": "yellow", "not_started": "red", None: "dim"}
_JUSTIFY: dict[CellKind | None, JustifyMethod] = {
    CellKind.TEXT: "left",
    CellKind.CODE: "left",
    CellKind.STATUS: "center",
    None: "left",
}
_BAR_MOST, _BAR_LEAST = 20, 6
# A wrapped text column is narrowed to this before a code is broken, and never below its longest
# word up to `_WORD_FLOOR` (« Alpes-de-Haute-Provence » fits); a code is never broken below
# `_CODE_FLOOR`.
_READABLE, _WORD_FLOOR, _CODE_FLOOR = 24, 24, 12


# A status is coloured by its symbol, so that module columns closed up into one keep their colours.
_SYMBOL_STYLES = {STATUS_SYMBOLS[status]: style for status, style in _STATUS_STYLES.items()}


def _style(value: Any) -> str:
    return "dim" if value is None else ""


def _longest_word(texts: Iterable[str]) -> int:
    return max((cell_len(word) for text in texts for word in _words(text)), default=0)


@dataclass(frozen=True, slots=True)
class _Shown:
    """A column on screen: its header, its cells' texts and styles; or a bar column, drawn at the
    width it gets from `bars` (a value and the figure it is drawn against, per row)."""

    header: str
    kind: CellKind | None
    texts: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    bars: tuple[tuple[int, int | None], ...] = ()

    @property
    def empty(self) -> bool:
        if self.kind is None:
            return not any(value or outline for value, outline in self.bars)
        return bool(self.texts) and not any(self.texts)

    @property
    def natural(self) -> int:
        """Its width with every header and cell on one line."""
        if self.kind is None:
            return _BAR_MOST
        return max(cell_len(self.header), *map(cell_len, self.texts), 1)

    @property
    def compact(self) -> int:
        """Its width with the header wrapped between words, every cell on one line."""
        if self.kind is None:
            return _BAR_LEAST
        return max(_longest_word([self.header]), *map(cell_len, self.texts), 1)

    @property
    def floors(self) -> tuple[int, int, int]:
        """The widths it is narrowed to, step by step: a text to a readable width, then a code
        broken, then a text wrapped to its longest word (a figure never narrower than itself)."""
        header = _longest_word([self.header])
        if self.kind is CellKind.TEXT:
            least = max(header, min(_longest_word(self.texts), _WORD_FLOOR), 1)
            readable = max(min(self.compact, max(_READABLE, header)), least)
            return readable, readable, least
        if self.kind is CellKind.CODE:
            broken = max(header, min(self.compact, _CODE_FLOOR), 1)
            return self.compact, broken, broken
        return self.compact, self.compact, self.compact

    def cells(self, width: int) -> list[Text]:
        """Its cells at `width`: texts wrapped, bars drawn."""
        if self.kind is None:
            scale = max(max(value, outline or 0) for value, outline in self.bars)
            return [_bar_text(bar(v, scale, width, outline=o)) for v, o in self.bars]
        if self.kind is CellKind.STATUS:
            return [
                Text.assemble(*((symbol, _SYMBOL_STYLES.get(symbol, "")) for symbol in text))
                for text in self.texts
            ]
        return [
            Text("\n".join(_flowed(text, width)), style=style)
            for text, style in zip(self.texts, self.styles, strict=True)
        ]


def _bar_text(drawn: str) -> Text:
    filled = drawn.rstrip("░")
    return Text(filled, style="cyan") + Text(drawn[len(filled) :], style="dim")


def _shown_columns(table: Table) -> list[tuple[str, _Shown]]:
    """`table`'s columns as the screen shows them, by key (a bar beside the figure it draws),
    without those whose every cell is empty."""
    shown: list[tuple[str, _Shown]] = []
    for column in table.columns:
        values = [row.get(column.key) for row in table.rows]
        texts = tuple(cell_text(value, column) for value in values)
        styles = tuple(_style(value) for value in values)
        shown.append((column.key, _Shown(column.header, column.kind, texts, styles)))
        if column.bar:
            against = [
                row.get(column.bar_against) if column.bar_against else None for row in table.rows
            ]
            bars = tuple(
                (value or 0, outline) for value, outline in zip(values, against, strict=True)
            )
            shown.append((column.key, _Shown("", None, bars=bars)))
    return [(key, column) for key, column in shown if not column.empty]


def _separators(count: int) -> int:
    # One space of padding either side of each column and a border between and around them, but
    # no padding at the table's edges (`pad_edge=False`).
    return 3 * count - 1


def _narrowed(widths: list[int], floors: Sequence[int], room: int) -> list[int]:
    """`widths` narrowed until they sum to `room`, the widest first, none below its floor."""
    widths = list(widths)
    excess = sum(widths) - room
    while excess > 0:
        narrowable = [i for i, width in enumerate(widths) if width > floors[i]]
        if not narrowable:
            break
        widest = max(widths[i] for i in narrowable)
        for i in narrowable:
            if widths[i] == widest and excess > 0:
                widths[i] -= 1
                excess -= 1
    return widths


def _widths(columns: Sequence[_Shown], room: int, *, wrap: bool = True) -> list[int] | None:
    """The width of each column for the table to fit in `room` (0: a bar left out), or None; if
    not `wrap`, only widths that keep every cell on one line."""
    bars = sum(column.kind is None for column in columns)
    inner = room - _separators(len(columns))
    for measured in ([c.natural for c in columns], [c.compact for c in columns]):
        spare = inner - sum(w for c, w in zip(columns, measured, strict=True) if c.kind is not None)
        if bars and spare >= bars * _BAR_LEAST:
            each = min(_BAR_MOST, spare // bars)
            return [each if c.kind is None else w for c, w in zip(columns, measured, strict=True)]
        if not bars and spare >= 0:
            return measured
    if not wrap:
        return None
    kept = [c for c in columns if c.kind is not None]
    inner = room - _separators(len(kept))
    widths = _narrowed([c.natural for c in kept], [c.compact for c in kept], inner)
    for step in range(3):
        widths = _narrowed(widths, [c.floors[step] for c in kept], inner)
    if sum(widths) > inner:
        return None
    fitted = iter(widths)
    return [0 if c.kind is None else next(fitted) for c in columns]


def _lines_per_row(columns: Sequence[_Shown], widths: Sequence[int]) -> int:
    """How many lines the tallest row takes."""
    cells = [c.cells(w) for c, w in zip(columns, widths, strict=True) if w]
    return max((len(cell.plain.split("\n")) for row in cells for cell in row), default=1)


def _broken(columns: Sequence[_Shown], widths: Sequence[int]) -> bool:
    """Whether a code (an id, a URL) would be broken across lines."""
    return any(
        c.kind is CellKind.CODE and w < c.compact for c, w in zip(columns, widths, strict=True)
    )


def _chosen(table: Table, room: int) -> tuple[list[tuple[str, _Shown]], list[str]]:
    """The columns to show and the headers of those left out: as few of the `droppable` ones left
    out as lets every row fit on two lines, no code broken."""
    columns = _shown_columns(table)
    spare = [key for key in table.droppable if key in dict(columns)]
    for count in range(len(spare) + 1):
        left_out = spare[:count]
        kept = [(key, c) for key, c in columns if key not in left_out]
        widths = _widths([c for _, c in kept], room)
        shown = [c for _, c in kept]
        if widths and _lines_per_row(shown, widths) <= 2 and not _broken(shown, widths):
            break
    headers = [column.header for column in table.columns if column.key in left_out]
    return kept, headers


def _grid(columns: Sequence[_Shown], widths: Sequence[int]) -> RichTable:
    grid = RichTable(expand=False, pad_edge=False)
    drawn = [(c, w) for c, w in zip(columns, widths, strict=True) if w]
    for column, width in drawn:
        side = _JUSTIFY.get(column.kind, "right")
        header = "\n".join(_lines(column.header, width)) if column.header else ""
        grid.add_column(header, justify=side, width=width, no_wrap=True)
    for row in zip(*(column.cells(width) for column, width in drawn), strict=True):
        grid.add_row(*row)
    return grid


_PAIRS = "   "


def _stacked(columns: Sequence[_Shown], room: int) -> Text:
    """A table too wide for any grid, row by row: its first cell, then `header : value` pairs
    flowed in lines under it (a long one on lines of its own)."""
    head, *rest = [column for column in columns if column.kind is not None]
    shown = Text()
    for row, title in enumerate(head.texts):
        shown.append("\n".join(_lines(title, room)) + "\n", style="bold")
        lines: list[str] = []
        line = ""
        for column in rest:
            value = " ".join(_paragraphs(column.texts[row]))
            if not value:
                continue
            pair = f"{column.header} : {value}" if column.header else value
            if line and cell_len(line) + len(_PAIRS) + cell_len(pair) <= room - 2:
                line += _PAIRS + pair
                continue
            lines += [f"  {line}"] if line else []
            line = ""
            if cell_len(pair) <= room - 2:
                line = pair
                continue
            first, *more = _lines(pair, room - 4)
            lines += [f"  {first}", *(f"    {part}" for part in more)]
        lines += [f"  {line}"] if line else []
        shown.append("".join(f"{line}\n" for line in lines))
    shown.rstrip()
    return shown


_BULLET = "• "
_VALUE_LEAST = 20  # a card's values go under their labels where beside them they would have less


def _card(table: Table, room: int) -> Text:
    """A two-column table as `label : value` lines, the values aligned and in paragraphs."""
    label_column, value_column = table.columns[:2]
    labels = [cell_text(row.get(label_column.key), label_column) for row in table.rows]
    indent = max(map(cell_len, labels), default=0) + 3
    beside = room - indent >= _VALUE_LEAST
    card = Text()
    for label, row in zip(labels, table.rows, strict=True):
        value = row.get(value_column.key)
        text = cell_text(value, value_column)
        if beside:
            first, *more = _flowed(text, room - indent)
            card.append(label + " " * (indent - 3 - cell_len(label)) + " : ")
            lines = [first, *(f"{' ' * indent}{line}" if line else "" for line in more)]
        else:
            card.append(label + " :\n")
            lines = [f"  {line}" if line else "" for line in _flowed(text, room - 2)]
        card.append("\n".join(lines) + "\n", style=_style(value))
    card.rstrip()
    return card


def _listed(table: Table, room: int) -> Text:
    """Each row an item: its first cell on the bullet's line, the others indented under it."""
    head, *rest = table.columns
    lines: list[str] = []
    for row in table.rows:
        first, *more = _lines(cell_text(row.get(head.key), head), room - len(_BULLET))
        lines += [_BULLET + first, *(f"  {line}" for line in more)]
        for column in rest:
            if (value := row.get(column.key)) not in (None, ""):
                lines += [
                    f"  {line}" if line else ""
                    for line in _flowed(cell_text(value, column), room - 2)
                ]
    return Text("\n".join(lines))


def _merged_statuses(columns: Sequence[_Shown]) -> list[_Shown]:
    """`columns` with each run of status columns headed by one character (modules 1 to 8) drawn
    as one: a symbol per column under their headers side by side (`12345678`, `●●◐○····`)."""
    merged: list[_Shown] = []
    for narrow, run in groupby(columns, _narrow_status):
        group = list(run)
        if not narrow or len(group) == 1:
            merged += group
            continue
        texts = tuple("".join(cells) for cells in zip(*(c.texts for c in group), strict=True))
        header = "".join(column.header for column in group)
        merged.append(_Shown(header, CellKind.STATUS, texts))
    return merged


def _narrow_status(column: _Shown) -> bool:
    return column.kind is CellKind.STATUS and cell_len(column.header) == 1


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


def _laid_out(table: Table, room: int) -> tuple[str, RenderableType, str | None]:
    """`table` as the screen shows it in `room` columns: its title, its body, its caption."""
    if table.layout is Layout.CARD:
        return table.title, _card(table, room), table.caption
    if table.layout is Layout.LIST:
        return table.title, _listed(table, room), table.caption
    kept, left_out = _chosen(table, room)
    columns = [column for _, column in kept]
    caption = table.caption
    if left_out:
        omitted = f"colonnes omises faute de place : {', '.join(left_out)}"
        hint = f" ; {table.drop_hint}" if table.drop_hint else ""
        caption = "\n".join(filter(None, (caption, omitted + hint)))
    # Cells kept on one line rather than wrapped, wrapped rather than the table turned, turned
    # rather than shown row by row.
    merged = _merged_statuses(columns)
    tries = [
        (table.title, columns, False),
        (table.title, merged, False),
        (table.title, merged, True),
    ]
    if table.transposed_title is not None:
        swapped = _transposed(table)
        turned = [column for _, column in _shown_columns(swapped)]
        tries += [(swapped.title, turned, False), (swapped.title, turned, True)]
    for title, shown, wrap in tries:
        if (widths := _widths(shown, room, wrap=wrap)) is not None:
            return title, _grid(shown, widths), caption
    return table.title, _stacked(merged, room), caption


def print_tables(
    result: CommandResult, out: TextIO, *, color: bool, width: int | None = None
) -> None:
    """Print the headline then every table of `result`, none wider than the screen."""
    console = make_console(out, color=color, width=width)
    room = console.width
    if result.headline:
        console.print(Text(_wrapped(result.headline, room), style="bold"))
        console.print()
    for table in result.tables:
        title, body, caption = _laid_out(table, room)
        console.print(Text(_wrapped(title, room), style="bold"))
        console.print(body)
        if caption:
            console.print(Text("\n".join(_wrapped(line, room) for line in caption.split("\n"))))
        console.print()
