"""The filters every command shares, accent-blind search and French order.

Kept apart from the models' heavier machinery: a result read back from the cache carries its
`Filters`, and needs no model to do so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from manufactures.models import Laureate

__all__ = ["Filters", "fold", "french_sort_key"]


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents, so `Évreux` and `evreux` compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_WORD_BREAKS = re.compile(r"[\s\-\u2010-\u2015]+")


def french_sort_key(text: str) -> tuple[tuple[str, ...], str, str, str]:
    """Order as a French dictionary does: word by word — spaces and hyphens separate words,
    other punctuation and accents and case are ignored within one (« Le Fab Lab de Joinville »
    < « … de Thiers » < « … d'Embrun »; « La Cabane » < « L'Usine »; « Évreux » <
    « Saint-Étienne ») — ties broken by punctuation, then accents (cote, coté, côte), then case
    (Cote, cote)."""
    folded = fold(text).replace("œ", "oe").replace("æ", "ae")
    words = tuple(
        word for part in _WORD_BREAKS.split(folded) if (word := "".join(filter(str.isalnum, part)))
    )
    return words, folded, text.casefold(), text


@dataclass(frozen=True, slots=True)
class Filters:
    """Which records a command works on; an empty field selects everything."""

    territory: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    department: tuple[str, ...] = ()
    wave: tuple[int, ...] = ()
    search: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The filters actually set, as JSON-ready values (for output envelopes)."""
        return {key: list(v) if isinstance(v, tuple) else v for key, v in asdict(self).items() if v}

    def matches(self, laureate: Laureate) -> bool:
        """Whether one record passes every filter."""
        location = laureate.location
        checks = (
            not self.territory or laureate.territory in self.territory,
            not self.sector or bool(set(laureate.sectors or ()) & set(self.sector)),
            not self.region or (location is not None and location.region in self.region),
            not self.department
            or (location is not None and location.department in self.department),
            not self.wave or laureate.wave in self.wave,
            not self.search or _search_fold(self.search) in _searchable(laureate),
        )
        return all(checks)


def _searchable(laureate: Laureate) -> str:
    location = laureate.location
    parts = [laureate.id, laureate.name, *(laureate.activities or ())]
    parts += [carrier.name for carrier in laureate.carriers or ()]
    if location is not None and location.commune:
        parts.append(location.commune)
    return _search_fold(" ".join(parts))


def _search_fold(text: str) -> str:
    """Fold for search: hyphens and apostrophes are spaces (`saint etienne` = `Saint-Étienne`)."""
    return " ".join(fold(text).replace("-", " ").replace("'", " ").replace("’", " ").split())
