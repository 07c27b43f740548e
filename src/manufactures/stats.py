"""Aggregates over records: counts by territory, wave and sector, funding, incubation progress.

Every number is computed from the records; announced programme figures travel beside them in
their own `announced` fields, never mixed in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from manufactures.models import Laureate, ModuleStatus, Programme
from manufactures.vocabulary import Vocabulary

__all__ = [
    "FundingSummary",
    "Group",
    "IncubationSummary",
    "ModuleCount",
    "Stats",
    "Total",
    "compute_stats",
    "count_by_sector",
    "count_by_territory",
    "count_by_wave",
    "summarise_funding",
    "summarise_incubation",
]

NOT_RECORDED = "Non renseigné"
Key = TypeVar("Key", str, int)


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Group(_Result):
    """One row of a distribution: a key, its French label, the recorded and announced counts."""

    key: str | int | None
    label: str
    count: int
    announced: int | None = None


class Total(_Result):
    """How many records, beside how many laureates were announced."""

    count: int
    announced: int


class FundingSummary(_Result):
    """Funding recorded in the records, beside the announced figures."""

    recorded_eur: int
    records_with_funding: int
    announced_per_laureate_eur: int
    announced_budget_eur: int


class ModuleCount(_Result):
    """How many records report each status for one incubation module."""

    key: str
    label: str
    done: int
    in_progress: int
    not_started: int


class IncubationSummary(_Result):
    """Incubation progress as recorded."""

    records_with_progress: int
    modules: list[ModuleCount]


class Stats(_Result):
    """The overview `manuf stats` shows."""

    total: Total
    by_territory: list[Group]
    by_wave: list[Group]
    by_sector: list[Group]
    funding: FundingSummary
    incubation: IncubationSummary


def _groups(
    counts: Counter[Key],
    labels: Mapping[Key, str],
    announced: Mapping[Key, int | None],
    missing: int,
) -> list[Group]:
    """Every known key (zero counts included), then the « not recorded » group."""
    groups = [
        Group(key=key, label=label, count=counts.get(key, 0), announced=announced.get(key))
        for key, label in labels.items()
    ]
    groups.append(Group(key=None, label=NOT_RECORDED, count=missing, announced=None))
    return groups


def count_by_territory(laureates: Sequence[Laureate], programme: Programme) -> list[Group]:
    """Records per territory type, beside the announced split (43 / 18 / 39)."""
    counts = Counter(rec.territory for rec in laureates if rec.territory is not None)
    labels = {key: t.label for key, t in programme.territories.items()}
    announced = {key: t.announced for key, t in programme.territories.items()}
    return _groups(counts, labels, announced, sum(1 for rec in laureates if rec.territory is None))


def count_by_wave(laureates: Sequence[Laureate], programme: Programme) -> list[Group]:
    """Records per selection wave, beside the announced counts (20 / 19 / 61)."""
    counts = Counter(rec.wave for rec in laureates if rec.wave is not None)
    labels = {wave.number: wave.label for wave in programme.waves}
    announced = {wave.number: wave.announced for wave in programme.waves}
    return _groups(counts, labels, announced, sum(1 for rec in laureates if rec.wave is None))


def count_by_sector(laureates: Sequence[Laureate], vocabulary: Vocabulary) -> list[Group]:
    """Records per sector: a record with several sectors counts once in each."""
    counts = Counter(sector for rec in laureates for sector in set(rec.sectors or ()))
    missing = sum(1 for rec in laureates if not rec.sectors)
    announced: dict[str, int | None] = {}
    return _groups(counts, dict(vocabulary.sectors), announced, missing)


def summarise_funding(laureates: Iterable[Laureate], programme: Programme) -> FundingSummary:
    """Total recorded funding and how many records have any, beside the announced amounts."""
    funded = [rec for rec in laureates if rec.funding]
    return FundingSummary(
        recorded_eur=sum(line.amount_eur for rec in funded for line in rec.funding or ()),
        records_with_funding=len(funded),
        announced_per_laureate_eur=programme.funding.per_laureate_eur,
        announced_budget_eur=programme.funding.budget_eur,
    )


def summarise_incubation(
    laureates: Sequence[Laureate], vocabulary: Vocabulary
) -> IncubationSummary:
    """Per module, how many records report it done, in progress or not started."""
    statuses = Counter(
        (module, progress.status)
        for rec in laureates
        for module, progress in (rec.incubation or {}).items()
    )
    modules = [
        ModuleCount(
            key=key,
            label=label,
            done=statuses[key, ModuleStatus.DONE],
            in_progress=statuses[key, ModuleStatus.IN_PROGRESS],
            not_started=statuses[key, ModuleStatus.NOT_STARTED],
        )
        for key, label in vocabulary.modules.items()
    ]
    return IncubationSummary(
        records_with_progress=sum(1 for rec in laureates if rec.incubation), modules=modules
    )


def compute_stats(
    laureates: Sequence[Laureate], programme: Programme, vocabulary: Vocabulary
) -> Stats:
    """The whole overview for a selection of records."""
    return Stats(
        total=Total(count=len(laureates), announced=programme.announced_total),
        by_territory=count_by_territory(laureates, programme),
        by_wave=count_by_wave(laureates, programme),
        by_sector=count_by_sector(laureates, vocabulary),
        funding=summarise_funding(laureates, programme),
        incubation=summarise_incubation(laureates, vocabulary),
    )
