"""A record's dates tell a possible story: each impossible one is a located error."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from manufactures.registry import load_registry
from tests.conftest import copy_registry, run_cli

TODAY = date(2026, 12, 4)
# Polinno, labelled on 2021-12-08 in wave 1 (announced on 2021-12-08), as a base.
BASE = "id: polinno\nname: Polinno\nwave: 1\nlabelled_on: 2021-12-08\n"
SOURCE = "sources:\n  - url: https://example.org/source\n"
CASES: dict[str, tuple[str, str, str, int]] = {
    # name: (extra YAML, expected code, expected path, expected line)
    "support ends before it starts": (
        "support:\n  started_on: 2023-01-01\n  ended_on: 2022-12-31\n",
        "date-order",
        "support.ended_on",
        7,
    ),
    "a module in progress with a completion date": (
        "incubation:\n  ecosysteme:\n    status: in_progress\n    completed_on: 2022-03-01\n",
        "completed-not-done",
        "incubation.ecosysteme.completed_on",
        8,
    ),
    "a module completed before labelling": (
        "incubation:\n  ecosysteme:\n    status: done\n    completed_on: 2021-06-01\n",
        "date-order",
        "incubation.ecosysteme.completed_on",
        8,
    ),
    "a module completed in the future": (
        "incubation:\n  ecosysteme:\n    status: done\n    completed_on: 2027-01-01\n",
        "date-in-future",
        "incubation.ecosysteme.completed_on",
        8,
    ),
    "a grant in the future": (
        "funding:\n  - amount_eur: 1000\n    granted_on: 2030-01-01\n",
        "date-in-future",
        "funding[0].granted_on",
        7,
    ),
    "the support starting in the future": (
        "support:\n  started_on: 2030-01-01\n",
        "date-in-future",
        "support.started_on",
        6,
    ),
}


def _registry(tmp_path: Path, text: str) -> Path:
    root = copy_registry(tmp_path / "registry")
    (root / "laureates" / "polinno.yaml").write_text(text, encoding="utf-8")
    return root


def _diagnostics(root: Path) -> list[dict[str, Any]]:
    _, report = load_registry(root, today=TODAY)
    return [
        {"code": d.code, "path": d.path, "line": d.line, "message": d.message}
        for d in report.diagnostics
    ]


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_each_impossible_date_is_a_located_error(tmp_path: Path, case: str) -> None:
    extra, code, path, line = CASES[case]
    found = _diagnostics(_registry(tmp_path, BASE + extra + SOURCE))
    assert [(d["code"], d["path"], d["line"]) for d in found] == [(code, path, line)]


def test_a_labelling_in_the_future_or_before_the_programme_is_refused(tmp_path: Path) -> None:
    future = _diagnostics(
        _registry(tmp_path / "a", BASE.replace("2021-12-08", "2030-01-01") + SOURCE)
    )
    early = _diagnostics(
        _registry(tmp_path / "b", BASE.replace("2021-12-08", "2020-05-04") + SOURCE)
    )
    assert [d["code"] for d in future] == ["date-in-future"]
    assert [d["code"] for d in early] == ["date-before-programme"]
    assert "2021-12-08" in early[0]["message"]  # the first wave's announcement


def test_a_planned_end_of_support_and_coherent_dates_pass(tmp_path: Path) -> None:
    text = (
        BASE
        + "incubation:\n  ecosysteme:\n    status: done\n    completed_on: 2022-03-01\n"
        + "support:\n  started_on: 2023-01-01\n  ended_on: 2027-12-31\n"
        + SOURCE
    )
    assert _diagnostics(_registry(tmp_path, text)) == []


def test_validate_and_progress_set_agree(tmp_path: Path) -> None:
    """`validate` refuses what `progress set` refuses: a completion date on a module not done."""
    extra, *_ = CASES["a module in progress with a completion date"]
    root = _registry(tmp_path, BASE + extra + SOURCE)
    result = run_cli("validate", str(root), "--format", "json")
    assert result.exit_code == 1
    (diagnostic,) = json.loads(result.stdout)["data"]["diagnostics"]
    assert diagnostic["code"] == "completed-not-done"
    refused = run_cli(
        "--data",
        str(root),
        "progress",
        "set",
        "polinno",
        "modele_economique",
        "in_progress",
        "--on",
        "2022-04-01",
    )
    assert refused.exit_code == 2 and "done" in refused.stderr
