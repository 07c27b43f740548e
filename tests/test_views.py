"""Units of the library behind the data commands: query, aggregates, CSV layout, views."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from manufactures.analysis.selection import (
    FIELDS,
    SORT_FIELDS,
    Filters,
    french_sort_key,
    include_fields,
    parse_fields,
    sort_records,
)
from manufactures.analysis.stats import (
    SupportState,
    crosstab,
    funding_report,
    mean_eur,
    progress_report,
    sector_dimension,
    support_state,
    territory_dimension,
)
from manufactures.models import Laureate, Support
from manufactures.present.flat import csv_header, flatten
from manufactures.present.views import export_result, list_result
from manufactures.registry import load_registry
from manufactures.render.formats import render_csv
from tests.raw_yaml import DEMO

SOURCE = [{"url": "https://example.org/"}]


def _record(record_id: str, **fields: Any) -> Laureate:
    return Laureate.model_validate(
        {"id": record_id, "name": record_id, "sources": SOURCE, **fields}
    )


@pytest.fixture(scope="module")
def demo() -> Any:
    registry, report = load_registry(DEMO)
    assert not report.failed()
    return registry


def test_french_order_breaks_ties_on_accents_then_case() -> None:
    names = ["côte", "Côte", "cote", "coté", "Cote"]
    assert sorted(names, key=french_sort_key) == ["Cote", "cote", "coté", "Côte", "côte"]


def test_french_order_goes_word_by_word() -> None:
    """Spaces and hyphens separate words, as in a French dictionary; an apostrophe does not."""
    names = ["Le Fab Lab d'Embrun", "Le Fab Lab de Thiers", "Le Fab Lab de Joinville"]
    assert sorted(names, key=french_sort_key) == [
        "Le Fab Lab de Joinville",
        "Le Fab Lab de Thiers",
        "Le Fab Lab d'Embrun",
    ]
    towns = ["Sainte-Anne", "Saint-Étienne", "Saint Denis", "Saintes"]
    assert sorted(towns, key=french_sort_key) == [
        "Saint Denis",
        "Saint-Étienne",
        "Sainte-Anne",
        "Saintes",
    ]


def test_sort_fields_and_fields_come_from_the_models() -> None:
    assert {"name", "location.commune", "support.ended_on"} <= set(SORT_FIELDS)
    assert {"funding.amount_eur", "carriers.siret", "incubation"} <= set(FIELDS)
    with pytest.raises(ValueError, match="cannot sort by `funding`"):
        sort_records([], "funding")


def test_sort_orders_dates_and_numbers_as_such() -> None:
    records = [
        _record("b", labelled_on="2022-07-18"),
        _record("a"),
        _record("c", labelled_on="2021-12-08"),
    ]
    assert [r.id for r in sort_records(records, "labelled_on")] == ["c", "b", "a"]


def test_include_fields_projects_maps_and_lists_of_maps() -> None:
    fields = parse_fields(" name , location.commune,funding.amount_eur,location.region,name")
    assert fields == ("name", "location.commune", "funding.amount_eur", "location.region")
    assert include_fields(fields) == {
        "name": True,
        "location": {"commune", "region"},
        "funding": {"__all__": {"amount_eur"}},
    }
    assert include_fields(("location.commune", "location")) == {"location": True}


def test_csv_header_keeps_each_rows_order_and_leads_with_the_given_columns() -> None:
    rows = [{"id": 1, "territory": "x"}, {"id": 2, "wave": 3, "territory": "y", "z.a": 1}]
    assert csv_header(rows) == ["id", "wave", "territory", "z.a"]
    assert csv_header(rows, ("z", "nothing", "id")) == ["z.a", "nothing", "id", "wave", "territory"]


def test_flatten_lines_up_lists_of_maps_by_key() -> None:
    item = {"funding": [{"amount_eur": 1, "kind": "other"}, {"amount_eur": 2}], "tags": ["a", "b"]}
    assert flatten(item) == {
        "funding.amount_eur": "1 | 2",
        "funding.kind": "other | ",
        "tags": "a | b",
    }


def test_mean_rounds_exactly_half_to_even() -> None:
    assert mean_eur(5, 2) == 2  # 2.5 → 2
    assert mean_eur(7, 2) == 4  # 3.5 → 4
    assert mean_eur(10**15 + 1, 2) == 5 * 10**14  # exact, no float rounding
    assert mean_eur(1, 0) is None


def test_funding_median_of_an_even_count(demo: Any) -> None:
    records = [
        _record("a", funding=[{"amount_eur": "100"}, {"amount_eur": "1"}]),
        _record("b", funding=[{"amount_eur": "200"}]),
        _record("c"),
    ]
    total = funding_report(records, demo.programme, None).total
    assert (total.records, total.records_with_funding, total.recorded_eur) == (3, 2, 301)
    assert (total.mean_eur, total.median_eur, total.min_eur, total.max_eur) == (150, 150, 101, 200)


def test_crosstab_counts_a_multi_sector_record_in_each_sector(demo: Any) -> None:
    records = [
        _record("a", sectors=["bois", "metal"], territory="rural"),
        _record("b", territory="qpv"),
    ]
    table = crosstab(
        records,
        sector_dimension(demo.vocabulary),
        territory_dimension(demo.programme),
        demo.programme,
    )
    cells = {(c.row, c.column): c.count for c in table.cells if c.count}
    assert cells == {("bois", "rural"): 1, ("metal", "rural"): 1, (None, "qpv"): 1}
    assert len(table.cells) == len(table.rows) * len(table.columns)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2022-12-31", SupportState.NOT_STARTED),
        ("2023-01-01", SupportState.ONGOING),
        ("2024-12-31", SupportState.ONGOING),
        ("2025-01-01", SupportState.ENDED),
    ],
)
def test_support_state_boundaries(day: str, expected: SupportState) -> None:
    support = Support.model_validate({"started_on": "2023-01-01", "ended_on": "2024-12-31"})
    assert support_state(support, date.fromisoformat(day)) is expected
    assert support_state(None, date.fromisoformat(day)) is None


def test_incubation_due_day_clips_to_the_end_of_the_month(demo: Any) -> None:
    record = _record("a", labelled_on="2021-10-31", incubation={"ecosysteme": "in_progress"})
    report = progress_report([record], demo.programme, demo.vocabulary, date(2022, 3, 1))
    assert report.laureates[0].due_on == date(2022, 2, 28)
    assert report.lagging == ["a"]


def test_list_and_export_share_the_record_contract(demo: Any) -> None:
    records = demo.laureates[:3]
    listed = list_result(demo, records, Filters()).envelope()
    exported = export_result(demo, records, Filters()).envelope()
    assert listed["data"] == exported["data"]
    assert listed["command"] == "list" and exported["command"] == "export"
    out = io.StringIO()
    render_csv(export_result(demo, records, Filters(), fields=("website",)), out)
    assert out.getvalue().splitlines()[0] == "website"
