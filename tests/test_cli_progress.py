"""`manuf progress`: the laureate × module matrix, completion rates, laggards, support phase."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, run_cli
from tests.output_checks import FORMATS, check_output
from tests.raw_yaml import DEMO, raw_file, raw_records

REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
AS_OF = "2024-06-30"


def _progress(registry: Path, *args: str) -> dict[str, Any]:
    result = run_cli("--data", str(registry), "progress", *args, "--format", "json")
    data: dict[str, Any] = check_output(result, "json", "progress")["data"]
    return data


def _status(progress: Any) -> str:
    return progress if isinstance(progress, str) else progress["status"]


def _state_on(progress: Any, day: date) -> str:
    """A recorded module's state on `day`: done with a later completion date is `done_later`."""
    status = _status(progress)
    completed_on = None if isinstance(progress, str) else progress.get("completed_on")
    if status == "done" and completed_on is not None and completed_on > day:
        return "done_later"
    return status


# Before, during and after the demo's incubations (completion dates from 2021-12 to 2022-11).
DAYS = ["2021-01-01", "2022-09-01", AS_OF]


@REGISTRIES
@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_works(registry: Path, output_format: str) -> None:
    result = run_cli("--data", str(registry), "progress", "--format", output_format)
    check_output(result, output_format, "progress")


def test_matrix_with_symbols_and_legend() -> None:
    result = run_cli("--data", str(DEMO), "progress", "--as-of", AS_OF)
    text = check_output(result, "table", "progress")
    assert "Incubation : lauréats × modules" in text
    words = " ".join(text.split())  # the legend wraps at the terminal's width
    assert "● terminé ◇ terminé après cette date ◐ en cours ○ non commencé · non renseigné" in words
    assert "Modules : 1 Écosystème, 2 Gestion du foncier" in words
    first = raw_records(DEMO)[0]["name"]
    assert any(
        line.count("●") + line.count("·") >= 3 for line in text.splitlines() if first in line
    )


@pytest.mark.parametrize("as_of", DAYS)
def test_module_rates_equal_a_plain_recount(as_of: str) -> None:
    day = date.fromisoformat(as_of)
    records = raw_records(DEMO)
    modules = raw_file(DEMO, "modules.yaml")["modules"]
    states = Counter(
        (key, _state_on(p, day)) for r in records for key, p in (r.get("incubation") or {}).items()
    )
    data = _progress(DEMO, "--as-of", as_of)
    for module, got in zip(modules, data["modules"], strict=True):
        done, doing, todo, later = (
            states[module["id"], s] for s in ("done", "in_progress", "not_started", "done_later")
        )
        recorded = done + doing + todo + later
        assert got == {
            "key": module["id"],
            "label": module["label"],
            "done": done,
            "in_progress": doing,
            "not_started": todo,
            "done_later": later,
            "not_recorded": len(records) - recorded,
            "completion_rate": done / recorded,
        }
    assert data["records_with_progress"] == sum(1 for r in records if r.get("incubation"))
    if as_of == "2022-09-01":  # the day falls among the completion dates
        assert (
            0
            < sum(m["done_later"] for m in data["modules"])
            < sum(m["done"] + m["done_later"] for m in data["modules"])
        )


def test_modules_completed_after_the_day_are_not_done_on_it() -> None:
    args = ("--as-of", "2021-01-01", "--search", "forge de saint")
    data = _progress(DEMO, *args)
    (row,) = data["laureates"]
    assert set(row["modules"].values()) == {"done_later"}
    assert row["done"] == 0
    assert all(m["done"] == 0 and m["done_later"] == 1 for m in data["modules"])
    assert {m["completion_rate"] for m in data["modules"]} == {0.0}
    text = check_output(run_cli("--data", str(DEMO), "progress", *args), "table", "progress")
    matrix_row = next(line for line in text.splitlines() if "La Forge de Saint-" in line)
    assert matrix_row.count("◇") == 8
    assert "●" not in matrix_row
    assert "◇ terminé après cette date" in text
    header, csv_row = check_output(
        run_cli("--data", str(DEMO), "progress", *args, "--format", "csv"), "csv", "progress"
    )
    assert [csv_row[header.index(f"modules.{key}")] for key in row["modules"]] == ["done_later"] * 8


def test_done_without_a_date_stays_done_and_other_statuses_stay_as_recorded(
    registry: Path,
) -> None:
    record = registry / "laureates" / "polinno.yaml"
    record.write_text(
        record.read_text(encoding="utf-8") + "incubation:\n"
        "  ecosysteme: done\n"
        "  gestion_du_foncier:\n    status: done\n    completed_on: 2023-01-10\n"
        "  modele_economique: in_progress\n"
        "  structuration_juridique: not_started\n",
        encoding="utf-8",
    )
    data = _progress(registry, "--as-of", "2022-01-01", "--search", "polinno")
    (row,) = data["laureates"]
    assert row["modules"] == {
        **dict.fromkeys(row["modules"]),
        "ecosysteme": "done",
        "gestion_du_foncier": "done_later",
        "modele_economique": "in_progress",
        "structuration_juridique": "not_started",
    }
    assert row["done"] == 1
    later = _progress(registry, "--as-of", "2023-01-10", "--search", "polinno")
    assert later["laureates"][0]["modules"]["gestion_du_foncier"] == "done"


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


@pytest.mark.parametrize("as_of", ["2022-03-01", "2022-09-01", AS_OF])
def test_lagging_laureates_against_a_plain_recount(as_of: str) -> None:
    day = date.fromisoformat(as_of)
    expected = [
        r["id"]
        for r in raw_records(DEMO)
        if _months_later(r["labelled_on"], 4) < day
        and any(_state_on(p, day) != "done" for p in (r.get("incubation") or {}).values())
    ]
    data = _progress(DEMO, "--as-of", as_of)
    assert data["lagging"] == expected
    assert [row["id"] for row in data["laureates"] if row["lagging"]] == expected
    if as_of == AS_OF:
        assert expected  # the demo has laggards to show


@pytest.mark.parametrize(
    ("as_of", "state"),
    [("2022-12-31", "not_started"), ("2024-06-30", "ongoing"), ("2026-01-01", "ended")],
)
def test_support_state_follows_the_recorded_dates(as_of: str, state: str) -> None:
    day = date.fromisoformat(as_of)
    expected: Counter[str | None] = Counter()
    for record in raw_records(DEMO):
        support = record.get("support") or {}
        start, end = support.get("started_on"), support.get("ended_on")
        if start is None:
            expected[None] += 1
        elif day < start:
            expected["not_started"] += 1
        elif end is not None and end < day:
            expected["ended"] += 1
        else:
            expected["ongoing"] += 1
    data = _progress(DEMO, "--as-of", as_of)
    assert {g["key"]: g["count"] for g in data["support"]} == {
        "not_started": expected["not_started"],
        "ongoing": expected["ongoing"],
        "ended": expected["ended"],
        None: expected[None],
    }
    assert max(data["support"], key=lambda g: g["count"])["key"] == state


def test_as_of_defaults_to_today() -> None:
    assert _progress(DEMO)["as_of"] == date.today().isoformat()


def test_bad_date_is_a_usage_error() -> None:
    result = run_cli("--data", str(DEMO), "progress", "--as-of", "2024-02-30")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--as-of" in result.stderr


def test_jsonl_streams_one_laureate_per_line() -> None:
    args = ("--data", str(DEMO), "progress", "--as-of", AS_OF, "--format", "jsonl")
    lines = check_output(run_cli(*args), "jsonl", "progress")
    assert lines == _progress(DEMO, "--as-of", AS_OF)["laureates"]
    assert len(lines) == 100


def test_registry_without_progress_shows_not_recorded_everywhere() -> None:
    data = _progress(DATA)
    assert data["records_with_progress"] == 0
    assert {m["completion_rate"] for m in data["modules"]} == {None}
    assert all(set(row["modules"].values()) == {None} for row in data["laureates"])
