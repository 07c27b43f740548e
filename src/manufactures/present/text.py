"""Shared text helpers for renderers: French number formats and literal (never interpreted) text."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from manufactures.discovery import PACKAGED_REGISTRY
from manufactures.i18n import _
from manufactures.present.result import STATUS_SYMBOLS, CellKind, Column

__all__ = [
    "NOT_ANNOUNCED",
    "announced_text",
    "bar",
    "cell_text",
    "format_count",
    "format_eur",
    "format_percent",
    "records_headline",
    "registry_label",
    "visible",
]

_THOUSANDS = "\u202f"  # narrow no-break space, the French thousands separator
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_LINE_FEED = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def format_count(value: int | None) -> str:
    """`1234` → `1 234`; None → an en dash."""
    return "–" if value is None else f"{value:,}".replace(",", _THOUSANDS)


def format_eur(value: int | None) -> str:
    """`7500000` → `7 500 000 €`, exact (never `7.5e+06`)."""
    return "–" if value is None else f"{format_count(value)}\u00a0€"


def format_percent(value: float | Fraction | None) -> str:
    """`0.425` → `42,5 %`, rounded once (half up) from the value as given: a share must come
    exact (a `Fraction`, or the full-precision float of count / total), never pre-rounded, or
    28/33 would show 84,9 % (rounded to 0.8485, then again) instead of 84,8 %."""
    if value is None:
        return "–"
    exact = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else Decimal(repr(value))
    )
    tenths = (exact * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{tenths}".replace(".", ",") + "\u00a0%"


# How a figure the programme did not announce for a selection is said, everywhere.
NOT_ANNOUNCED = "non annoncé pour cette sélection"


def announced_text(
    value: int | None, shown: Callable[[int], str] = format_count, *, prefix: str = ""
) -> str:
    """An announced figure in words: `prefix` and the figure, or « non annoncé pour cette
    sélection » when the programme announced none for the selection."""
    return NOT_ANNOUNCED if value is None else f"{prefix}{shown(value)}"


def records_headline(count: int, announced: int | None) -> str:
    """« 33 lauréat(s) enregistré(s) sur 100 annoncés », or that the number was not announced."""
    if announced is None:
        return f"{count} lauréat(s) enregistré(s) ; nombre de lauréats {NOT_ANNOUNCED}"
    return f"{count} lauréat(s) enregistré(s) sur {announced} annoncés"


def registry_label(root: Path) -> str:
    """How a headline names the registry shown: « registre embarqué » for the copy shipped in
    the package, else « registre : <folder> », relative to the current folder when inside it."""
    resolved = root.resolve()
    if resolved.is_relative_to(PACKAGED_REGISTRY.resolve()):
        return _("embedded registry")
    here = Path.cwd().resolve()
    if resolved == here:
        return _("registry: {folder} (current folder)").format(folder=resolved.name)
    shown = resolved.relative_to(here) if resolved.is_relative_to(here) else root
    return _("registry: {folder}").format(folder=shown)


def visible(text: str, *, one_line: bool = False) -> str:
    """Show control characters (ANSI escapes included) as `\\x1b` rather than let them act;
    with `one_line`, line feeds too (`\\x0a`), so that a value cannot start a line of its own."""
    pattern = _CONTROL_OR_LINE_FEED if one_line else _CONTROL
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def cell_text(value: Any, column: Column) -> str:
    """A table cell as every text renderer shows it: counts, euros and percentages in French
    form, a status as its symbol, a missing value as an en dash, control characters visible."""
    if column.kind is CellKind.COUNT and (value is None or isinstance(value, int)):
        return format_count(value)
    if column.kind is CellKind.EUR and (value is None or isinstance(value, int)):
        return format_eur(value)
    if column.kind is CellKind.PERCENT and (value is None or isinstance(value, float)):
        return format_percent(value)
    if column.kind is CellKind.STATUS and value in STATUS_SYMBOLS:
        return STATUS_SYMBOLS[value]
    return visible("–" if value is None else str(value))


_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")


def bar(value: int, maximum: int, width: int, *, outline: int | None = None) -> str:
    """A horizontal bar of `value` out of `maximum` in `width` cells, in eighths of a block; with
    `outline` (the announced figure), `░` up to the length that figure has, so that what is
    recorded reads against what was announced (`█████░░░░░`: half of it)."""
    if maximum <= 0:
        return ""
    filled = _blocks(value, maximum, width)
    if outline is None or outline <= 0:
        return filled
    return filled + "░" * (max(round(outline / maximum * width), 1) - len(filled))


def _blocks(value: int, maximum: int, width: int) -> str:
    if value <= 0:
        return ""
    full, rest = divmod(max(round(value / maximum * width * 8), 1), 8)
    return "█" * full + _EIGHTHS[rest]
