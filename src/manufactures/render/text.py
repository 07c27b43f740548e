"""Shared text helpers for renderers: French number formats and literal (never interpreted) text."""

from __future__ import annotations

import re

__all__ = ["format_count", "format_eur", "format_percent", "visible"]

_THOUSANDS = "\u202f"  # narrow no-break space, the French thousands separator
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_LINE_FEED = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def format_count(value: int | None) -> str:
    """`1234` → `1 234`; None → an en dash."""
    return "–" if value is None else f"{value:,}".replace(",", _THOUSANDS)


def format_eur(value: int | None) -> str:
    """`7500000` → `7 500 000 €`, exact (never `7.5e+06`)."""
    return "–" if value is None else f"{format_count(value)}\u00a0€"


def format_percent(value: float | None) -> str:
    """`0.425` → `42,5 %`."""
    return "–" if value is None else f"{value * 100:.1f}".replace(".", ",") + "\u00a0%"


def visible(text: str, *, one_line: bool = False) -> str:
    """Show control characters (ANSI escapes included) as `\\x1b` rather than let them act;
    with `one_line`, line feeds too (`\\x0a`), so that a value cannot start a line of its own."""
    pattern = _CONTROL_OR_LINE_FEED if one_line else _CONTROL
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
