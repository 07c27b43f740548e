"""What the shell completes: record ids, field paths, and the registry's vocabularies and the
COG's codes for the filters (`manuf --install-completion` for bash, zsh or fish).

Each completer reads as little as it can, since it runs on every Tab: the record ids are the
file names of `laureates/`, the vocabularies come from `programme.yaml` and `modules.yaml`
alone, and no record is parsed. A registry that cannot be found or read completes nothing:
completion never prints an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from manufactures.vocabulary import Vocabulary

if TYPE_CHECKING:
    from manufactures.referentials.cog import PlaceKind

__all__ = [
    "complete_departments",
    "complete_fields",
    "complete_modules",
    "complete_record_ids",
    "complete_regions",
    "complete_sectors",
    "complete_sort_fields",
    "complete_territories",
    "complete_waves",
]

Completion = list[tuple[str, str]]


def _root(ctx: typer.Context) -> Path | None:
    """The registry the command line names (`--data` of the command or of `manuf`), else the
    one manuf would find from here."""
    # Deferred: discovery is only needed when a completion is asked for.
    from manufactures.discovery import find_registry

    data = ctx.params.get("data") or ctx.find_root().params.get("data")
    try:
        return find_registry(Path(data) if data else None)
    except Exception:
        return None


def _matching(pairs: Iterable[tuple[str, str]], incomplete: str) -> Completion:
    return [(value, help_text) for value, help_text in pairs if value.startswith(incomplete)]


def complete_record_ids(ctx: typer.Context, incomplete: str) -> Completion:
    """The ids of the registry's records: its files' names."""
    root = _root(ctx)
    if root is None:
        return []
    files = sorted((root / "laureates").glob("*.yaml"))
    return _matching(
        ((path.stem, "") for path in files if not path.name.startswith(".")), incomplete
    )


def _vocabulary_pairs(
    ctx: typer.Context, pick: Callable[[Vocabulary], Mapping[Any, str]]
) -> Completion:
    from manufactures.registry import load_vocabulary

    root = _root(ctx)
    if root is None:
        return []
    try:
        return [(str(key), label) for key, label in pick(load_vocabulary(root)).items()]
    except Exception:
        return []


def complete_sectors(ctx: typer.Context, incomplete: str) -> Completion:
    """The sectors of `programme.yaml`, with their labels."""
    return _matching(_vocabulary_pairs(ctx, lambda vocabulary: vocabulary.sectors), incomplete)


def complete_territories(ctx: typer.Context, incomplete: str) -> Completion:
    """The territory types of `programme.yaml`, with their labels."""
    return _matching(_vocabulary_pairs(ctx, lambda vocabulary: vocabulary.territories), incomplete)


def complete_modules(ctx: typer.Context, incomplete: str) -> Completion:
    """The incubation modules of `modules.yaml`, with their labels."""
    return _matching(_vocabulary_pairs(ctx, lambda vocabulary: vocabulary.modules), incomplete)


def complete_waves(ctx: typer.Context, incomplete: str) -> Completion:
    """The waves of `programme.yaml`, with their labels."""
    return _matching(_vocabulary_pairs(ctx, lambda vocabulary: vocabulary.waves), incomplete)


def _places(kind: PlaceKind, incomplete: str) -> Completion:
    from manufactures.referentials.cog import load_cog

    places = load_cog().places(kind)
    return _matching(((code, place.name) for code, place in places.items()), incomplete)


def complete_regions(incomplete: str) -> Completion:
    """The COG's region codes, with their names."""
    return _places("region", incomplete)


def complete_departments(incomplete: str) -> Completion:
    """The COG's department codes, with their names."""
    return _places("department", incomplete)


def complete_sort_fields(incomplete: str) -> Completion:
    """The fields `--sort` takes."""
    from manufactures.analysis.selection import SORT_FIELDS

    return _matching(((field, "") for field in SORT_FIELDS), incomplete)


def complete_fields(incomplete: str) -> Completion:
    """Field paths (`--fields` takes several, comma-separated: the last one is completed)."""
    from manufactures.analysis.selection import FIELDS

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [(prefix + field, "") for field in FIELDS if field.startswith(last)]
