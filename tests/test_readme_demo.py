"""The terminal excerpts on the demo registry (README, docs/commands.md) are real output, on a
screen 80 columns wide.

An excerpt is one or more runs of consecutive output lines, separated by a `…` line where lines
were left out; each run must appear, whole and in order, in the command's real output.
"""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import REPO, run_cli

DOCUMENTS = (REPO / "README.md", REPO / "docs" / "commands.md")
EXCERPT = re.compile(r"```console\n\$ (manuf --data examples/demo [^\n]+)\n(.*?)\n```", re.DOTALL)


def _excerpts() -> list[tuple[str, str]]:
    return [
        m.groups()
        for document in DOCUMENTS
        for m in EXCERPT.finditer(document.read_text(encoding="utf-8"))
    ]


def _runs(excerpt: str) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for line in excerpt.splitlines():
        if line == "…":
            runs.append([])
        else:
            runs[-1].append(line)
    return [run for run in runs if run]


def test_the_docs_show_stats_funding_and_progress_on_the_demo() -> None:
    shown = {shlex.split(command)[3] for command, _ in _excerpts()}
    assert {"stats", "funding", "progress"} <= shown


@pytest.mark.parametrize(("command", "excerpt"), _excerpts(), ids=lambda v: v[:60])
def test_excerpt_is_real_output(
    command: str, excerpt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    # The screen as the docs show it: its default width and language.
    result = run_cli(*shlex.split(command)[1:], env={"COLUMNS": "80", "MANUF_LANG": "fr"})
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    start = 0
    for run in _runs(excerpt):
        found = next((i for i in range(start, len(lines)) if lines[i : i + len(run)] == run), None)
        assert found is not None, f"not in the output of `{command}`:\n" + "\n".join(run)
        start = found + len(run)
