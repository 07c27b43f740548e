"""The aggregates behind `manuf stats`, on records built in the test."""

from __future__ import annotations

from manufactures.analysis.stats import Stats, compute_stats
from manufactures.models import Laureate
from manufactures.registry import load_registry
from tests.conftest import DATA

REGISTRY, _ = load_registry(DATA)


def _laureate(**fields: object) -> Laureate:
    record = {"id": "x", "name": "X", "sources": [{"url": "https://example.org"}], **fields}
    return Laureate.model_validate(record)


def _stats(*laureates: Laureate) -> Stats:
    return compute_stats(list(laureates), REGISTRY.programme, REGISTRY.vocabulary)


def test_every_known_key_is_listed_with_the_not_recorded_group_last() -> None:
    stats = _stats(_laureate(territory="rural"), _laureate())
    keys = [group.key for group in stats.by_territory]
    assert keys == ["rural", "qpv", "small_medium_town", None]
    counts = {group.key: group.count for group in stats.by_territory}
    assert counts == {"rural": 1, "qpv": 0, "small_medium_town": 0, None: 1}


def test_announced_figures_travel_beside_recorded_ones() -> None:
    stats = _stats(_laureate(wave="3"))
    waves = {group.key: (group.count, group.announced) for group in stats.by_wave}
    assert waves == {1: (0, 20), 2: (0, 19), 3: (1, 61), None: (0, None)}
    assert (stats.total.count, stats.total.announced) == (1, 100)


def test_a_record_counts_once_in_each_of_its_sectors() -> None:
    stats = _stats(_laureate(sectors=["bois", "metal"]), _laureate(sectors=["bois"]), _laureate())
    counts = {group.key: group.count for group in stats.by_sector}
    assert (counts["bois"], counts["metal"], counts["textile"], counts[None]) == (2, 1, 0, 1)


def test_funding_and_incubation_are_summed_from_records() -> None:
    stats = _stats(
        _laureate(
            funding=[{"amount_eur": "250000"}, {"amount_eur": "10000"}],
            incubation={"ecosysteme": "done", "communication": {"status": "in_progress"}},
        ),
        _laureate(funding=[{"amount_eur": "5"}]),
        _laureate(),
    )
    assert (stats.funding.recorded_eur, stats.funding.records_with_funding) == (260005, 2)
    assert stats.funding.announced_budget_eur == 30_000_000
    modules = {m.key: (m.done, m.in_progress) for m in stats.incubation.modules}
    assert modules["ecosysteme"] == (1, 0)
    assert modules["communication"] == (0, 1)
    assert stats.incubation.records_with_progress == 1


def test_json_dump_has_the_documented_shape() -> None:
    dumped = _stats(_laureate()).model_dump(mode="json")
    assert set(dumped) == {"total", "by_territory", "by_wave", "by_sector", "funding", "incubation"}
    assert dumped["by_territory"][-1] == {
        "key": None,
        "label": "Non renseigné",
        "count": 1,
        "announced": None,
    }
    assert set(dumped["incubation"]["modules"][0]) == {
        "key",
        "label",
        "done",
        "in_progress",
        "not_started",
    }
