"""Inline SVG charts drawn by the tool: horizontal bars (recorded beside announced) and the
incubation heatmap (laureate × module).

Every text is escaped; every mark carries its figure in `data-*` attributes and a `<title>`
(the tooltip), so the page can be checked by a program and read by a person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import NamedTuple

from manufactures.analysis.stats import LaureateProgress
from manufactures.present.text import format_count
from manufactures.present.views import STATUS_LABELS

__all__ = ["STATUS_CLASSES", "STATUS_COLOURS", "Bar", "bar_chart", "heatmap", "number"]

WIDTH = 460
ROW = 26
BAR = 16
CHAR = 7.4  # mean advance of a 13 px sans-serif character, to size the label column
VALUE_WIDTH = 100

# Incubation statuses (None: not recorded), drawn by the page's stylesheet as these classes.
# Distinct in lightness too, so they survive grey print.
STATUS_CLASSES: Mapping[str | None, str] = {
    "done": "st-done",
    "done_later": "st-done-later",
    "in_progress": "st-in-progress",
    "not_started": "st-not-started",
    None: "st-none",
}
STATUS_COLOURS: Mapping[str | None, str] = {
    "done": "#1a7f37",
    "done_later": "#8fb8de",
    "in_progress": "#f2b134",
    "not_started": "#c9372c",
    None: "#ececec",
}


def number(value: float) -> str:
    """A coordinate as short text: two decimals at most, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


class Bar(NamedTuple):
    """One bar: its key (for `data-key`), label, recorded value and announced value if any."""

    key: str
    label: str
    value: int
    announced: int | None = None


def bar_chart(
    name: str,
    title: str,
    bars: Sequence[Bar],
    *,
    formatter: Callable[[int], str] = format_count,
) -> str:
    """Horizontal bars; an announced value, when there is one, is an outlined bar behind."""
    label_width = max(90, min(250, CHAR * max((len(b.label) for b in bars), default=0) + 12))
    plot = WIDTH - label_width - VALUE_WIDTH
    top = max((max(b.value, b.announced or 0) for b in bars), default=0) or 1
    height = ROW * len(bars) + 8
    rows = [_bar_row(index, b, label_width, plot / top, formatter) for index, b in enumerate(bars)]
    return (
        f'<svg class="chart" data-chart="{escape(name)}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(rows)
        + "</svg>"
    )


def _bar_row(
    index: int, bar: Bar, label_width: float, scale: float, formatter: Callable[[int], str]
) -> str:
    y = 4 + index * ROW
    middle = y + ROW / 2
    text = formatter(bar.value)
    tooltip = f"{bar.label} : {text}"
    announced = ""
    data = f'data-key="{escape(bar.key)}" data-value="{bar.value}"'
    if bar.announced is not None:
        text += f" / {formatter(bar.announced)}"
        tooltip += f" enregistré(s), {formatter(bar.announced)} annoncé(s)"
        announced = (
            f'<rect class="announced" x="{number(label_width)}" y="{number(middle - BAR / 2)}" '
            f'width="{number(max(bar.announced * scale, 1))}" height="{BAR}"/>'
        )
        data += f' data-announced="{bar.announced}"'
    return (
        f'<g class="bar" {data}><title>{escape(tooltip)}</title>'
        f'<text class="label" x="{number(label_width - 8)}" y="{number(middle)}">'
        f"{escape(bar.label)}</text>{announced}"
        f'<rect class="value" x="{number(label_width)}" y="{number(middle - BAR / 2 + 3)}" '
        f'width="{number(bar.value * scale)}" height="{BAR - 6}"/>'
        f'<text class="figure" x="{number(WIDTH - VALUE_WIDTH + 8)}" y="{number(middle)}">'
        f"{escape(text)}</text></g>"
    )


HEAT_CELL, HEAT_ROW = 34, 18


def heatmap(rows: Sequence[LaureateProgress], modules: Mapping[str, str]) -> str:
    """The laureate × module grid, a cell per module coloured by its status; modules numbered
    1…8 in the column heads (their names are in the legend and the tooltips).

    Names are shown whole: the label column is as wide as the longest. The grid is drawn at its
    own size (`width` and `height` in pixels, the page scrolls it sideways on a phone) so that
    its 13 px text is never shrunk below legibility."""
    keys = list(modules)
    label = heat_label_width(rows)
    width = label + HEAT_CELL * len(keys) + 90
    height = 24 + HEAT_ROW * len(rows)
    heads = "".join(
        f'<text class="head" x="{label + HEAT_CELL * i + HEAT_CELL // 2}" y="14">'
        f"{i + 1}<title>{escape(modules[key])}</title></text>"
        for i, key in enumerate(keys)
    )
    lines = "".join(_heat_row(index, row, keys, modules, label) for index, row in enumerate(rows))
    return (
        f'<svg class="chart heatmap" data-chart="heatmap" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Incubation : lauréats × modules">'
        f"<title>Incubation : lauréats × modules</title>{heads}{lines}</svg>"
    )


def heat_label_width(rows: Sequence[LaureateProgress]) -> int:
    """The width of the heatmap's name column: the longest name, whole, and a margin."""
    return max(120, round(CHAR * max((len(row.name) for row in rows), default=0)) + 16)


def _heat_row(
    index: int,
    row: LaureateProgress,
    keys: Sequence[str],
    modules: Mapping[str, str],
    label: int,
) -> str:
    y = 22 + index * HEAT_ROW
    name = row.name
    cells = []
    for column, key in enumerate(keys):
        status = row.modules.get(key)
        state = None if status is None else str(status)
        cells.append(
            f'<rect data-module="{escape(key)}" data-status="{state or ""}" '
            f'x="{label + HEAT_CELL * column + 1}" y="{y}" width="{HEAT_CELL - 2}" '
            f'height="{HEAT_ROW - 2}" class="cell {STATUS_CLASSES[state]}">'
            f"<title>{escape(row.name)} — {escape(modules[key])} : {STATUS_LABELS[state]}"
            f"</title></rect>"
        )
    after = label + HEAT_CELL * len(keys) + 8
    lag = (
        f'<text class="lagging" x="{after}" y="{y + HEAT_ROW // 2}">en retard</text>'
        if row.lagging
        else ""
    )
    return (
        f'<g class="laureate" data-id="{escape(row.id)}" data-done="{row.done}">'
        f'<text class="label" x="{label - 8}" y="{y + HEAT_ROW // 2}">{escape(name)}'
        f"<title>{escape(row.name)}</title></text>{''.join(cells)}{lag}</g>"
    )
