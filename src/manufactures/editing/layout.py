"""The canonical layout of a record: where each key goes, which values are quoted, sorted lists.

The order is the models' field order (so it cannot drift from them); incubation modules follow
`modules.yaml`. `format_document` puts a round-trip document (see `yaml.roundtrip`) in that form
in place: comments stay attached to their keys and items. Each value means one thing to every
YAML reader (see `yaml.plain`): codes are double-quoted, and so is any other text a reader would
take for a number, a boolean, a null or a date (`name: "104"`); numbers and dates are plain, in
a spelling every reader reads alike (`wave: 2`, `amount_eur: 250000`); other texts keep their
quoting. `canonical_value` gives the same form for plain data.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from manufactures.models import (
    Laureate,
    field_docs,
    holds_list,
    holds_mapping,
    models_in,
    scalar_kinds,
)
from manufactures.yaml.plain import agreed_number, plain_number, typed_as

__all__ = [
    "CODE_FIELDS",
    "LIST_FIELDS",
    "SCHEMA_FILE",
    "SCHEMA_LINE",
    "UNORDERED_LISTS",
    "canonical_scalar",
    "canonical_value",
    "format_document",
    "insert_in_order",
    "key_order",
    "key_ranks",
    "model_at",
    "replace",
    "scalar_kind",
    "styled_scalar",
    "with_schema_line",
]

# Editors find a record's JSON Schema by its first line: a file kept beside `programme.yaml`,
# so the link resolves wherever the registry lives (`manuf fmt` and `manuf new` keep it current).
SCHEMA_FILE = "laureate.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema=../{SCHEMA_FILE}"
_EDITOR_LINE = "# yaml-language-server:"


def with_schema_line(text: str) -> str:
    """`text` opening with `SCHEMA_LINE`, any other editor line of its leading comments gone."""
    lines = text.split("\n")
    head = 0
    while head < len(lines) and lines[head].startswith("#"):
        head += 1
    kept = [line for line in lines[:head] if not line.startswith(_EDITOR_LINE)]
    return "\n".join([SCHEMA_LINE, *kept, *lines[head:]])


# Official codes (the fields documented as such): always double-quoted, so no YAML reader takes
# `07` or `04278` for a number.
CODE_FIELDS = frozenset(path.rpartition(".")[2] for path, doc in field_docs().items() if doc.code)
# Lists whose order carries no meaning: sorted and de-duplicated. The order of sources,
# activities, carriers and funding lines is the contributor's and is kept.
UNORDERED_LISTS = frozenset({"sectors"})


def _is_text_list(annotation: Any) -> bool:
    return holds_list(annotation) and next(models_in(annotation), None) is None


# Top-level fields holding a list of plain texts (`manuf set ID sectors bois metal`).
LIST_FIELDS = frozenset(
    name for name, field in Laureate.model_fields.items() if _is_text_list(field.annotation)
)


def _shape_at(path: Sequence[str | int]) -> tuple[type[BaseModel] | None, bool]:
    """The model of the mapping at `path`, and whether it is a free mapping (incubation)."""
    model: type[BaseModel] | None = Laureate
    free = False
    for step in path:
        if isinstance(step, int):
            continue
        if free:  # a key of a free mapping: the mapping below it is the values' model
            free = False
            continue
        if model is None or step not in model.model_fields:
            return None, False
        annotation = model.model_fields[step].annotation
        free = holds_mapping(annotation)
        model = next(models_in(annotation), None)
    return (None, True) if free else (model, False)


def model_at(path: Sequence[str | int]) -> type[BaseModel] | None:
    """The model of the mapping at `path` (None for a free mapping or one the schema lacks)."""
    return _shape_at(path)[0]


def scalar_kind(path: Sequence[str | int]) -> str | None:
    """The kind of the scalar at `path` (`text`, `integer`, `number`, `date`; None if unknown):
    a list item's is its list's (`activities[0]` is a text)."""
    steps = list(path)
    while steps and isinstance(steps[-1], int):
        steps.pop()
    if not steps or not isinstance(steps[-1], str):
        return None
    model = model_at(steps[:-1])
    kind = scalar_kinds(model).get(steps[-1]) if model is not None else None
    return kind if isinstance(kind, str) else None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def canonical_scalar(kind: str | None, text: str) -> str:
    """The text of a scalar of `kind` as its canonical file holds it: a number every YAML reader
    reads alike (`250_000` → `250000`, `012` → `12`), anything else as it is."""
    if kind not in _NUMERIC or agreed_number(text):
        return text
    try:
        number = float(text.replace("_", ""))
    except ValueError:
        return text  # not a number at all: `manuf validate` says so
    if kind == "integer":
        return plain_number(int(number)) if number.is_integer() else text
    return plain_number(number)


_NUMERIC = frozenset({"integer", "number"})


def styled_scalar(kind: str | None, value: Any) -> Any:
    """`value` (a string of a round-trip document) quoted or plain as the canonical form writes a
    scalar of `kind`: a text other YAML readers would type is double-quoted, numbers and dates are
    plain; other texts keep their style."""
    if not isinstance(value, str) or kind is None:
        return value
    if kind == "text":
        if type(value) is str and value and typed_as(value) is not None:
            return DoubleQuotedScalarString(value)
        return value
    text = canonical_scalar(kind, str(value))
    if (kind in _NUMERIC and agreed_number(text)) or (kind == "date" and _ISO_DATE.match(text)):
        return text  # an exact `str`: written plain
    return value


def replace(container: CommentedMap | CommentedSeq, key: Any, value: Any) -> None:
    """Set an existing key or item to `value` as it is: ruamel would keep the old value's quotes
    on a plain string, and a number must lose them."""
    if isinstance(container, CommentedSeq):
        list.__setitem__(container, key, value)
    else:
        OrderedDict.__setitem__(container, key, value)


def key_order(path: Sequence[str | int], *, module_order: Sequence[str] = ()) -> list[str]:
    """The canonical key order of the mapping at `path` (empty when the schema knows none)."""
    model, free = _shape_at(path)
    if free:
        return list(module_order)
    return list(model.model_fields) if model is not None else []


def key_ranks(path: Sequence[str | int], *, module_order: Sequence[str] = ()) -> dict[str, int]:
    """Each key's rank in the canonical order of the mapping at `path` (see `key_order`)."""
    return {name: index for index, name in enumerate(key_order(path, module_order=module_order))}


def insert_in_order(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Add `key` before the first existing key that the canonical order puts after it."""
    rank = {name: index for index, name in enumerate(order)}
    if key in rank:
        for position, existing in enumerate(mapping):
            if rank.get(existing, -1) > rank[key]:
                mapping.insert(position, key, value)
                return
    last = next(reversed(mapping), None) if mapping else None
    mapping[key] = value
    if last is not None:
        _hand_over_trailing_comment(mapping, last, key)


def _hand_over_trailing_comment(mapping: CommentedMap, previous: str, key: str) -> None:
    """Comment lines after a mapping's last value belong below it: keep them below a new key.

    ruamel attaches them to the last value (`previous`'s end-of-line comment token); only that
    line's own comment stays with it.
    """
    token = (mapping.ca.items.get(previous) or [None, None, None])[2]
    if token is None or not isinstance(mapping[key], str):
        return
    own, newline, after = token.value.partition("\n")
    if not after:
        return
    token.value = own + newline
    mapping.ca.items[key] = [None, None, type(token)("\n" + after, token.start_mark, None), None]


def format_document(document: Any, *, module_order: Sequence[str] = ()) -> None:
    """Put a record document in canonical form, in place (idempotent)."""
    if isinstance(document, CommentedMap):
        _format_mapping(document, (), module_order)


def _format_mapping(
    mapping: CommentedMap, path: tuple[str | int, ...], module_order: Sequence[str]
) -> None:
    mapping.fa.set_block_style()
    rank = key_ranks(path, module_order=module_order)
    for key in sorted(mapping, key=lambda k: rank.get(k, len(rank))):
        mapping.move_to_end(key)
    model, _ = _shape_at(path)
    kinds = scalar_kinds(model) if model is not None else {}
    for key, value in mapping.items():
        if key in CODE_FIELDS and model is not None and key in model.model_fields:
            if isinstance(value, str) and not isinstance(value, DoubleQuotedScalarString):
                mapping[key] = DoubleQuotedScalarString(value)
        elif isinstance(value, str):
            kind = kinds.get(key)
            styled = styled_scalar(kind if isinstance(kind, str) else None, value)
            if styled is not value:
                replace(mapping, key, styled)
        else:
            _format_value(value, (*path, key), module_order)


def _format_value(value: Any, path: tuple[str | int, ...], module_order: Sequence[str]) -> None:
    if isinstance(value, CommentedMap):
        _format_mapping(value, path, module_order)
    elif isinstance(value, CommentedSeq):
        value.fa.set_block_style()
        if path in _UNORDERED_PATHS:
            _sort_unique(value)
        kind = scalar_kind(path)
        for index, item in enumerate(value):
            if isinstance(item, str):
                styled = styled_scalar(kind, item)
                if styled is not item:
                    replace(value, index, styled)
            else:
                _format_value(item, (*path, index), module_order)


def canonical_value(
    value: Any, *, module_order: Sequence[str] = (), path: tuple[str, ...] = ()
) -> Any:
    """Plain data (dicts, lists, strings) as a canonical file holds it: keys in canonical order
    (`key_order`), unordered lists sorted and unique. What `format_document` does to a
    round-trip document, on plain values."""
    # `path` leaves list indexes out: the key order of a mapping does not depend on them.
    if isinstance(value, dict):
        rank = key_ranks(path, module_order=module_order)
        keys = sorted(value, key=lambda key: rank.get(key, len(rank)))
        return {
            key: canonical_value(value[key], module_order=module_order, path=(*path, key))
            for key in keys
        }
    if isinstance(value, list):
        if path in _UNORDERED_PATHS and all(isinstance(item, str) for item in value):
            value = sorted(set(value))
        return [canonical_value(item, module_order=module_order, path=path) for item in value]
    if isinstance(value, str):
        return canonical_scalar(scalar_kind(path), value)
    return value


_UNORDERED_PATHS = frozenset((name,) for name in UNORDERED_LISTS)


def _sort_unique(sequence: CommentedSeq) -> None:
    if not all(isinstance(item, str) for item in sequence):
        return  # a malformed list is left for `manuf validate` to report
    for index in reversed(range(len(sequence))):
        if sequence[index] in sequence[:index]:
            del sequence[index]
    sequence.sort(key=str)
