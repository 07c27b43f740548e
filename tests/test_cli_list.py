"""`manuf list`: records as data, French order, accent-blind search, --fields, literal text."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import typer

from manufactures.analysis.selection import Filters
from manufactures.cli.app import app
from manufactures.cli.context import use_color
from manufactures.present.result import Column, CommandResult, Table
from manufactures.render.console import print_tables
from tests.conftest import DATA, copy_registry, run_cli
from tests.output_checks import FORMATS, check_output
from tests.raw_yaml import DEMO, as_json, raw_records

REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
# Names a plain code-point sort gets wrong: É, Î sort after every ASCII letter.
NAMES = ("Saint-Étienne", "Île-Tudy", "Évreux", "Hyères", "La Cabane", "L'Usine", "Ateliers")


def _list(registry: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("--data", str(registry), "list", *args, "--format", "json")
    data: list[dict[str, Any]] = check_output(result, "json", "list")["data"]
    return data


def _named_registry(target: Path, names: tuple[str, ...]) -> Path:
    """A registry of records that differ only by name (and id)."""
    copy_registry(target)
    for index, name in enumerate(names):
        text = (
            f"id: record-{index}\nname: {json.dumps(name, ensure_ascii=False)}\n"
            "sources:\n  - url: https://example.org/\n"
        )
        (target / "laureates" / f"record-{index}.yaml").write_text(text, encoding="utf-8")
    return target


@REGISTRIES
@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_works(registry: Path, output_format: str) -> None:
    result = run_cli("--data", str(registry), "list", "--format", output_format)
    check_output(result, output_format, "list")


@REGISTRIES
def test_data_is_every_record_exactly_as_its_file_says(registry: Path) -> None:
    assert _list(registry) == [as_json(record) for record in raw_records(registry)]


@REGISTRIES
def test_jsonl_streams_one_record_per_line(registry: Path) -> None:
    result = run_cli("--data", str(registry), "list", "--format", "jsonl")
    assert check_output(result, "jsonl", "list") == _list(registry)


def test_sort_name_is_french_alphabetical_order(tmp_path: Path) -> None:
    registry = _named_registry(tmp_path / "r", NAMES)
    names = [record["name"] for record in _list(registry, "--sort", "name")]
    assert names == [
        "Ateliers",
        "Évreux",
        "Hyères",
        "Île-Tudy",
        "La Cabane",
        "L'Usine",
        "Saint-Étienne",
    ]
    assert names != sorted(NAMES)  # what a code-point sort would give


def test_sort_puts_records_without_the_field_last() -> None:
    records = _list(DATA, "--sort", "wave")
    waves = [record.get("wave") for record in records]
    known = [wave for wave in waves if wave is not None]
    assert known == sorted(known)
    assert waves == known + [None] * (len(waves) - len(known))
    assert None in waves


def test_sort_by_a_nested_field() -> None:
    communes = [r["location"]["commune"] for r in _list(DEMO, "--sort", "location.commune")]
    assert communes.index("Évreux") < communes.index("Saint-Étienne")
    assert communes.index("Hyères") < communes.index("Île-Tudy")


@pytest.mark.parametrize("text", ["saint etienne", "SAINT-ÉTIENNE", "st etienne"])
def test_search_ignores_accents_case_and_hyphens(text: str) -> None:
    found = _list(DEMO, "--search", text)
    if text.startswith("st "):
        assert found == []  # abbreviations are not guessed
        return
    assert [r["location"]["commune"] for r in found] == ["Saint-Étienne"]


def test_search_evreux_finds_evreux() -> None:
    assert {r["location"]["commune"] for r in _list(DEMO, "--search", "evreux")} == {"Évreux"}


def test_fields_keep_only_those_fields_in_every_format() -> None:
    args = ("--data", str(DEMO), "list", "--fields", "name,location.commune,funding.amount_eur")
    records = _list(DEMO, "--fields", "name,location.commune,funding.amount_eur")
    raw = raw_records(DEMO)
    assert records[0] == {
        "name": raw[0]["name"],
        "location": {"commune": raw[0]["location"]["commune"]},
        **({"funding": [{"amount_eur": f["amount_eur"]} for f in raw[0]["funding"]]}),
    }
    rows = check_output(run_cli(*args, "--format", "csv"), "csv", "list")
    assert rows[0] == ["name", "location.commune", "funding.amount_eur"]
    funded = next(r for r in raw if len(r.get("funding") or ()) > 1)
    row = next(row for row in rows if row[0] == funded["name"])
    assert row[2] == " | ".join(str(line["amount_eur"]) for line in funded["funding"])
    table = check_output(run_cli(*args), "table", "list")
    assert "location.commune" in table and "funding.amount_eur" in table


def test_fields_absent_everywhere_still_make_a_csv_column() -> None:
    result = run_cli("--data", str(DATA), "list", "--fields", "id,funding", "--format", "csv")
    rows = check_output(result, "csv", "list")
    assert rows[0] == ["id", "funding"]
    assert {row[1] for row in rows[1:]} == {""}


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--fields", "id,nmae", "did you mean `name`?"),
        ("--sort", "sectors", "cannot sort by `sectors`"),
        ("--limit", "-1", "--limit"),
    ],
)
def test_bad_options_are_usage_errors(option: str, value: str, message: str) -> None:
    result = run_cli("--data", str(DEMO), "list", option, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_limit_cuts_after_sorting() -> None:
    every = _list(DEMO, "--sort", "name")
    assert _list(DEMO, "--sort", "name", "--limit", "3") == every[:3]


def test_unknown_filter_value_is_a_usage_error() -> None:
    result = run_cli("--data", str(DEMO), "list", "--territory", "urban")
    assert result.exit_code == 2
    assert "rural" in result.stderr


def test_markup_in_a_name_is_printed_literally(tmp_path: Path) -> None:
    registry = _named_registry(tmp_path / "r", ("[bold red]Atelier[/] :smile:",))
    listed = run_cli("--data", str(registry), "list", env={"COLUMNS": "120"})
    text = check_output(listed, "table", "list")
    assert "[bold red]Atelier[/] :smile:" in text


def test_control_characters_are_shown_not_obeyed_even_in_colour() -> None:
    table = Table(
        "Titre \x1b[2J",
        (Column("name", "Nom"),),
        ({"name": "\x1b[31mrouge"},),
        caption="\x07bip",
    )
    result = CommandResult("list", Filters(), [], (table,), headline="[bold]x[/]")
    out = io.StringIO()
    print_tables(result, out, color=True)
    text = out.getvalue()
    for shown in ("\\x1b[2J", "\\x1b[31mrouge", "\\x07bip", "[bold]x[/]"):
        assert shown in text
    assert "\x1b[2J" not in text and "\x1b[31m" not in text and "\x07" not in text
    assert "\x1b[1m" in text  # colour is on: rich's own styles are there


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environ", "no_color", "expected"),
    [({}, False, True), ({"NO_COLOR": "1"}, False, False), ({}, True, False)],
)
def test_colour_only_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], no_color: bool, expected: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("sys.stdout", _Terminal())
    context = typer.Context(typer.main.get_command(app))
    assert use_color(context, no_color) is expected
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert use_color(context, no_color) is False
