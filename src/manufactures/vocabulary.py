"""The programme's vocabularies (waves, territories, sectors, modules) as plain lookups."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Vocabulary", "closest"]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Allowed keys with their French labels, in the programme's order."""

    waves: Mapping[int, str]
    territories: Mapping[str, str]
    sectors: Mapping[str, str]
    modules: Mapping[str, str]


def closest(value: str, allowed: Iterable[str]) -> str | None:
    """Return the allowed value closest to `value`, for « did you mean … » hints."""
    folded = {candidate.casefold(): candidate for candidate in allowed}
    if value.casefold() in folded:
        return folded[value.casefold()]
    matches = difflib.get_close_matches(value.casefold(), folded, n=1, cutoff=0.6)
    return folded[matches[0]] if matches else None
