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


@REGISTRIES
@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_works(registry: Path, output_format: str) -> None:
    result = run_cli("--data", str(registry), "progress", "--format", output_format)
    check_output(result, output_format, "progress")


def test_matrix_with_symbols_and_legend() -> None:
    result = run_cli("--data", str(DEMO), "progress", "--as-of", AS_OF)
    text = check_output(result, "table", "progress")
    assert "Incubation : lauréats × modules" in text
    assert "● terminé ◐ en cours ○ non commencé · non renseigné" in text
    assert "1 Écosystème" in text
    first = raw_records(DEMO)[0]["name"]
    assert any(
        line.count("●") + line.count("·") >= 3 for line in text.splitlines() if first in line
    )


def test_module_rates_equal_a_plain_recount() -> None:
    records = raw_records(DEMO)
    modules = raw_file(DEMO, "modules.yaml")["modules"]
    statuses = Counter(
        (key, _status(p)) for r in records for key, p in (r.get("incubation") or {}).items()
    )
    data = _progress(DEMO, "--as-of", AS_OF)
    for module, got in zip(modules, data["modules"], strict=True):
        done, doing, todo = (
            statuses[module["id"], s] for s in ("done", "in_progress", "not_started")
        )
        assert got == {
            "key": module["id"],
            "label": module["label"],
            "done": done,
            "in_progress": doing,
            "not_started": todo,
            "not_recorded": len(records) - done - doing - todo,
            "completion_rate": done / (done + doing + todo),
        }
    assert data["records_with_progress"] == sum(1 for r in records if r.get("incubation"))


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


@pytest.mark.parametrize("as_of", ["2022-03-01", AS_OF])
def test_lagging_laureates_against_a_plain_recount(as_of: str) -> None:
    expected = [
        r["id"]
        for r in raw_records(DEMO)
        if _months_later(r["labelled_on"], 4) < date.fromisoformat(as_of)
        and any(_status(p) != "done" for p in (r.get("incubation") or {}).values())
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
