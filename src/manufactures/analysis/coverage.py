"""How complete the registry is: records beside the announced figures, how many records fill each
field, and the records that lack the facts an analyst needs most.

Fewer records than announced is not an error (`manuf validate` refuses only more): it is the gap
this report shows, in total, per wave and per territory type.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from manufactures.analysis.announced import Announced, announced_or_whole
from manufactures.analysis.stats import Group, count_by_territory, count_by_wave
from manufactures.models import Laureate, Programme, field_docs

__all__ = [
    "KEY_FACTS",
    "Coverage",
    "CoverageTotal",
    "FieldCount",
    "Gap",
    "IncompleteRecord",
    "compute_coverage",
    "field_label",
    "has_field",
]

# The facts an analyst needs first: without them a record is left out of most breakdowns.
KEY_FACTS: tuple[str, ...] = ("territory", "wave", "location.commune", "sectors")


class _Result(BaseModel):
    # Built on first use, as the models of `stats` (most commands never use these).
    model_config = ConfigDict(frozen=True, defer_build=True)


class CoverageTotal(_Result):
    """Records beside the laureates announced for the selection, and how many are still to
    record (both None when nothing was announced for it)."""

    count: int
    announced: int | None
    missing: int | None


class Gap(Group):
    """A group's records beside its announced count; `missing` is how many are still to record
    (None where nothing was announced, as for the « not recorded » group)."""

    missing: int | None


class FieldCount(_Result):
    """How many records fill one field (`share` of the records counted, 0 when there are none)."""

    field: str
    label: str
    count: int
    share: float


class IncompleteRecord(_Result):
    """A record without some of the key facts (`lacks` lists them, in `KEY_FACTS` order)."""

    id: str
    name: str
    lacks: list[str]


class Coverage(_Result):
    """What `manuf coverage` shows."""

    total: CoverageTotal
    by_wave: list[Gap]
    by_territory: list[Gap]
    fields: list[FieldCount]
    key_facts: list[str]
    incomplete: list[IncompleteRecord]


def compute_coverage(
    laureates: Sequence[Laureate], programme: Programme, *, announced: Announced | None = None
) -> Coverage:
    """The coverage of `laureates` against the figures `announced` for them (default: the whole
    programme's)."""
    announced = announced_or_whole(programme, announced)
    count = len(laureates)
    incomplete = [_incomplete(laureate) for laureate in laureates]
    waves = count_by_wave(laureates, programme, announced=announced)
    territories = count_by_territory(laureates, programme, announced=announced)
    return Coverage(
        total=CoverageTotal(
            count=count,
            announced=announced.total,
            missing=None if announced.total is None else max(announced.total - count, 0),
        ),
        by_wave=[_gap(group) for group in waves],
        by_territory=[_gap(group) for group in territories],
        fields=[_field_count(laureates, path) for path in field_docs() if "<" not in path],
        key_facts=list(KEY_FACTS),
        incomplete=[record for record in incomplete if record.lacks],
    )


def _gap(group: Group) -> Gap:
    missing = None if group.announced is None else max(group.announced - group.count, 0)
    return Gap(**group.model_dump(), missing=missing)


def _field_count(laureates: Sequence[Laureate], path: str) -> FieldCount:
    count = sum(1 for laureate in laureates if has_field(laureate, path))
    share = count / len(laureates) if laureates else 0.0  # full precision: rounded once, shown
    return FieldCount(field=path, label=field_label(path), count=count, share=share)


def _incomplete(laureate: Laureate) -> IncompleteRecord:
    lacks = [path for path in KEY_FACTS if not has_field(laureate, path)]
    return IncompleteRecord(id=laureate.id, name=laureate.name, lacks=lacks)


def field_label(path: str) -> str:
    """The French name of a field: its description in the data dictionary, without the dot."""
    return field_docs()[path].description.rstrip(".")


def has_field(laureate: Laureate, path: str) -> bool:
    """Whether the record fills the field at `path` (`carriers[].siret`: any carrier's SIRET)."""
    return _filled(laureate, path.split("."))


def _filled(value: Any, steps: Sequence[str]) -> bool:
    if not steps:
        return value is not None and value != [] and value != {}
    step, rest = steps[0], steps[1:]
    if step.endswith("[]"):
        return any(_filled(item, rest) for item in getattr(value, step[:-2], None) or ())
    return _filled(getattr(value, step, None), rest)
