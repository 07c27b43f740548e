"""What changed in a registry since a git revision: records added, removed, changed, by field,
and the effect on the headline figures (`manuf diff`).

Fields are compared as the files hold them (every value a string, see `yaml.reader`), so a change is
shown exactly as written, even in a record that does not validate. Headline figures are computed
from the records that validate, on each side, with the current programme's vocabularies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from manufactures.analysis.stats import count_by_territory, count_by_wave, summarise_funding
from manufactures.models import Laureate
from manufactures.registry import RECORD_SUFFIX, RECORDS_FOLDER, Registry
from manufactures.revisions import files_at
from manufactures.validation.diagnostics import format_path
from manufactures.yaml.reader import YamlProblem, decode_record_bytes, parse_record_text

__all__ = [
    "FieldChange",
    "FigureChange",
    "RecordChange",
    "RegistryDiff",
    "diff_registry",
    "diff_texts",
]

Status = Literal["added", "removed", "changed"]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class FieldChange(_Result):
    """One field whose value differs: its dotted path, the old and new values (None: absent)."""

    path: str
    old: Any
    new: Any


class RecordChange(_Result):
    """A record added, removed or changed, with its changed fields."""

    id: str
    status: Status
    fields: list[FieldChange]


class FigureChange(_Result):
    """A headline figure before and after: records per territory or wave, total, funding."""

    dimension: str
    key: str | int | None
    label: str
    before: int
    after: int


class RegistryDiff(_Result):
    """`manuf diff`: the revision compared with the working tree."""

    revision: str
    added: int
    removed: int
    changed: int
    records: list[RecordChange]
    figures: list[FigureChange]


def diff_registry(registry: Registry, revision: str) -> RegistryDiff:
    """Compare the registry's records at `revision` with the working tree."""
    folder = registry.root / RECORDS_FOLDER
    old = {
        name: text
        for name, text in files_at(revision, folder).items()
        if "/" not in name and name.endswith(RECORD_SUFFIX)
    }
    new = {
        path.name: decode_record_bytes(path.read_bytes())
        for path in sorted(folder.glob(f"*{RECORD_SUFFIX}"))
        if not path.name.startswith(".")
    }
    return diff_texts(registry, revision, old, new)


def diff_texts(
    registry: Registry, revision: str, before: Mapping[str, str], after: Mapping[str, str]
) -> RegistryDiff:
    """Compare two sets of record files (file name → text), `before` being `revision`: what
    `manuf diff` shows of git, and `manuf import` of the edits it is about to write."""
    old = {name: _parsed(text) for name, text in before.items()}
    new = {name: _parsed(text) for name, text in after.items()}
    records = [
        change
        for name in sorted(old.keys() | new.keys())
        if (change := _record_change(name, old.get(name), new.get(name))) is not None
    ]
    figures = _figures(registry, _valid(registry, old.values()), _valid(registry, new.values()))
    counts = {status: sum(1 for r in records if r.status == status) for status in _STATUSES}
    return RegistryDiff(revision=revision, records=records, figures=figures, **counts)


_STATUSES: tuple[Status, ...] = ("added", "removed", "changed")


def _parsed(text: str) -> dict[str, Any]:
    try:
        value = parse_record_text(text)
    except YamlProblem as problem:
        return {"(yaml)": f"not readable: {problem.message}"}
    return value if isinstance(value, dict) else {"(yaml)": "not a mapping"}


def _record_change(
    name: str, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> RecordChange | None:
    status: Status = "added" if old is None else "removed" if new is None else "changed"
    before, after = _flatten(old or {}), _flatten(new or {})
    fields = [
        FieldChange(path=path, old=before.get(path), new=after.get(path))
        for path in [*before, *(p for p in after if p not in before)]
        if before.get(path) != after.get(path)
    ]
    if not fields:
        return None
    return RecordChange(id=name.removesuffix(RECORD_SUFFIX), status=status, fields=fields)


def _flatten(value: Mapping[str, Any], prefix: tuple[str | int, ...] = ()) -> dict[str, Any]:
    """Dotted paths to values; lists of mappings by index, lists of texts as whole values."""
    flat: dict[str, Any] = {}
    for key, item in value.items():
        flat.update(_flatten_value(item, (*prefix, key)))
    return flat


def _flatten_value(item: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
    if isinstance(item, dict):
        return _flatten(item, path)
    if isinstance(item, list) and any(isinstance(element, dict) for element in item):
        flat: dict[str, Any] = {}
        for index, element in enumerate(item):
            flat.update(_flatten_value(element, (*path, index)))
        return flat
    return {format_path(path): item}


def _valid(registry: Registry, values: Any) -> list[Laureate]:
    laureates = []
    for value in values:
        try:
            laureates.append(
                Laureate.model_validate(value, context={"vocabulary": registry.vocabulary})
            )
        except ValidationError:
            continue  # an invalid record counts in no figure, on either side
    return laureates


def _figures(
    registry: Registry, before: Sequence[Laureate], after: Sequence[Laureate]
) -> list[FigureChange]:
    programme = registry.programme
    total = FigureChange(
        dimension="total", key=None, label="Lauréats", before=len(before), after=len(after)
    )
    rows = [total]
    for dimension, count in (("territory", count_by_territory), ("wave", count_by_wave)):
        pairs = zip(count(before, programme), count(after, programme), strict=True)
        rows += [
            FigureChange(
                dimension=dimension, key=old.key, label=old.label, before=old.count, after=new.count
            )
            for old, new in pairs
        ]
    funding = (summarise_funding(before, programme), summarise_funding(after, programme))
    rows.append(
        FigureChange(
            dimension="funding",
            key=None,
            label="Financement enregistré (€)",
            before=funding[0].recorded_eur,
            after=funding[1].recorded_eur,
        )
    )
    return rows
