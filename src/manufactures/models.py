"""The pydantic models of a laureate record, the programme file and the modules file.

Records are read with every scalar as a string (see `yamlio`), so the field types here are the
only place a type is decided. Checks that need the programme's vocabularies (waves, territories,
sectors, modules) read them from the validation context, so a model can also be validated alone.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from manufactures.vocabulary import Vocabulary, closest

__all__ = [
    "SOURCE_PLACEHOLDER",
    "Carrier",
    "Funding",
    "FundingKind",
    "Laureate",
    "Location",
    "ModuleProgress",
    "ModuleStatus",
    "ModulesFile",
    "Programme",
    "Source",
    "Support",
]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A text may hold any character but the C0 and C1 controls other than tab and line feed. The
# pattern is checked by pydantic-core's own regex engine (a Python validator on every string cost
# a tenth of a record's validation); its error is reported as `invalid-text` naming the character
# (see errors_map).
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
CONTROL_CHARACTER = re.compile(f"[{_CONTROLS}]")
TEXT_PATTERN = f"^[^{_CONTROLS}]*$"
CONTROL_CHARACTER_MESSAGE = "contains the control character U+{code}"


def _iso_date(value: Any) -> Any:
    """Accept `YYYY-MM-DD` strings only: no timestamps, no other layouts."""
    return _date_of(value) if isinstance(value, str) else value


# A registry holds the same few hundred dates again and again.
@lru_cache(maxsize=4096)
def _date_of(value: str) -> date:
    if not _ISO_DATE.match(value):
        raise PydanticCustomError(
            "date_format", "expected an ISO date `YYYY-MM-DD`, got `{value}`", {"value": value}
        )
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise PydanticCustomError(
            "date_value",
            "`{value}` is not a real date ({reason})",
            {"value": value, "reason": str(error)},
        ) from None


def control_character_code(text: str) -> str | None:
    """The code point (`001B`) of the first control character in `text`, if there is one."""
    found = CONTROL_CHARACTER.search(text)
    return f"{ord(found.group()):04X}" if found else None


def _no_control_characters(value: str) -> str:
    code = control_character_code(value)
    if code is not None:
        # pydantic fills in {code} from the context
        raise PydanticCustomError("control_character", CONTROL_CHARACTER_MESSAGE, {"code": code})
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[str, StringConstraints(min_length=1, pattern=TEXT_PATTERN)]
Code = Annotated[str, StringConstraints(strip_whitespace=False)]
Url = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s]+$", max_length=2000),
    AfterValidator(_no_control_characters),
]


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, str_strip_whitespace=False
    )


def _vocabulary(info: ValidationInfo) -> Vocabulary | None:
    context = info.context
    return context.get("vocabulary") if isinstance(context, dict) else None


def _unknown(kind: str, value: object, allowed: list[str]) -> PydanticCustomError:
    suggestion = closest(str(value), allowed)
    hint = f" (did you mean `{suggestion}`?)" if suggestion else ""
    return PydanticCustomError(
        f"unknown_{kind}",
        "unknown {kind} `{value}`{hint}",
        {"kind": kind, "value": value, "hint": hint, "allowed": allowed, "suggestion": suggestion},
    )


class Location(_Strict):
    """Where the laureate is: commune, official codes and coordinates."""

    commune: Annotated[Text, StringConstraints(max_length=200)] | None = None
    insee: Annotated[Code, StringConstraints(pattern=r"^(\d{5}|2[AB]\d{3})$")] | None = None
    department: (
        Annotated[Code, StringConstraints(pattern=r"^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$")]
        | None
    ) = None
    region: Annotated[Code, StringConstraints(pattern=r"^\d{2}$")] | None = None
    postal_code: Annotated[Code, StringConstraints(pattern=r"^\d{5}$")] | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    qpv: Annotated[Code, StringConstraints(pattern=r"^Q[PN]\w{5,10}$")] | None = None


class Carrier(_Strict):
    """A structure that runs the manufacture."""

    name: Annotated[Text, StringConstraints(max_length=300)]
    legal_form: Annotated[Text, StringConstraints(max_length=100)] | None = None
    siret: Annotated[Code, StringConstraints(pattern=r"^\d{14}$")] | None = None


class FundingKind(StrEnum):
    """What a funding line pays for."""

    INVESTMENT = "investment"
    OPERATION = "operation"
    ENGINEERING = "engineering"
    OTHER = "other"


class Funding(_Strict):
    """One grant or contribution, in whole euros."""

    amount_eur: Annotated[int, Field(ge=0, le=10**12)]
    source: Annotated[Text, StringConstraints(max_length=300)] | None = None
    kind: FundingKind | None = None
    granted_on: IsoDate | None = None
    note: Text | None = None


class ModuleStatus(StrEnum):
    """How far a laureate is in one incubation module."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ModuleProgress(_Strict):
    """A module's status, with the date it was completed when known."""

    status: ModuleStatus
    completed_on: IsoDate | None = None


def _status_shorthand(value: Any) -> Any:
    """`ecosysteme: done` is shorthand for `ecosysteme: {status: done}`."""
    return {"status": value} if isinstance(value, str) else value


class Support(_Strict):
    """The two-year support phase."""

    started_on: IsoDate | None = None
    ended_on: IsoDate | None = None


# What `manuf new` writes where a source must go: a record keeps failing validation until a
# contributor replaces it with a real address.
SOURCE_PLACEHOLDER = "TODO"


def _not_placeholder(value: Any) -> Any:
    if value == SOURCE_PLACEHOLDER:
        raise PydanticCustomError(
            "source_placeholder", "this source is still the placeholder written by `manuf new`"
        )
    return value


class Source(_Strict):
    """A public page that states facts of the record."""

    url: Annotated[Url, BeforeValidator(_not_placeholder)]
    note: Text | None = None


class Laureate(_Strict):
    """One « manufacture de proximité »: only facts a public source states."""

    id: Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
    name: Annotated[Text, StringConstraints(max_length=200)]
    wave: int | None = None
    labelled_on: IsoDate | None = None
    territory: str | None = None
    location: Location | None = None
    sectors: list[str] | None = None
    activities: list[Text] | None = None
    carriers: list[Carrier] | None = None
    funding: list[Funding] | None = None
    incubation: dict[str, Annotated[ModuleProgress, BeforeValidator(_status_shorthand)]] | None = (
        None
    )
    support: Support | None = None
    website: Url | None = None
    sources: Annotated[list[Source], Field(min_length=1)]
    notes: Text | None = None

    @field_validator("wave")
    @classmethod
    def _known_wave(cls, value: int | None, info: ValidationInfo) -> int | None:
        vocabulary = _vocabulary(info)
        if vocabulary and value is not None and value not in vocabulary.waves:
            raise _unknown("wave", value, [str(w) for w in vocabulary.waves])
        return value

    @field_validator("territory")
    @classmethod
    def _known_territory(cls, value: str | None, info: ValidationInfo) -> str | None:
        vocabulary = _vocabulary(info)
        if vocabulary and value is not None and value not in vocabulary.territories:
            raise _unknown("territory", value, list(vocabulary.territories))
        return value

    @field_validator("sectors", mode="after")
    @classmethod
    def _known_sectors(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        if value is None:
            return value
        vocabulary = _vocabulary(info)
        for index, sector in enumerate(value):
            if vocabulary and sector not in vocabulary.sectors:
                raise _located(index, _unknown("sector", sector, list(vocabulary.sectors)))
            if sector in value[:index]:
                raise _located(
                    index,
                    PydanticCustomError(
                        "duplicate_sector", "sector `{value}` is listed twice", {"value": sector}
                    ),
                )
        return value

    @field_validator("incubation", mode="after")
    @classmethod
    def _known_modules(
        cls, value: dict[str, ModuleProgress] | None, info: ValidationInfo
    ) -> dict[str, ModuleProgress] | None:
        vocabulary = _vocabulary(info)
        if vocabulary and value:
            for module in value:
                if module not in vocabulary.modules:
                    raise _located(module, _unknown("module", module, list(vocabulary.modules)))
        return value


def _located(step: str | int, error: PydanticCustomError) -> PydanticCustomError:
    """Name the item of a list or mapping field an error is about (pydantic's loc stops at the
    field when a field validator raises)."""
    context = dict(error.context or {})
    context["item"] = step
    return PydanticCustomError(error.type, error.message_template, context)


class Wave(_Strict):
    """A selection wave as announced."""

    number: int
    label: Text
    announced_on: IsoDate
    announced: int
    sources: list[Source]


class Territory(_Strict):
    """A territory type and its announced count."""

    label: Text
    announced: int | None = None


class Sector(_Strict):
    """A « filière »."""

    label: Text


class FundingFacts(_Strict):
    """Announced money figures."""

    budget_eur: int
    per_laureate_eur: int
    per_laureate_variants_eur: list[int] = []
    sources: list[Source]


class IncubationFacts(_Strict):
    """Announced incubation figures."""

    months: int
    modules: int
    sources: list[Source]


class SupportFacts(_Strict):
    """Announced support-phase figures."""

    years: int
    starts_on: IsoDate
    sources: list[Source]


class Programme(_Strict):
    """`programme.yaml`: the programme's announced facts and vocabularies."""

    name: Text
    operator: Text
    announced_total: int
    sources: list[Source]
    waves: list[Wave]
    territories: dict[str, Territory]
    sectors: dict[str, Sector]
    funding: FundingFacts
    incubation: IncubationFacts
    support: SupportFacts


class Module(_Strict):
    """One incubation module."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
    label: Text


class ModulesFile(_Strict):
    """`modules.yaml`: the incubation modules, in order."""

    source: Source
    modules: Annotated[list[Module], Field(min_length=1)]
