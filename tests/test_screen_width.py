"""Every table on screen fits the terminal, whatever its width, and still shows every figure.

Before, `list` was 155 columns wide at `COLUMNS=100`, `show polinno` 197, and off a terminal the
width was 100 whatever `COLUMNS` said; bars were drawn against the largest count, so « Vague 1 »
(10 of 20 announced) had a full bar and « Vague 3 » (9 of 61) a 90 % one.
"""

from __future__ import annotations

import itertools
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from manufactures.present.text import format_count, format_eur, format_percent
from manufactures.render.console import screen_width
from tests.conftest import DATA, run_cli
from tests.output_checks import check_output
from tests.raw_yaml import DEMO, raw_records

WIDTHS = (40, 60, 80, 100, 120, 200)
SUMMARIES = (
    ("stats",),
    ("stats", "--by", "wave"),
    ("stats", "--by", "territory"),
    ("stats", "--by", "sector"),
    ("stats", "--by", "region"),
    ("stats", "--by", "territory", "--by", "sector"),
    ("stats", "--by", "department", "--by", "wave"),
    ("funding",),
    ("funding", "--by", "region"),
    ("progress", "--as-of", "2024-06-30"),
    ("coverage",),
)
RECORDS = (("list",), ("show", "polinno"), ("show", "demo-l-usine-de-brest"))
REGISTRIES = {"data": DATA, "demo": DEMO}


def _screen(registry: Path, args: tuple[str, ...], width: int) -> str:
    result = run_cli("--data", str(registry), *args, env={"COLUMNS": str(width)})
    return str(check_output(result, "table", args[0]))


@cache
def _data(registry: Path, args: tuple[str, ...]) -> Any:
    result = run_cli("--data", str(registry), *args, "--format", "json")
    return check_output(result, "json", args[0])["data"]


def _figures(value: Any, key: str = "") -> set[str]:
    """Every count, amount and rate in a command's JSON data, written as the screen writes them
    (`1 250 000 €`, `42,5 %`); a group's `key` (a wave's number) is not a figure."""
    if isinstance(value, dict):
        return {shown for k, v in value.items() for shown in _figures(v, k)}
    if isinstance(value, list):
        return {shown for item in value for shown in _figures(item, key)}
    if isinstance(value, bool) or key in ("key", "row", "column"):
        return set()
    if isinstance(value, int):
        return {format_eur(value) if key.endswith("_eur") else format_count(value)}
    if isinstance(value, float) and key.endswith(("rate", "share")):
        return {format_percent(value)}
    return set()


def _records(registry: Path) -> tuple[tuple[str, ...], ...]:
    ids = {path.stem for path in (registry / "laureates").glob("*.yaml")}
    return tuple(args for args in RECORDS if args[0] != "show" or args[1] in ids)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", REGISTRIES)
def test_no_line_is_wider_than_the_screen_and_every_figure_is_shown(name: str, width: int) -> None:
    registry = REGISTRIES[name]
    for args in SUMMARIES + _records(registry):
        text = _screen(registry, args, width)
        widest = max(text.splitlines(), key=cell_len)
        assert cell_len(widest) <= width, (args, widest)
        assert "…" not in text, args
        if args[0] == "list":
            continue
        missing = {figure for figure in _figures(_data(registry, args)) if figure not in text}
        assert not missing, (args, missing)


def _table(text: str, title: str) -> list[list[str]]:
    """The cells of the table under `title`, row by row."""
    lines = text.splitlines()
    body = lines[lines.index(title) + 1 :]
    rows = []
    for line in body:
        if not line or line.startswith("└"):
            break
        if line.startswith("│"):
            rows.append([cell.strip() for cell in line.strip("│").split("│")])
    return rows


@pytest.mark.parametrize("width", [60, 80, 100, 200])
def test_wave_bars_are_drawn_against_the_announced_figures(width: int) -> None:
    """The three waves' outlines are as long as 20, 19 and 61 laureates announced; each filled
    part is what is recorded of it."""
    waves = {group["key"]: group for group in _data(DATA, ("stats",))["by_wave"] if group["key"]}
    rows = _table(_screen(DATA, ("stats",), width), "Vague de labellisation")
    bars = {int(label.split()[-1]): bar for label, _, bar, _ in rows if label.startswith("Vague")}
    longest = cell_len(bars[3])
    assert longest >= 6
    for key, wave in waves.items():
        outline = cell_len(bars[key])
        assert abs(outline - wave["announced"] / 61 * longest) <= 0.5
        filled = bars[key].rstrip("░")
        eighths = 8 * filled.count("█") + 1 + "▏▎▍▌▋▊▉".find(filled[-1])
        assert abs(eighths / 8 - wave["count"] / 61 * longest) <= 0.5
    assert cell_len(bars[1].rstrip("░")) < cell_len(bars[1])  # 10 of 20: not a full bar


def test_a_bar_column_with_nothing_to_draw_is_left_out() -> None:
    """No laureate of data/ records its incubation: no empty bar column beside the zeros."""
    text = _screen(DATA, ("stats",), 100)
    rows = _table(text, "Incubation (8 modules)")
    assert rows and all(len(row) == 4 and all(row) for row in rows)


@pytest.mark.parametrize("width", [40, 60, 100])
def test_list_keeps_the_name_and_says_which_columns_it_left_out(width: int) -> None:
    text = _screen(DEMO, ("list",), width)
    headers = ("Identifiant", "Nom", "Vague", "Territoire", "Commune", "Dép.", "Filières")
    shown = re.findall(r"[^\s┃]+", " ".join(ln for ln in text.splitlines() if ln.startswith("┃")))
    words = " ".join(text.split())  # the caption wraps
    said = re.search(r"colonnes omises faute de place : (.*?) ; --fields pour choisir", words)
    left_out = said.group(1).split(", ") if said else []
    assert "Nom" in shown
    for header in headers:
        assert (header in shown) != (header in left_out), header
    if width >= 100:
        assert {"Nom", "Commune", "Dép.", "Vague", "Territoire"} <= set(shown)


def _card_block(text: str, label: str) -> list[str]:
    """The lines of a card's field: its first line and those indented under it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{label} "))
    indent = lines[start].index(" : ") + 3
    block = [lines[start][indent:]]
    for line in lines[start + 1 :]:
        if line and not line.startswith(" " * indent):
            break
        block.append(line[indent:])
    return block


@pytest.mark.parametrize("width", [60, 100])
def test_show_is_a_card_with_its_notes_in_paragraphs(width: int) -> None:
    """The notes' hard line breaks (the YAML file's) are joined, and every line but a paragraph's
    last is full: the next word would not fit."""
    (record,) = (r for r in raw_records(DATA) if r["id"] == "polinno")
    text = _screen(DATA, ("show", "polinno"), width)
    assert "Identifiant    : polinno" in text
    notes = [line for line in _card_block(text, "Notes") if line]
    room = width - len("Accompagnement : ")
    assert " ".join(notes) == " ".join(record["notes"].split())
    for line, after in itertools.pairwise(notes):
        assert cell_len(line) + 1 + cell_len(after.split()[0]) > room
    for source in record["sources"]:
        item = text[text.index(f"• {source['url'][:20]}") :]
        assert re.sub(r"\n  ", "", item).startswith(f"• {source['url']}")


def test_off_a_terminal_the_width_is_columns_else_80(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_terminal(fd: int) -> os.terminal_size:
        raise OSError(fd)

    monkeypatch.setattr(os, "get_terminal_size", no_terminal)
    monkeypatch.setenv("COLUMNS", "57")
    assert screen_width() == 57
    monkeypatch.delenv("COLUMNS")
    assert screen_width() == 80
    monkeypatch.setattr(os, "get_terminal_size", lambda _: os.terminal_size((132, 40)))
    assert screen_width() == 132


def test_a_blank_line_in_the_notes_stays_a_paragraph_break(registry: Path) -> None:
    path = registry / "laureates" / "polinno.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Beaume-Drobie.\n  The press", "Beaume-Drobie.\n\n  The press"))
    notes = _card_block(_screen(registry, ("show", "polinno"), 80), "Notes")
    assert notes[:3] == [
        "Polinno: pôle d'innovation des métiers d'art, carried by the CC",
        "du Pays Beaume-Drobie.",
        "",
    ]
    assert notes[3].startswith("The press names Chandolas (07);")
