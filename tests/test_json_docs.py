"""docs/json-output.md: every example is the real output of the command written above it.

An example may leave list items out (documents stay short) but may not change, add or reorder
anything: each key is there, each value is the real one, on the demo registry. Commands above the
last one in a block are run first (an edit for `diff` to show); `diff` examples run in a
throwaway git repository holding the demo registry as committed.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, run_cli
from tests.gitrepo import git

DOC = REPO / "docs" / "json-output.md"
EXAMPLE = re.compile(r"```sh\n((?:manuf [^\n]+\n)+)```\n\n```(json|jsonl)\n(.*?)\n```", re.DOTALL)
COMMANDS = ("list", "show", "stats", "funding", "progress", "export", "coverage", "diff")


def _examples() -> list[tuple[str, str, str]]:
    """(commands, format, example) of each example, the commands one per line."""
    return [m.groups() for m in EXAMPLE.finditer(DOC.read_text(encoding="utf-8"))]


def _command_name(commands: str) -> str:
    """The command whose output the example shows: the block's last one."""
    return shlex.split(commands.splitlines()[-1])[3]


def _demo_repository(root: Path) -> Path:
    """A git repository holding a copy of the demo registry at `examples/demo`, committed."""
    shutil.copytree(REPO / "examples" / "demo", root / "examples" / "demo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "demo registry")
    return root


def shown_in(example: Any, actual: Any) -> bool:
    """Whether `example` is `actual` with, at most, some list items left out (order kept)."""
    if isinstance(example, dict):
        return (
            isinstance(actual, dict)
            and list(example) == list(actual)
            and all(shown_in(example[key], actual[key]) for key in example)
        )
    if isinstance(example, list):
        if not isinstance(actual, list):
            return False
        remaining = iter(actual)
        return all(any(shown_in(item, candidate) for candidate in remaining) for item in example)
    return type(example) is type(actual) and example == actual


def test_every_example_block_has_its_command() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text.count("```json") == len(_examples())
    documented = {_command_name(commands) for commands, _, _ in _examples()}
    assert documented == set(COMMANDS)


@pytest.mark.parametrize(("commands", "kind", "example"), _examples(), ids=lambda v: v[:70])
def test_example_is_real_output(
    commands: str, kind: str, example: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    in_git = _command_name(commands) == "diff"
    monkeypatch.chdir(_demo_repository(tmp_path) if in_git else REPO)
    *setup, command = commands.splitlines()
    assert in_git or not setup, "an edit may only run in the throwaway repository"
    for step in setup:
        done = run_cli(*shlex.split(step)[1:])
        assert done.exit_code == 0, done.stderr
    result = run_cli(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    if kind == "json":
        assert shown_in(json.loads(example), json.loads(result.stdout))
    else:
        actual = [json.loads(line) for line in result.stdout.splitlines()]
        assert shown_in([json.loads(line) for line in example.splitlines()], actual)


@pytest.mark.parametrize(
    ("example", "actual", "expected"),
    [
        ({"a": [1, 3]}, {"a": [1, 2, 3]}, True),
        ({"a": [3, 1]}, {"a": [1, 2, 3]}, False),
        ({"a": [1, 1]}, {"a": [1]}, False),
        ({"a": 1}, {"a": 1, "b": 2}, False),
        ({"a": 1.0}, {"a": 1}, False),
        ({"a": [{"k": 1}]}, {"a": [{"k": 2}, {"k": 1}]}, True),
    ],
)
def test_shown_in(example: Any, actual: Any, expected: bool) -> None:
    assert shown_in(example, actual) is expected
