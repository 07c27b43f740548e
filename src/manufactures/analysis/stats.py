"""Aggregates over records: distributions and two-way tables, funding, incubation and support.

Every number is computed from the records; announced programme figures travel beside them in
their own `announced` fields, never mixed in. A record that does not say falls in the « not
recorded » group (`key: None`), which every distribution lists, even empty.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict

from manufactures.analysis.announced import Announced, announced_or_whole
from manufactures.models import Laureate, ModuleProgress, ModuleStatus, Programme, Support
from manufactures.vocabulary import Vocabulary

__all__ = [
    "DIMENSIONS",
    "NOT_RECORDED",
    "SUPPORT_LABELS",
    "AmountSummary",
    "AnnouncedFunding",
    "AnnouncedSchedule",
    "Cell",
    "Crosstab",
    "Dimension",
    "Distribution",
    "FundingReport",
    "FundingSummary",
    "Group",
    "IncubationSummary",
    "LaureateProgress",
    "ModuleCount",
    "ModuleRate",
    "ModuleState",
    "ProgressReport",
    "Stats",
    "SupportState",
    "Total",
    "compute_stats",
    "count_by",
    "count_by_sector",
    "count_by_territory",
    "count_by_wave",
    "crosstab",
    "department_dimension",
    "dimension",
    "distribution",
    "funding_report",
    "mean_eur",
    "module_state",
    "progress_report",
    "region_dimension",
    "sector_dimension",
    "summarise_funding",
    "summarise_incubation",
    "support_state",
    "territory_dimension",
    "wave_dimension",
]

NOT_RECORDED = "Non renseigné"
DIMENSIONS = ("territory", "wave", "sector", "region", "department")


class _Result(BaseModel):
    # Built on first use: a command uses a few of these result models, not all (10 ms).
    model_config = ConfigDict(frozen=True, defer_build=True)


class Group(_Result):
    """One row of a distribution: a key, its French label, the recorded and announced counts."""

    key: str | int | None
    label: str
    count: int
    announced: int | None = None


class Total(_Result):
    """How many records, beside how many laureates were announced for them (None: not
    announced for this selection)."""

    count: int
    announced: int | None


class FundingSummary(_Result):
    """Funding recorded in the records, beside the announced figures (the budget is None for a
    selection it was not announced for)."""

    recorded_eur: int
    records_with_funding: int
    announced_per_laureate_eur: int
    announced_budget_eur: int | None


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


# Dimensions: the ways records are split into groups.


@dataclass(frozen=True, slots=True)
class Dimension:
    """A way to split records: its known keys (labels, announced counts) and a record's keys."""

    name: str
    labels: Mapping[Any, str]
    announced: Mapping[Any, int | None]
    keys_of: Callable[[Laureate], Sequence[Any]]
    """A record's keys in this dimension: none when not recorded, several for sectors."""


def territory_dimension(programme: Programme, *, announced: Announced | None = None) -> Dimension:
    """Territory types, with the counts announced for the selection (default: the whole
    programme's split, 43 / 18 / 39)."""
    return Dimension(
        "territory",
        {key: t.label for key, t in programme.territories.items()},
        announced_or_whole(programme, announced).territories,
        lambda rec: () if rec.territory is None else (rec.territory,),
    )


def wave_dimension(programme: Programme, *, announced: Announced | None = None) -> Dimension:
    """Selection waves, with the counts announced for the selection (default: the whole
    programme's, 20 / 19 / 61)."""
    return Dimension(
        "wave",
        {wave.number: wave.label for wave in programme.waves},
        announced_or_whole(programme, announced).waves,
        lambda rec: () if rec.wave is None else (rec.wave,),
    )


def sector_dimension(vocabulary: Vocabulary) -> Dimension:
    """Sectors: a record counts in each of its sectors."""
    return Dimension("sector", vocabulary.sectors, {}, lambda rec: rec.sectors or ())


# Every code the record schema allows, in the COG's order: 2A and 2B where 20 was.
_DEPARTMENT_CODES = (
    *(f"{n:02d}" for n in range(1, 20)),
    "2A",
    "2B",
    *(f"{n:02d}" for n in range(21, 96)),
    *(str(n) for n in range(971, 977)),
)
_REGION_CODES = tuple(f"{n:02d}" for n in range(1, 100))


def region_dimension() -> Dimension:
    """Regions, every one of the COG with its official name."""
    return _cog_dimension("region", _REGION_CODES)


def department_dimension() -> Dimension:
    """Departments, every one of the COG with its official name."""
    return _cog_dimension("department", _DEPARTMENT_CODES)


def _cog_dimension(field: str, codes: Iterable[str]) -> Dimension:
    """A `location` code as a dimension, labelled with the names the COG gives its codes."""
    # Deferred: importing the COG's module costs ~8 ms, which only --by region/department need.
    from manufactures.referentials.cog import load_cog

    lookup = getattr(load_cog(), field)
    places = (lookup(code) for code in codes)
    return Dimension(
        field,
        {place.code: place.name for place in places if place is not None},
        {},
        lambda rec: _location_code(rec, field),
    )


def _location_code(laureate: Laureate, field: str) -> tuple[str, ...]:
    code = getattr(laureate.location, field, None)
    return () if code is None else (code,)


def dimension(
    name: str,
    programme: Programme,
    vocabulary: Vocabulary,
    *,
    announced: Announced | None = None,
) -> Dimension:
    """The dimension called `name`, one of `DIMENSIONS`, with the counts `announced` for the
    selection (default: the whole programme's)."""
    builders: Mapping[str, Callable[[], Dimension]] = {
        "territory": lambda: territory_dimension(programme, announced=announced),
        "wave": lambda: wave_dimension(programme, announced=announced),
        "sector": lambda: sector_dimension(vocabulary),
        "region": region_dimension,
        "department": department_dimension,
    }
    return builders[name]()


def _split(laureates: Iterable[Laureate], dimension: Dimension) -> dict[Any, list[Laureate]]:
    """Records per key: every known key (even with none), keys outside them, then None."""
    groups: dict[Any, list[Laureate]] = {key: [] for key in dimension.labels}
    missing: list[Laureate] = []
    for laureate in laureates:
        keys = dict.fromkeys(dimension.keys_of(laureate))
        for key in keys:
            groups.setdefault(key, []).append(laureate)
        if not keys:
            missing.append(laureate)
    groups[None] = missing
    return groups


def _label(dimension: Dimension, key: Any) -> str:
    return NOT_RECORDED if key is None else dimension.labels.get(key, str(key))


def count_by(laureates: Iterable[Laureate], dimension: Dimension) -> list[Group]:
    """Records per key of `dimension`; a record with several keys counts once in each."""
    return [
        Group(
            key=key,
            label=_label(dimension, key),
            count=len(members),
            announced=dimension.announced.get(key),
        )
        for key, members in _split(laureates, dimension).items()
    ]


def count_by_territory(
    laureates: Sequence[Laureate], programme: Programme, *, announced: Announced | None = None
) -> list[Group]:
    """Records per territory type, beside the counts announced for the selection."""
    return count_by(laureates, territory_dimension(programme, announced=announced))


def count_by_wave(
    laureates: Sequence[Laureate], programme: Programme, *, announced: Announced | None = None
) -> list[Group]:
    """Records per selection wave, beside the counts announced for the selection."""
    return count_by(laureates, wave_dimension(programme, announced=announced))


def count_by_sector(laureates: Sequence[Laureate], vocabulary: Vocabulary) -> list[Group]:
    """Records per sector: a record with several sectors counts once in each."""
    return count_by(laureates, sector_dimension(vocabulary))


# One- and two-way tables (`manuf stats --by`).


class Distribution(_Result):
    """Records per key of one dimension (`manuf stats --by X`)."""

    by: list[str]
    total: Total
    groups: list[Group]


class Cell(_Result):
    """How many records have both the row key and the column key (None: not recorded)."""

    row: str | int | None
    column: str | int | None
    count: int


class Crosstab(_Result):
    """Records per pair of keys of two dimensions (`manuf stats --by X --by Y`).

    `rows` and `columns` are each dimension's own distribution (the margins); `cells` has every
    pair, zeros included, row by row.
    """

    by: list[str]
    total: Total
    rows: list[Group]
    columns: list[Group]
    cells: list[Cell]


def distribution(
    laureates: Sequence[Laureate],
    dimension: Dimension,
    programme: Programme,
    *,
    announced: Announced | None = None,
) -> Distribution:
    """The one-way table of `dimension`."""
    return Distribution(
        by=[dimension.name],
        total=_total(laureates, programme, announced),
        groups=count_by(laureates, dimension),
    )


def _total(
    laureates: Sequence[Laureate], programme: Programme, announced: Announced | None
) -> Total:
    return Total(count=len(laureates), announced=announced_or_whole(programme, announced).total)


def crosstab(
    laureates: Sequence[Laureate],
    rows: Dimension,
    columns: Dimension,
    programme: Programme,
    *,
    announced: Announced | None = None,
) -> Crosstab:
    """The two-way table of `rows` × `columns`."""
    pairs = Counter(
        (row, column)
        for rec in laureates
        for row in dict.fromkeys(rows.keys_of(rec)) or (None,)
        for column in dict.fromkeys(columns.keys_of(rec)) or (None,)
    )
    row_groups, column_groups = count_by(laureates, rows), count_by(laureates, columns)
    return Crosstab(
        by=[rows.name, columns.name],
        total=_total(laureates, programme, announced),
        rows=row_groups,
        columns=column_groups,
        cells=[
            Cell(row=r.key, column=c.key, count=pairs[r.key, c.key])
            for r in row_groups
            for c in column_groups
        ],
    )


# Funding.


def _funding_total(laureate: Laureate) -> int | None:
    """The sum of a record's funding lines; None when it records none."""
    return sum(line.amount_eur for line in laureate.funding) if laureate.funding else None


def summarise_funding(
    laureates: Iterable[Laureate], programme: Programme, *, announced: Announced | None = None
) -> FundingSummary:
    """Total recorded funding and how many records have any, beside the announced amounts: the
    subsidy per laureate, and the budget when it was announced for the selection."""
    totals = [total for total in map(_funding_total, laureates) if total is not None]
    return FundingSummary(
        recorded_eur=sum(totals),
        records_with_funding=len(totals),
        announced_per_laureate_eur=programme.funding.per_laureate_eur,
        announced_budget_eur=announced_or_whole(programme, announced).budget_eur,
    )


class AmountSummary(_Result):
    """The funding of a group of records: the total, and its spread over the funded records.

    Each figure is over the records' own totals (a record's funding lines summed); mean and
    median are rounded to the nearest euro; they are None when no record of the group is funded.
    """

    key: str | int | None
    label: str
    records: int
    records_with_funding: int
    recorded_eur: int
    mean_eur: int | None
    median_eur: int | None
    min_eur: int | None
    max_eur: int | None


class AnnouncedFunding(_Result):
    """The programme's announced money: its budget (None for a selection it was not announced
    for) and average subsidy per laureate."""

    budget_eur: int | None
    per_laureate_eur: int
    per_laureate_variants_eur: list[int]


class FundingReport(_Result):
    """`manuf funding`: recorded funding overall and per group, beside the announced figures."""

    by: str | None
    total: AmountSummary
    groups: list[AmountSummary]
    announced: AnnouncedFunding


def mean_eur(total: int, count: int) -> int | None:
    """`total / count` rounded to the nearest euro (exactly, half to even); None for no count."""
    return round(Fraction(total, count)) if count else None


def _amount_summary(key: Any, label: str, laureates: Sequence[Laureate]) -> AmountSummary:
    funded = sorted(total for total in map(_funding_total, laureates) if total is not None)
    count = len(funded)
    middle = funded[(count - 1) // 2] + funded[count // 2] if funded else 0
    return AmountSummary(
        key=key,
        label=label,
        records=len(laureates),
        records_with_funding=count,
        recorded_eur=sum(funded),
        mean_eur=mean_eur(sum(funded), count),
        median_eur=mean_eur(middle, 2) if funded else None,
        min_eur=funded[0] if funded else None,
        max_eur=funded[-1] if funded else None,
    )


def funding_report(
    laureates: Sequence[Laureate],
    programme: Programme,
    by: Dimension | None,
    *,
    announced: Announced | None = None,
) -> FundingReport:
    """Recorded funding, overall and per key of `by`; a record counts in each of its sectors."""
    groups = (
        []
        if by is None
        else [
            _amount_summary(key, _label(by, key), members)
            for key, members in _split(laureates, by).items()
        ]
    )
    facts = programme.funding
    return FundingReport(
        by=None if by is None else by.name,
        total=_amount_summary(None, "Ensemble", laureates),
        groups=groups,
        announced=AnnouncedFunding(
            budget_eur=announced_or_whole(programme, announced).budget_eur,
            per_laureate_eur=facts.per_laureate_eur,
            per_laureate_variants_eur=facts.per_laureate_variants_eur,
        ),
    )


# Incubation and support.


def _statuses(laureates: Iterable[Laureate]) -> Counter[tuple[str, ModuleStatus]]:
    return Counter(
        (module, progress.status)
        for rec in laureates
        for module, progress in (rec.incubation or {}).items()
    )


def _module_count(
    key: str, label: str, statuses: Counter[tuple[str, ModuleStatus]]
) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "done": statuses[key, ModuleStatus.DONE],
        "in_progress": statuses[key, ModuleStatus.IN_PROGRESS],
        "not_started": statuses[key, ModuleStatus.NOT_STARTED],
    }


def summarise_incubation(
    laureates: Sequence[Laureate], vocabulary: Vocabulary
) -> IncubationSummary:
    """Per module, how many records report it done, in progress or not started."""
    statuses = _statuses(laureates)
    return IncubationSummary(
        records_with_progress=sum(1 for rec in laureates if rec.incubation),
        modules=[
            ModuleCount(**_module_count(key, label, statuses))
            for key, label in vocabulary.modules.items()
        ],
    )


class ModuleState(StrEnum):
    """A module's state on a given day, from its recorded status and completion date.

    `done_later`: recorded done, but completed after that day; whether it had started by then is
    not known, so it is neither « in progress » nor « not started », and it is not done.
    """

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DONE_LATER = "done_later"


def module_state(progress: ModuleProgress, as_of: date) -> ModuleState:
    """The state on `as_of` of a recorded module; `done` without a completion date stays done
    (the record does not say when)."""
    completed_on = progress.completed_on
    if progress.status is ModuleStatus.DONE and completed_on is not None and completed_on > as_of:
        return ModuleState.DONE_LATER
    return ModuleState(progress.status.value)


class ModuleRate(ModuleCount):
    """A module's counts on a day, the records that do not record it, and its completion rate.

    `done_later` counts the records that completed it after that day (not done then);
    `completion_rate` is `done` over the records that record the module (done, done later, in
    progress or not started); None when none does.
    """

    done_later: int
    not_recorded: int
    completion_rate: float | None


class SupportState(StrEnum):
    """Where a laureate's two-year support phase stands on a given day, from its recorded dates."""

    NOT_STARTED = "not_started"
    ONGOING = "ongoing"
    ENDED = "ended"


SUPPORT_LABELS: Mapping[SupportState | None, str] = {
    SupportState.NOT_STARTED: "Pas commencé",
    SupportState.ONGOING: "En cours",
    SupportState.ENDED: "Terminé",
    None: NOT_RECORDED,
}


class LaureateProgress(_Result):
    """One laureate's incubation (every module's state on the day; None: not recorded) and
    support state.

    `due_on` is when its incubation should have ended: its labelling day (else its wave's) plus
    the announced months. It is `lagging` when that day is past and a recorded module is not done
    on the day (a module done later is not).
    """

    id: str
    name: str
    modules: dict[str, ModuleState | None]
    done: int
    due_on: date | None
    lagging: bool
    support: SupportState | None


class AnnouncedSchedule(_Result):
    """The announced schedule: incubation months and modules, support years and start."""

    incubation_months: int
    incubation_modules: int
    support_years: int
    support_starts_on: date


class ProgressReport(_Result):
    """`manuf progress`: incubation per module and per laureate, and the support phase, as of
    a day."""

    as_of: date
    records: int
    records_with_progress: int
    modules: list[ModuleRate]
    laureates: list[LaureateProgress]
    lagging: list[str]
    support: list[Group]
    announced: AnnouncedSchedule


def support_state(support: Support | None, as_of: date) -> SupportState | None:
    """The support phase's state on `as_of` from its recorded dates; None without a start date."""
    if support is None or support.started_on is None:
        return None
    if as_of < support.started_on:
        return SupportState.NOT_STARTED
    if support.ended_on is not None and support.ended_on < as_of:
        return SupportState.ENDED
    return SupportState.ONGOING


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _laureate_progress(
    laureate: Laureate, programme: Programme, modules: Iterable[str], as_of: date
) -> LaureateProgress:
    recorded = laureate.incubation or {}
    states = {
        key: module_state(recorded[key], as_of) if key in recorded else None for key in modules
    }
    waves = {wave.number: wave.announced_on for wave in programme.waves}
    start = laureate.labelled_on or waves.get(laureate.wave or 0)
    due_on = None if start is None else _add_months(start, programme.incubation.months)
    unfinished = any(s not in (None, ModuleState.DONE) for s in states.values())
    return LaureateProgress(
        id=laureate.id,
        name=laureate.name,
        modules=states,
        done=sum(1 for s in states.values() if s is ModuleState.DONE),
        due_on=due_on,
        lagging=due_on is not None and due_on < as_of and unfinished,
        support=support_state(laureate.support, as_of),
    )


def _module_rate(
    key: str, label: str, states: Counter[tuple[str, ModuleState]], records: int
) -> ModuleRate:
    counts = {state: states[key, state] for state in ModuleState}
    recorded = sum(counts.values())
    return ModuleRate(
        key=key,
        label=label,
        done=counts[ModuleState.DONE],
        in_progress=counts[ModuleState.IN_PROGRESS],
        not_started=counts[ModuleState.NOT_STARTED],
        done_later=counts[ModuleState.DONE_LATER],
        not_recorded=records - recorded,
        completion_rate=counts[ModuleState.DONE] / recorded if recorded else None,
    )


def _support_groups(states: Sequence[SupportState | None]) -> list[Group]:
    counts = Counter(states)
    return [
        Group(key=None if state is None else str(state), label=label, count=counts[state])
        for state, label in SUPPORT_LABELS.items()
    ]


def progress_report(
    laureates: Sequence[Laureate], programme: Programme, vocabulary: Vocabulary, as_of: date
) -> ProgressReport:
    """Incubation and support progress of `laureates` as of the day `as_of`: a module recorded
    done is done on `as_of` unless its completion date is later."""
    rows = [_laureate_progress(rec, programme, vocabulary.modules, as_of) for rec in laureates]
    states = Counter(
        (module, state) for row in rows for module, state in row.modules.items() if state
    )
    return ProgressReport(
        as_of=as_of,
        records=len(laureates),
        records_with_progress=sum(1 for rec in laureates if rec.incubation),
        modules=[
            _module_rate(key, label, states, len(laureates))
            for key, label in vocabulary.modules.items()
        ],
        laureates=rows,
        lagging=[row.id for row in rows if row.lagging],
        support=_support_groups([row.support for row in rows]),
        announced=AnnouncedSchedule(
            incubation_months=programme.incubation.months,
            incubation_modules=programme.incubation.modules,
            support_years=programme.support.years,
            support_starts_on=programme.support.starts_on,
        ),
    )


def compute_stats(
    laureates: Sequence[Laureate],
    programme: Programme,
    vocabulary: Vocabulary,
    *,
    announced: Announced | None = None,
) -> Stats:
    """The whole overview for a selection of records, beside the figures `announced` for it
    (default: the whole programme's)."""
    announced = announced_or_whole(programme, announced)
    return Stats(
        total=_total(laureates, programme, announced),
        by_territory=count_by_territory(laureates, programme, announced=announced),
        by_wave=count_by_wave(laureates, programme, announced=announced),
        by_sector=count_by_sector(laureates, vocabulary),
        funding=summarise_funding(laureates, programme, announced=announced),
        incubation=summarise_incubation(laureates, vocabulary),
    )
