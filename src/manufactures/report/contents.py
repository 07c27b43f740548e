"""What the report shows, computed once: the answers of `stats`, `funding`, `progress` and
`coverage` for one selection of records, so every figure of the page is one those commands give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import NamedTuple, TypeVar

from pydantic import BaseModel

from manufactures.analysis.coverage import Coverage
from manufactures.analysis.selection import Filters, french_sort_key
from manufactures.analysis.stats import FundingReport, ProgressReport, Stats, SupportState
from manufactures.models import Laureate, Source
from manufactures.present.result import CommandResult, Table
from manufactures.present.text import announced_text, format_count, format_eur
from manufactures.present.views import (
    coverage_result,
    funding_result,
    progress_result,
    stats_result,
)
from manufactures.registry import Registry

__all__ = [
    "FUNDING_BY",
    "KeyFigure",
    "LaureateRow",
    "Report",
    "build_report",
    "filters_text",
    "french_date",
    "key_figures",
    "laureate_rows",
    "shown_tables",
]

# The report's funding chart: recorded funding per region.
FUNDING_BY = "region"

ModelT = TypeVar("ModelT", bound=BaseModel)


class Report(NamedTuple):
    """One selection of records and the command results the report is made of."""

    registry: Registry
    laureates: tuple[Laureate, ...]
    filters: Filters
    as_of: date
    stats: CommandResult
    funding: CommandResult
    progress: CommandResult
    coverage: CommandResult

    @property
    def stats_data(self) -> Stats:
        """`manuf stats`' data."""
        return _data(self.stats, Stats)

    @property
    def funding_data(self) -> FundingReport:
        """`manuf funding --by region`'s data."""
        return _data(self.funding, FundingReport)

    @property
    def progress_data(self) -> ProgressReport:
        """`manuf progress --as-of`'s data."""
        return _data(self.progress, ProgressReport)

    @property
    def coverage_data(self) -> Coverage:
        """`manuf coverage`'s data."""
        return _data(self.coverage, Coverage)


def _data(result: CommandResult, model: type[ModelT]) -> ModelT:
    if not isinstance(result.data, model):
        raise TypeError(f"`{result.command}` returned {type(result.data).__name__}")
    return result.data


def build_report(
    registry: Registry, laureates: Sequence[Laureate], filters: Filters, *, as_of: date
) -> Report:
    """The report of `laureates` (already selected by `filters`) as of the day `as_of`."""

    return Report(
        registry=registry,
        laureates=tuple(laureates),
        filters=filters,
        as_of=as_of,
        stats=stats_result(registry, laureates, filters),
        funding=funding_result(registry, laureates, filters, FUNDING_BY),
        progress=progress_result(registry, laureates, filters, as_of),
        coverage=coverage_result(registry, laureates, filters),
    )


class KeyFigure(NamedTuple):
    """A headline figure: what it counts, the recorded value, the announced one if any."""

    key: str
    label: str
    value: int
    text: str
    announced: str | None = None


def key_figures(report: Report) -> tuple[KeyFigure, ...]:
    """The headline figures, each taken from a command's data."""
    stats, progress = report.stats_data, report.progress_data
    funding = stats.funding
    ongoing = sum(g.count for g in progress.support if g.key == SupportState.ONGOING)
    return (
        KeyFigure(
            "total.count",
            "Lauréats enregistrés",
            stats.total.count,
            format_count(stats.total.count),
            announced_text(stats.total.announced, format_count),
        ),
        KeyFigure(
            "funding.recorded_eur",
            "Financement enregistré",
            funding.recorded_eur,
            format_eur(funding.recorded_eur),
            announced_text(
                funding.announced_budget_eur, lambda budget: f"{format_eur(budget)} (budget)"
            ),
        ),
        KeyFigure(
            "funding.records_with_funding",
            "Lauréats avec un financement",
            funding.records_with_funding,
            format_count(funding.records_with_funding),
            f"{format_eur(funding.announced_per_laureate_eur)} par lauréat",
        ),
        KeyFigure(
            "progress.records_with_progress",
            "Lauréats avec un suivi d'incubation",
            progress.records_with_progress,
            format_count(progress.records_with_progress),
            f"{progress.announced.incubation_modules} modules en "
            f"{progress.announced.incubation_months} mois",
        ),
        KeyFigure(
            "progress.lagging",
            "Lauréats en retard d'incubation",
            len(progress.lagging),
            format_count(len(progress.lagging)),
        ),
        KeyFigure(
            "progress.support.ongoing",
            f"Accompagnement en cours au {french_date(progress.as_of)}",
            ongoing,
            format_count(ongoing),
            f"{progress.announced.support_years} ans pour chaque lauréat",
        ),
    )


class LaureateRow(NamedTuple):
    """A line of the laureate table: the record's main facts, in French, with its sources."""

    id: str
    name: str
    commune: str | None
    department: str | None
    territory: str | None
    wave: int | None
    sectors: str
    funding_eur: int | None
    website: str | None
    sources: tuple[Source, ...]


def laureate_rows(report: Report) -> list[LaureateRow]:
    """Every selected record, in French alphabetical order of names."""
    vocabulary = report.registry.vocabulary
    rows = []
    for laureate in sorted(report.laureates, key=lambda rec: french_sort_key(rec.name)):
        location = laureate.location
        rows.append(
            LaureateRow(
                id=laureate.id,
                name=laureate.name,
                commune=location.commune if location else None,
                department=location.department if location else None,
                territory=vocabulary.territory_label(laureate.territory),
                wave=laureate.wave,
                sectors=vocabulary.sector_labels(laureate.sectors),
                funding_eur=(
                    sum(line.amount_eur for line in laureate.funding) if laureate.funding else None
                ),
                website=laureate.website,
                sources=tuple(laureate.sources),
            )
        )
    return rows


def filters_text(report: Report) -> str:
    """The selection in words: « Tous les lauréats du registre » or the filters applied."""
    filters, vocabulary = report.filters, report.registry.vocabulary
    parts = [
        *(f"territoire {vocabulary.territory_label(t)}" for t in filters.territory),
        *(f"filière {vocabulary.sector_label(s)}" for s in filters.sector),
        *(f"région {r}" for r in filters.region),
        *(f"département {d}" for d in filters.department),
        *(f"vague {w}" for w in filters.wave),
        *([f"recherche « {filters.search} »"] if filters.search else []),
    ]
    return "Sélection : " + " ; ".join(parts) if parts else "Tous les lauréats du registre"


def shown_tables(result: CommandResult) -> tuple[Table, ...]:
    """A command's tables as the report shows them: rows of groups holding no record left out
    (regions without a laureate, say), which the caption then says."""
    return tuple(_without_empty_groups(table) for table in result.tables)


def _without_empty_groups(table: Table) -> Table:
    rows = tuple(row for row in table.rows if row.get("records", 1) != 0)
    if len(rows) == len(table.rows):
        return table
    note = "groupes sans lauréat omis"
    return replace(table, rows=rows, caption=f"{table.caption} ; {note}" if table.caption else note)


_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: date) -> str:
    """`2023-06-30` → « 30 juin 2023 » (« 1er » for the first of the month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS[day.month - 1]} {day.year}"
