"""Output cannot attack its reader (docs/SECURITY.md), through the real CLI, in every format.

A hostile but valid registry puts formula starts, rich markup, control characters and odd
Unicode in every text a record, `programme.yaml` and `modules.yaml` can hold; its git history
holds invalid old values (an ANSI escape, a carriage return) that `manuf diff` shows. Every
command offering a format is found from its `--help`, so a new command or format is checked too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from typer.testing import CliRunner, Result

from manufactures.cli.app import COMMANDS, app
from tests.conftest import DATA, copy_registry
from tests.gitrepo import git
from tests.output_checks import read_csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# Every hostile text shown on screen carries one of these, and `PWN` appears nowhere else: each
# `PWN` of an output must sit inside one of them, intact (brackets kept, escape shown as text).
MARKUP = ("[bold]PWN[/bold]", "[link=x]PWN[/link]")
ESCAPE_SHOWN = "x1b[31mPWN"  # `\x1b[31mPWN` on screen, `\\x1b[31mPWN` in Markdown source
# Extra arguments a command needs to run on the hostile registry.
COMMAND_ARGUMENTS = {"show": ("evil",), "diff": ("HEAD",)}

SECTOR_KEY = "-\x00\x1b[31mPWN"  # keys are not `Text`: a NUL and an escape pass validation
NOTES = "=[bold]PWN[/bold] \u2028 \U0001f389 \u200f rtl\n-[link=x]PWN[/link]"
EVIL = """\
id: evil
name: "=1+1 [bold]PWN[/bold]"
wave: 2
labelled_on: 2022-03-01
territory: rural
location:
  department: "07"
  region: "84"
sectors:
  - bois
  - "-\\0\\e[31mPWN"
activities:
  - "-2+3 [link=x]PWN[/link]"
  - "@SUM(1) [bold]PWN[/bold]"
carriers:
  - name: "\\t[bold]PWN[/bold]"
funding:
  - amount_eur: 1000
    source: "+[bold]PWN[/bold]"
    note: "-[link=x]PWN[/link]"
incubation:
  ecosysteme: done
website: "https://x.example/[bold]PWN[/bold]"
sources:
  - url: "https://x.example/=[bold]PWN[/bold]"
    note: "@[link=x]PWN[/link]"
notes: "=[bold]PWN[/bold] \\u2028 \\U0001F389 \\u200F rtl\\n-[link=x]PWN[/link]"
"""
# Old values in the git history, invalid today: what `manuf diff HEAD` shows as « before ».
OLD_VALUES = {
    "polinno": ("name: Polinno", 'name: "\\e[31mPWN"'),
    "la-cabane": ("wave: 1", 'wave: "\\r=[bold]PWN[/bold]"'),
}
PROGRAMME_LABELS = (
    ("label: Zone rurale", 'label: "=[bold]PWN[/bold]"'),
    ("label: Vague 2", 'label: "+[link=x]PWN[/link]"'),
    (
        "  bois: {label: Bois}",
        '  bois: {label: "@[bold]PWN[/bold]"}\n  "-\\0\\e[31mPWN": {label: "-[link=x]PWN[/link]"}',
    ),
)


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    """`tests.conftest.run_cli`, but click strips no escape sequence from what a command writes
    (`color=True`): an escape that reaches the output shows here as it would on a terminal."""
    base = {"NO_COLOR": "1", "GITHUB_ACTIONS": "", "MANUF_DATA": ""}
    return CliRunner().invoke(
        app, list(args), env={**base, **(env or {})}, catch_exceptions=False, color=True
    )


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid registry full of hostile text, in a git repository whose HEAD holds hostile,
    invalid old values of two records."""
    data = copy_registry(tmp_path_factory.mktemp("hostile") / "data", records=OLD_VALUES)
    for record, (old, new) in OLD_VALUES.items():
        _replace(data / "laureates" / f"{record}.yaml", old, new)
    git(data.parent, "init", "-q", "-b", "main")
    git(data.parent, "add", ".")
    git(data.parent, "commit", "-q", "-m", "hostile history")
    for record in OLD_VALUES:
        (data / "laureates" / f"{record}.yaml").write_bytes(
            (DATA / "laureates" / f"{record}.yaml").read_bytes()
        )
    for old, new in PROGRAMME_LABELS:
        _replace(data / "programme.yaml", old, new)
    _replace(data / "modules.yaml", "label: Écosystème", 'label: "-[bold]PWN[/bold]"')
    (data / "laureates" / "evil.yaml").write_text(EVIL, encoding="utf-8")
    validated = run_cli("validate", str(data), "--strict")
    assert validated.exit_code == 0, validated.stdout
    return data


def _formats() -> dict[str, tuple[set[str], bool]]:
    """Each command's `--format` choices and whether it takes `--excel`, read from its help."""
    found = {}
    for command in COMMANDS:
        text = run_cli(command, "--help", env={"COLUMNS": "200"}).stdout
        choices = re.search(r"--format <([a-z|]+)>", text)
        if choices:
            found[command] = (set(choices.group(1).split("|")), "--excel" in text)
    return found


FORMATS = _formats()


def _commands_with(output_format: str) -> list[str]:
    return sorted(command for command, (choices, _) in FORMATS.items() if output_format in choices)


def _command_formats(*formats: str, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Each (command, format) of `formats` the commands offer, `skip` left out."""
    return [(c, f) for f in formats for c in _commands_with(f) if c not in skip]


def test_every_data_format_is_found() -> None:
    """The sweeps below cover what the help offers, and the help offers what the docs say."""
    assert _commands_with("csv") == sorted(
        ["coverage", "diff", "export", "funding", "list", "progress", "show", "stats"]
    )
    # Every command that writes CSV offers --excel (the same shared option).
    assert {c for c, (_, excel) in FORMATS.items() if excel} == {
        "coverage",
        "diff",
        "export",
        "funding",
        "list",
        "progress",
        "show",
        "stats",
    }
    assert set(_commands_with("table")) <= set(_commands_with("csv"))
    assert set(COMMAND_ARGUMENTS) <= set(FORMATS)


def _run(data: Path, command: str, *options: str, env: dict[str, str] | None = None) -> Result:
    arguments = COMMAND_ARGUMENTS.get(command, ())
    return run_cli("--data", str(data), command, *arguments, *options, env=env)


def _strings(value: Any) -> Iterator[str]:
    """Every string of a parsed JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize(
    ("command", "excel"),
    [(c, False) for c in _commands_with("csv")]
    + [(c, True) for c in _commands_with("csv") if FORMATS[c][1]],
)
def test_csv_formulas_are_neutralised(hostile: Path, command: str, excel: bool) -> None:
    result = _run(hostile, command, "--format", "csv", *(["--excel"] if excel else []))
    assert result.exit_code == 0, result.stderr
    cells = [cell for row in read_csv(result, excel=excel) for cell in row]

    # A number stays a number (la-cabane's longitude is negative); any other text is quoted.
    assert [c for c in cells if c.startswith(FORMULA_STARTS) and not NUMBER.match(c)] == []
    neutralised = [c[1:] for c in cells if c.startswith("'") and c[1:].startswith(FORMULA_STARTS)]
    assert neutralised, "no hostile value reached this output: the check proves nothing"
    # Only the hostile values were quoted (the real records' texts were left alone).
    assert all("PWN" in cell for cell in neutralised), neutralised


def test_csv_keeps_the_neutralised_values_whole(hostile: Path) -> None:
    """What a spreadsheet shows is the value as written, behind the one quote added."""
    result = _run(hostile, "export", "--format", "csv", "--search", "PWN")
    header, row = read_csv(result)
    record = dict(zip(header, row, strict=True))
    assert record["name"] == "'=1+1 [bold]PWN[/bold]"
    assert record["carriers"] == "'\t[bold]PWN[/bold]"
    assert record["activities"] == "'-2+3 [link=x]PWN[/link]|@SUM(1) [bold]PWN[/bold]"
    assert record["notes"] == "'" + NOTES
    fields = read_csv(
        _run(hostile, "export", "--format", "csv", "--search", "PWN", "--fields", "funding,sources")
    )
    lines = dict(zip(*fields, strict=True))
    assert lines["funding.source"] == "'+[bold]PWN[/bold]"
    assert lines["sources.note"] == "'@[link=x]PWN[/link]"
    header, row = read_csv(_run(hostile, "list", "--format", "csv", "--search", "cabane"))
    assert dict(zip(header, row, strict=True))["location.lon"] == "-1.08383"  # a number
    changed = read_csv(_run(hostile, "diff", "--format", "csv"))
    assert ["la-cabane", "changed", "wave", "'\r=[bold]PWN[/bold]", "1"] in changed


def _assert_shown_literally(text: str) -> None:
    shown = sum(text.count(markup) for markup in MARKUP) + text.count(ESCAPE_SHOWN)
    assert shown > 0, "no hostile value reached this output: the check proves nothing"
    assert text.count("PWN") == shown, "some hostile text was interpreted, cut or altered"


@pytest.mark.parametrize(("command", "output_format"), _command_formats("table", "markdown"))
def test_markup_and_escapes_are_printed_literally(
    hostile: Path, command: str, output_format: str
) -> None:
    result = _run(hostile, command, "--format", output_format)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    _assert_shown_literally(result.stdout)


@pytest.mark.parametrize("command", _commands_with("table"))
def test_markup_and_escapes_are_printed_literally_in_colour(
    hostile: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a colour terminal the table's own styles are the only escapes written."""
    monkeypatch.setattr("manufactures.cli.context.use_color", lambda *_, **__: True)
    env = {"NO_COLOR": "", "TERM": "xterm-256color", "COLUMNS": "240"}
    result = _run(hostile, command, env=env)
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" in result.stdout  # colour is on
    assert "\x1b[31mPWN" not in result.stdout
    without_styles = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    _assert_shown_literally(without_styles)


def test_diff_shows_an_old_escape_as_text(hostile: Path) -> None:
    result = _run(hostile, "diff")
    assert "\\x1b[31mPWN" in result.stdout
    assert "\\x0d=[bold]PWN[/bold]" in result.stdout


@pytest.mark.parametrize(
    ("command", "output_format"), _command_formats("json", "jsonl", skip=("validate", "schema"))
)
def test_json_is_valid_utf8_whatever_the_input_held(
    hostile: Path, command: str, output_format: str
) -> None:
    result = _run(hostile, command, "--format", output_format)
    assert result.exit_code == 0, result.stderr
    text = result.stdout_bytes.decode("utf-8", errors="strict")
    if output_format == "json":
        documents = [json.loads(text)]
    else:  # JSON Lines: one document per `\n`; U+2028 inside a string is no line end
        assert text.endswith("\n")
        documents = [json.loads(line) for line in text[:-1].split("\n")]
    strings = {s for document in documents for s in _strings(document)}
    hostile_values = {
        NOTES,
        SECTOR_KEY,
        "=1+1 [bold]PWN[/bold]",
        "\x1b[31mPWN",
        "=[bold]PWN[/bold]",
    }
    assert strings & hostile_values, "no hostile value reached this output"


def test_json_gives_back_every_character(hostile: Path) -> None:
    result = _run(hostile, "show", "--format", "json")
    record = json.loads(result.stdout_bytes.decode("utf-8"))["data"]
    assert record["notes"] == NOTES
    assert record["sectors"] == ["bois", SECTOR_KEY]
    assert record["carriers"] == [{"name": "\t[bold]PWN[/bold]"}]
    diff = json.loads(_run(hostile, "diff", "--format", "json").stdout_bytes.decode("utf-8"))
    old = {(r["id"], f["path"]): f["old"] for r in diff["data"]["records"] for f in r["fields"]}
    assert old[("polinno", "name")] == "\x1b[31mPWN"
    assert old[("la-cabane", "wave")] == "\r=[bold]PWN[/bold]"


# A record file name and values that try to end an annotation and start a forged one.
FORGING_NAME = "x%0A::y,z:w\r\n::error file=evil.py::forged [bold]PWN\x1b[31m.yaml"
FORGING_RECORD = (
    'id: x\nname: x\nterritory: "a\\n::error file=evil.py::forged %0A [bold]PWN[/bold]"\n'
    'wave: "1\\r\\n::warning file=evil.py,line=1::forged %25"\n'
    '"\\e[31m::error file=evil.py::forged": 1\n'
    'notes: "\\0 \\x1b \\u2028 \\U0001F389 \\u200F"\n'
)


@pytest.fixture
def forging(tmp_path: Path) -> Path:
    registry = copy_registry(tmp_path / "registry", records=("polinno",))
    (registry / "laureates" / FORGING_NAME).write_text(FORGING_RECORD, encoding="utf-8")
    (registry / "laureates" / "bad\udcff\udcfe name.yaml").write_text(
        "id: x\n", "utf-8", "surrogateescape"
    )
    return registry


def _unescape(text: str, *, in_property: bool) -> str:
    """GitHub's reading of an escaped annotation value."""
    pairs = [("%0D", "\r"), ("%0A", "\n")]
    if in_property:
        pairs += [("%3A", ":"), ("%2C", ",")]
    for escaped, character in [*pairs, ("%25", "%")]:
        text = text.replace(escaped, character)
    return text


def _diagnostics(registry: Path) -> list[dict[str, Any]]:
    result = run_cli("validate", str(registry), "--format", "json")
    assert result.exit_code == 1
    diagnostics: list[dict[str, Any]] = json.loads(result.stdout_bytes.decode("utf-8"))["data"][
        "diagnostics"
    ]
    return diagnostics


ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,:\r\n]*),line=(\d+),col=(\d+),title=manuf ([a-z-]+)::(.*)$"
)


def test_github_annotations_cannot_be_forged(forging: Path) -> None:
    diagnostics = _diagnostics(forging)
    result = run_cli("validate", str(forging), "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout_bytes.decode("utf-8").split("\n")
    assert lines[-1] == "" and lines[-2].endswith("errors, 0 warnings")
    annotations = lines[:-2]
    assert len(annotations) == len(diagnostics)
    for line, diagnostic in zip(annotations, diagnostics, strict=True):
        match = ANNOTATION.match(line)
        assert match, line
        level, file, row, column, code, message = match.groups()
        assert (level, code) == (diagnostic["severity"], diagnostic["code"])
        assert _unescape(file, in_property=True) == diagnostic["file"]
        assert (int(row), int(column)) == (diagnostic["line"], diagnostic["column"])
        assert "\r" not in message
        assert _unescape(message, in_property=False).startswith(
            f"{diagnostic['path']}: {diagnostic['message']}"
            if diagnostic["path"]
            else diagnostic["message"]
        )
    forged = [d for d in diagnostics if FORGING_NAME in d["file"]]
    assert {d["code"] for d in forged} >= {
        "unknown-key",
        "unknown-territory",
        "invalid-type",
        "id-mismatch",
    }


def test_sarif_keeps_messages_and_locations_intact(forging: Path) -> None:
    diagnostics = _diagnostics(forging)
    result = run_cli("validate", str(forging), "--format", "sarif")
    assert result.exit_code == 1
    (run,) = json.loads(result.stdout_bytes.decode("utf-8", errors="strict"))["runs"]
    assert len(run["results"]) == len(diagnostics)
    for sarif, diagnostic in zip(run["results"], diagnostics, strict=True):
        assert sarif["ruleId"] == diagnostic["code"]
        assert diagnostic["message"] in sarif["message"]["text"]
        (location,) = sarif["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert "\n" not in uri and "\r" not in uri and " " not in uri
        path = unquote(urlparse(uri).path) if uri.startswith("file:") else unquote(uri)
        assert Path(path) == Path(diagnostic["file"]).absolute()
        region = location["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (
            diagnostic["line"],
            diagnostic["column"],
        )
    messages = " ".join(r["message"]["text"] for r in run["results"])
    assert "1\r\n::warning file=evil.py,line=1::forged %25" in messages


def test_undecodable_file_names_are_shown_with_a_replacement_character(forging: Path) -> None:
    files = {d["file"] for d in _diagnostics(forging)}
    assert any(file.endswith("bad\ufffd\ufffd name.yaml") for file in files), files


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
def test_validate_text_report_keeps_each_diagnostic_on_its_line(
    forging: Path, color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    diagnostics = _diagnostics(forging)
    if color:
        monkeypatch.setattr("manufactures.cli.context.use_color", lambda *_, **__: True)
    result = run_cli("validate", str(forging), env={"TERM": "xterm-256color"} if color else None)
    assert result.exit_code == 1
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout) if color else result.stdout
    assert "\x1b" not in text and "\r" not in text
    lines = text.split("\n")
    located = [line for line in lines if not line.startswith("    hint: ")][:-2]
    assert len(located) == len(diagnostics)
    assert not any(line.startswith("::") for line in lines)
    assert "\\x1b[31m::error file=evil.py::forged" in text
    assert "x%0A::y,z:w\\x0d\\x0a::error file=evil.py::forged [bold]PWN\\x1b[31m.yaml" in text
