"""The programme's announced figures that hold for one selection of records.

`programme.yaml` announces figures for the whole programme (100 laureates, a 30 M€ budget), per
wave (20 / 19 / 61) and per territory type (43 / 18 / 39), and nothing else: no territory split
within a wave, nothing per sector, region or department, no budget per wave. A selection is set
beside a figure only where the programme announces one for exactly that selection; elsewhere
the figure is None (« non annoncé »), never one that belongs to another selection.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from manufactures.analysis.selection import Filters
from manufactures.models import Programme

__all__ = ["Announced", "announced_for", "announced_or_whole"]


@dataclass(frozen=True, slots=True)
class Announced:
    """The announced figures of one selection: its total, the waves and territory types whose
    count it was announced with (absent: not announced for it), the budget."""

    total: int | None
    waves: Mapping[int, int]
    territories: Mapping[str, int]
    budget_eur: int | None
    whole: bool
    """Whether the selection is the whole programme (no filter)."""


def announced_for(programme: Programme, filters: Filters | None = None) -> Announced:
    """The figures announced for the records `filters` selects: every figure without a filter;
    with `--wave` alone, those waves' counts and their sum; with `--territory` alone, those
    types' counts and their sum; with any other selection, none."""
    filters = filters or Filters()
    waves = {wave.number: wave.announced for wave in programme.waves}
    territories = {
        key: t.announced for key, t in programme.territories.items() if t.announced is not None
    }
    chosen = set(filters.as_dict())
    if not chosen:
        budget = programme.funding.budget_eur
        return Announced(programme.announced_total, waves, territories, budget, whole=True)
    if chosen == {"wave"}:
        picked = {number: waves[number] for number in set(filters.wave) if number in waves}
        return Announced(_sum(picked, filters.wave), picked, {}, None, whole=False)
    if chosen == {"territory"}:
        kinds = {key: territories[key] for key in set(filters.territory) if key in territories}
        return Announced(_sum(kinds, filters.territory), {}, kinds, None, whole=False)
    return Announced(None, {}, {}, None, whole=False)


def announced_or_whole(programme: Programme, announced: Announced | None) -> Announced:
    """The figures given for a selection, or those of the whole programme when none is given
    (what every aggregate uses by default)."""
    return announced_for(programme) if announced is None else announced


def _sum(counts: Mapping[Any, int], keys: Collection[object]) -> int | None:
    """The sum of the counts when every key selected has one; else None (not announced)."""
    return sum(counts.values()) if len(counts) == len(set(keys)) else None
