"""Read a registry with plain `yaml.safe_load`, never through the models: an independent witness.

Tests compare what `manuf` outputs with what these plain readings say, so a bug in the models or
the aggregates cannot hide behind itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO

DEMO = REPO / "examples" / "demo"


def raw_records(registry: Path) -> list[dict[str, Any]]:
    """Every record file of `registry`, in file name order, as plain YAML data."""
    files = sorted((registry / "laureates").glob("*.yaml"))
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in files]


def raw_file(registry: Path, name: str) -> dict[str, Any]:
    """`programme.yaml` or `modules.yaml` as plain YAML data."""
    data: dict[str, Any] = yaml.safe_load((registry / name).read_text(encoding="utf-8"))
    return data


def as_json(value: Any) -> Any:
    """A plain YAML value as JSON gives it back: dates as ISO text, nulls left out, and the
    `module: done` shorthand spelt `{status: done}`."""
    if isinstance(value, dict):
        out = {key: as_json(item) for key, item in value.items() if item is not None}
        if "incubation" in out:
            out["incubation"] = {
                module: {"status": progress} if isinstance(progress, str) else progress
                for module, progress in out["incubation"].items()
            }
        return out
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def funding_total(record: dict[str, Any]) -> int | None:
    """The sum of a plain record's funding lines; None when it has none."""
    lines = record.get("funding") or []
    return sum(int(line["amount_eur"]) for line in lines) if lines else None
