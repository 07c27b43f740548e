"""Each command's answer laid out as a `CommandResult`: the data, and the tables that show it."""

from __future__ import annotations

from collections.abc import Sequence

from manufactures.loading import Registry
from manufactures.models import Laureate
from manufactures.output import CellKind, Column, CommandResult, Table
from manufactures.query import Filters
from manufactures.stats import Group, Stats, compute_stats

__all__ = ["stats_result"]

_GROUP_COLUMNS = (
    Column("label", "", CellKind.TEXT),
    Column("count", "Enregistrés", CellKind.COUNT, bar=True),
    Column("announced", "Annoncés", CellKind.COUNT),
)


def _group_table(title: str, groups: Sequence[Group], dimension: str) -> Table:
    rows = tuple({"dimension": dimension, **group.model_dump(mode="json")} for group in groups)
    return Table(title, _GROUP_COLUMNS, rows)


def _funding_table(stats: Stats) -> Table:
    funding = stats.funding
    funded = funding.records_with_funding
    rows = (
        {
            "label": "Montant total",
            "recorded": funding.recorded_eur,
            "announced": funding.announced_budget_eur,
        },
        {
            "label": "Moyenne par lauréat financé",
            "recorded": funding.recorded_eur // funded if funded else None,
            "announced": funding.announced_per_laureate_eur,
        },
    )
    columns = (
        Column("label", ""),
        Column("recorded", "Enregistré", CellKind.EUR),
        Column("announced", "Annoncé", CellKind.EUR),
    )
    caption = (
        f"{funded} lauréat(s) avec un financement enregistré ; « annoncé » : chiffres du programme"
    )
    return Table("Financement", columns, rows, caption=caption)


def _incubation_table(stats: Stats) -> Table:
    incubation = stats.incubation
    rows = tuple(module.model_dump(mode="json") for module in incubation.modules)
    columns = (
        Column("label", "Module"),
        Column("done", "Terminé", CellKind.COUNT, bar=True),
        Column("in_progress", "En cours", CellKind.COUNT),
        Column("not_started", "Non commencé", CellKind.COUNT),
    )
    caption = f"{incubation.records_with_progress} lauréat(s) avec un suivi d'incubation enregistré"
    return Table("Incubation (8 modules)", columns, rows, caption=caption)


def stats_result(
    registry: Registry, laureates: Sequence[Laureate], filters: Filters
) -> CommandResult:
    """`manuf stats`: counts by territory, wave and sector, funding and incubation progress."""
    stats = compute_stats(laureates, registry.programme, registry.vocabulary)
    tables = (
        _group_table("Type de territoire", stats.by_territory, "territory"),
        _group_table("Vague de labellisation", stats.by_wave, "wave"),
        _group_table(
            "Filière (un lauréat compte dans chacune de ses filières)", stats.by_sector, "sector"
        ),
        _funding_table(stats),
        _incubation_table(stats),
    )
    items = [row for table in tables[:3] for row in table.rows]
    headline = f"{stats.total.count} lauréat(s) enregistré(s) sur {stats.total.announced} annoncés"
    return CommandResult("stats", filters, stats, tables, items=items, headline=headline)
