"""Records as flat rows: nested fields as dotted columns, lists joined, for CSV and Markdown.

`flatten` turns `{"location": {"commune": "Alès"}}` into `{"location.commune": "Alès"}`;
`csv_header` orders the columns of many such rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["LIST_SEPARATOR", "csv_header", "flatten", "plain_text"]

LIST_SEPARATOR = " | "


def flatten(item: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested mappings to dotted keys; lists are joined with ` | `, a list of mappings
    one column per key (`funding.amount_eur` = `250000 | 30000`, empty where an item lacks it)."""
    flat: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
            flat.update(_flatten_records(value, name))
        elif isinstance(value, list):
            flat[name] = LIST_SEPARATOR.join(map(plain_text, value))
        else:
            flat[name] = value
    return flat


def _flatten_records(items: list[Any], name: str) -> dict[str, str]:
    flats = [flatten(v, f"{name}.") if isinstance(v, Mapping) else {name: v} for v in items]
    keys = dict.fromkeys(key for flat in flats for key in flat)
    return {key: LIST_SEPARATOR.join(plain_text(flat.get(key)) for flat in flats) for key in keys}


def plain_text(value: Any) -> str:
    """A value as a flat cell holds it: nothing for None, `true` / `false` for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_header(rows: Iterable[Mapping[str, Any]], leading: Sequence[str] = ()) -> list[str]:
    """The columns of `rows`: each `leading` name (or the dotted keys below it) first, present
    even when empty; then every other key, in the order the rows give them."""
    merged: list[str] = []
    known: set[str] = set()
    for row in rows:
        if known.issuperset(row):
            continue
        position = 0
        for key in row:
            if key in known:
                position = merged.index(key) + 1
            else:
                merged.insert(position, key)
                known.add(key)
                position += 1
    header: list[str] = []
    for name in leading:
        below = [key for key in merged if key == name or key.startswith(f"{name}.")]
        header += below or [name]
    placed = set(header)
    return header + [key for key in merged if key not in placed]
