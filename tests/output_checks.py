"""What every data command's output must be, whatever the command: checked per format."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from typer.testing import Result

FORMATS = ("table", "json", "jsonl", "csv", "markdown")


def check_output(result: Result, output_format: str, command: str) -> Any:
    """Exit 0, nothing on stderr, no colour, and stdout parsing as `output_format` says.

    Returns the parsed output: the envelope (json), the items (jsonl), the rows (csv), or the
    text (table, markdown).
    """
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "\x1b[" not in result.stdout
    text = result.stdout
    if output_format == "json":
        envelope = json.loads(text)
        assert list(envelope) == ["schema_version", "command", "filters", "data"]
        assert envelope["schema_version"] == 1
        assert envelope["command"] == command
        return envelope
    if output_format == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if output_format == "csv":
        return read_csv(result)
    assert text.strip()
    if output_format == "markdown":
        assert "\n| " in text and "|---" in text
    return text


def read_csv(result: Result, *, excel: bool = False, empty: bool = False) -> list[list[str]]:
    """The CSV rows of stdout, read from its bytes (`Result.stdout` turns CRLF into LF); at
    least a header and a row unless `empty`."""
    raw = result.stdout_bytes
    assert raw.endswith(b"\r\n")
    assert raw.startswith(b"\xef\xbb\xbf") is excel
    text = raw.decode("utf-8-sig" if excel else "utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))
    assert len(rows) >= (1 if empty else 2)
    assert all(len(row) == len(rows[0]) for row in rows)
    return rows


def schema_rejections(schema: Path, files: Iterable[Path]) -> dict[str, list[str]]:
    """check-jsonschema's complaints about `files` against `schema`, by file name (format checks
    on, as by default): the tool editors and CI run on records."""
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), "-o", "json"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    found: dict[str, list[str]] = {}
    for item in [*report["errors"], *report.get("parse_errors", [])]:
        found.setdefault(Path(item["filename"]).name, []).append(item["message"])
    return found
