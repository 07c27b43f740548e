"""Selecting records: which pass the filters, in which order, with which fields."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from manufactures.analysis.filters import Filters, fold, french_sort_key
from manufactures.i18n import _
from manufactures.models import Laureate, holds_list, holds_mapping, models_in
from manufactures.vocabulary import closest

__all__ = [
    "FIELDS",
    "SORT_FIELDS",
    "Filters",
    "arrange",
    "find_record",
    "fold",
    "french_sort_key",
    "include_fields",
    "parse_fields",
    "select",
    "sort_records",
]


def select(laureates: Iterable[Laureate], filters: Filters) -> list[Laureate]:
    """The records that pass `filters`, in their original order."""
    return [laureate for laureate in laureates if filters.matches(laureate)]


# The fields of a record that hold other fields: a group (`location`) or a list of groups
# (`carriers`); not `incubation`, a mapping whose keys are the registry's modules.
_NESTED: dict[str, type[BaseModel]] = {
    name: model
    for name, field in Laureate.model_fields.items()
    if not holds_mapping(field.annotation)
    for model in models_in(field.annotation)
}
_LIST_FIELDS = frozenset(
    name for name in _NESTED if holds_list(Laureate.model_fields[name].annotation)
)
# Fields a record can be sorted by: its scalar fields, top-level or in a group (not a list).
SORT_FIELDS: tuple[str, ...] = (
    *(
        name
        for name, field in Laureate.model_fields.items()
        if name not in _NESTED
        and not holds_list(field.annotation)
        and not holds_mapping(field.annotation)
    ),
    *(
        f"{name}.{sub}"
        for name, model in _NESTED.items()
        if name not in _LIST_FIELDS
        for sub in model.model_fields
    ),
)
# Fields `--fields` accepts: every field of a record, and the fields of its nested maps.
FIELDS: tuple[str, ...] = (
    *Laureate.model_fields,
    *(f"{name}.{sub}" for name, model in _NESTED.items() for sub in model.model_fields),
)


def _value_at(laureate: Laureate, path: str) -> Any:
    value: Any = laureate
    for step in path.split("."):
        value = getattr(value, step, None)
    return value


def _sort_key(value: Any) -> tuple[bool, Any]:
    """Missing values last; text in French order; numbers and dates as themselves."""
    if value is None:
        return True, ""
    return False, french_sort_key(value) if isinstance(value, str) else value


def sort_records(laureates: Iterable[Laureate], field: str) -> list[Laureate]:
    """Records ordered by `field` (one of `SORT_FIELDS`); ties keep their original order."""
    if field not in SORT_FIELDS:
        said = _("cannot sort by `{field}`; choose from: {fields}")
        raise ValueError(said.format(field=field, fields=", ".join(SORT_FIELDS)))
    return sorted(laureates, key=lambda laureate: _sort_key(_value_at(laureate, field)))


def arrange(
    laureates: Iterable[Laureate], *, sort: str | None = None, limit: int | None = None
) -> list[Laureate]:
    """Records sorted by `sort` when given, then cut to the first `limit`."""
    ordered = sort_records(laureates, sort) if sort else list(laureates)
    return ordered if limit is None else ordered[:limit]


def parse_fields(text: str) -> tuple[str, ...]:
    """`"id,name,location.commune"` → its fields, each checked against `FIELDS`."""
    fields = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not fields:
        raise ValueError(_("no field given"))
    for field in fields:
        if field not in FIELDS:
            suggestion = closest(field, FIELDS)
            hint = (
                _("did you mean `{suggestion}`?").format(suggestion=suggestion)
                if suggestion
                else _("choose from: {fields}").format(fields=", ".join(FIELDS))
            )
            raise ValueError(_("unknown field `{field}`; {hint}").format(field=field, hint=hint))
    return fields


def include_fields(fields: Sequence[str]) -> dict[str, Any]:
    """The pydantic `include` that keeps only `fields` of a record's dump."""
    include: dict[str, Any] = {}
    for field in fields:
        head, _, sub = field.partition(".")
        if not sub or include.get(head) is True:
            include[head] = True
            continue
        kept = include.setdefault(head, {"__all__": set()} if head in _LIST_FIELDS else set())
        (kept["__all__"] if head in _LIST_FIELDS else kept).add(sub)
    return include


def find_record(laureates: Iterable[Laureate], record_id: str) -> Laureate | None:
    """The record with the id `record_id`, or None."""
    return next((laureate for laureate in laureates if laureate.id == record_id), None)
