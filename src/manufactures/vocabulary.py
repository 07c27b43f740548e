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

    def wave_label(self, number: int | None) -> str | None:
        """`Vague 2` for 2; None for no wave."""
        return None if number is None else self.waves.get(number, str(number))

    def territory_label(self, key: str | None) -> str | None:
        """A territory type's label (the key itself if the programme does not list it)."""
        return None if key is None else self.territories.get(key, key)

    def sector_label(self, key: str) -> str:
        """A sector's label (the key itself if the programme does not list it)."""
        return self.sectors.get(key, key)

    def sector_labels(self, keys: Iterable[str] | None) -> str:
        """Sectors' labels, comma-separated, in the order given."""
        return ", ".join(map(self.sector_label, keys or ()))


def closest(value: str, allowed: Iterable[str]) -> str | None:
    """Return the allowed value closest to `value`, for « did you mean … » hints."""
    folded = {candidate.casefold(): candidate for candidate in allowed}
    if value.casefold() in folded:
        return folded[value.casefold()]
    matches = difflib.get_close_matches(value.casefold(), folded, n=1, cutoff=0.6)
    return folded[matches[0]] if matches else None
