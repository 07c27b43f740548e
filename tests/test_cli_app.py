"""The application shell: help, version, the error boundary."""

from __future__ import annotations

import importlib
import re

import pytest

from manufactures.cli import app as app_module
from manufactures.cli import boundary
from manufactures.editing.edits import EditRejected
from manufactures.errors import (
    EditError,
    GitError,
    ManufError,
    RegistryDataError,
    RegistryError,
    UsageError,
)
from manufactures.version import __version__
from tests.conftest import REPO, run_cli


def test_help_lists_every_command_with_one_line() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "validate" in result.stdout and "stats" in result.stdout


@pytest.mark.parametrize("command", [*app_module.COMMANDS, "progress set"])
def test_help_examples_name_demo_records_that_exist(command: str) -> None:
    """A demo id in an example of a command's help is a record of examples/demo."""
    text = run_cli(*command.split(), "--help", env={"COLUMNS": "200"}).stdout
    for record_id in re.findall(r"\bdemo-[a-z0-9]+(?:-[a-z0-9]+)*", text):
        assert (REPO / "examples" / "demo" / "laureates" / f"{record_id}.yaml").is_file(), record_id


def test_version() -> None:
    result = run_cli("--version")
    assert (result.exit_code, result.stdout.strip()) == (0, f"manuf {__version__}")


def test_unknown_option_is_a_usage_error() -> None:
    result = run_cli("stats", "--frobnicate")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_a_bug_exits_3_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_: object, **__: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("manufactures.present.views.stats_result", explode)
    result = run_cli("stats")
    assert result.exit_code == 3
    assert "internal error (ZeroDivisionError: boom)" in result.stderr
    assert boundary.ISSUES_URL in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_: object, **__: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("manufactures.present.views.stats_result", explode)
    result = run_cli("--debug", "stats")
    assert result.exit_code == 3
    assert "Traceback" in result.stderr


# Every error manuf reports to its user, with the exit code the command line gives it.
EXIT_CODES: dict[type[ManufError], int] = {
    ManufError: 2,
    UsageError: 2,
    EditError: 2,
    RegistryError: 2,
    RegistryDataError: 1,
    GitError: 2,
    EditRejected: 1,
}


def _subclasses(kind: type[ManufError]) -> set[type[ManufError]]:
    return {kind}.union(*(_subclasses(sub) for sub in kind.__subclasses__()))


def test_every_error_class_carries_its_exit_code() -> None:
    assert _subclasses(ManufError) == set(EXIT_CODES)
    assert {kind: kind.exit_code for kind in EXIT_CODES} == EXIT_CODES


@pytest.mark.parametrize("kind", EXIT_CODES, ids=lambda kind: kind.__name__)
def test_the_boundary_reports_any_error_with_its_exit_code(
    kind: type[ManufError], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Raised from anywhere in a command: one line, the class's own code, no traceback."""
    error = kind.__new__(kind)
    Exception.__init__(error, "what went wrong")  # EditRejected takes a path and diagnostics

    def fail(*_: object, **__: object) -> None:
        raise error

    monkeypatch.setattr("manufactures.present.views.stats_result", fail)
    result = run_cli("--no-cache", "stats")
    assert (result.exit_code, result.stderr) == (kind.exit_code, "manuf: error: what went wrong\n")
    assert result.stdout == ""


TABLE_FORMATS = "'xml' is not one of: table, json, jsonl, csv, markdown"
DIMENSIONS = "is not one of: territory, wave, sector, region, department"
NOT_A_DATE = "is not a date (YYYY-MM-DD)"
DATA_COMMANDS = [("stats",), ("funding",), ("progress",), ("coverage",), ("show", "x")]


@pytest.mark.parametrize(
    ("args", "option", "said"),
    [
        *(((*command, "--format", "xml"), "--format", TABLE_FORMATS) for command in DATA_COMMANDS),
        (("diff", "HEAD", "-f", "xml"), "--format", TABLE_FORMATS),
        (("list", "--format", "xml"), "--format", f"{TABLE_FORMATS}, geojson"),
        (
            ("export", "--format", "xml"),
            "--format",
            "'xml' is not one of: json, jsonl, csv, markdown, geojson, datapackage, xlsx, sqlite",
        ),
        (("progress", "--as-of", "2022-02-30"), "--as-of", f"'2022-02-30' {NOT_A_DATE}"),
        (("report", "--as-of", "30/06/2023"), "--as-of", f"'30/06/2023' {NOT_A_DATE}"),
        (("list", "--wave", "x"), "--wave", "'x' is not a whole number"),
        (("coverage", "--wave", "1.5"), "--wave", "'1.5' is not a whole number"),
        (("export", "--limit", "ten"), "--limit", "'ten' is not a whole number"),
        (("stats", "--by", "commune"), "--by", f"'commune' {DIMENSIONS}"),
        (("funding", "--by", "x"), "--by", f"'x' {DIMENSIONS}"),
        (
            ("progress", "set", "polinno", "ecosysteme", "fini"),
            "STATUS",
            "'fini' is not one of: not_started, in_progress, done",
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_option_errors_say_what_is_wrong_in_plain_words(
    args: tuple[str, ...], option: str, said: str
) -> None:
    """Not pydantic's wording (« Value error, », « Input should be a valid integer »)."""
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr.strip().splitlines()[-1]
    assert option in message
    assert message.endswith(said), message
    assert "Value error" not in result.stderr
    assert "Input should be" not in result.stderr


def _examples(module_name: str) -> list[str]:
    module = importlib.import_module(f"manufactures.cli.commands.{module_name}")
    return [
        line.strip() for line in module.EXAMPLES.splitlines() if line.strip().startswith("manuf ")
    ]


HELP_PAGES = [
    *(
        (name.split(), app_module.COMMANDS[name][0])
        for name in app_module.COMMANDS
        if name != "progress"
    ),
    (["progress"], "progress"),
    (["progress", "set"], "progress_set"),
]


@pytest.mark.parametrize(
    ("command", "module_name"), HELP_PAGES, ids=lambda v: " ".join(v) if isinstance(v, list) else v
)
def test_help_examples_are_never_wrapped_at_80_columns(
    command: list[str], module_name: str
) -> None:
    """A command cut in two by the help's wrapping cannot be copied and run."""
    result = run_cli(*command, "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    examples = _examples(module_name)
    assert examples
    assert [example for example in examples if example not in lines] == []
