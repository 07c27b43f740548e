"""The pydantic models of a laureate record, the programme file and the modules file.

Records are read with every scalar as a string (see `yaml.reader`), so the field types here are the
only place a type is decided. Checks that need the programme's vocabularies (waves, territories,
sectors, modules) read them from the validation context, so a model can also be validated alone.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError, PydanticUndefined

from manufactures.i18n import N_
from manufactures.vocabulary import Vocabulary, closest
from manufactures.yaml.reader import ANY_KEY

__all__ = [
    "DOC_KEY",
    "MODULE_KEY",
    "MODULE_VALUE",
    "SOURCE_PLACEHOLDER",
    "Carrier",
    "FieldDoc",
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
    "document",
    "field_doc",
    "field_docs",
    "holds_list",
    "holds_mapping",
    "models_in",
    "scalar_kinds",
]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A text may hold any character but the C0 and C1 controls other than tab and line feed. The
# pattern is checked by pydantic-core's own regex engine (a Python validator on every string cost
# a tenth of a record's validation); its error is reported as `invalid-text` naming the character
# (see validation.pydantic_errors).
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


def _no_control_characters(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # the type is checked next
    code = control_character_code(value)
    if code is not None:
        # pydantic fills in {code} from the context
        raise PydanticCustomError("control_character", CONTROL_CHARACTER_MESSAGE, {"code": code})
    return value


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """What is said of a field beyond its type: its French meaning (`description`), a short
    French label (the record card, the coverage table), its rule and an example (the data
    dictionary), how a right value looks in English (error messages), whether it is an official
    code (always quoted in files, so that no YAML reader takes `07` for a number)."""

    description: str
    label: str = ""
    rule: str = ""
    example: str = ""
    expected: str | None = None
    code: bool = False


def document(
    description: str,
    *,
    label: str = "",
    rule: str = "",
    example: str = "",
    expected: str | None = None,
    code: bool = False,
    default: Any = PydanticUndefined,
) -> Any:
    """A field's documentation, declared on the field itself: `Field(description=…)` plus the
    rest of its `FieldDoc` (kept on the field, read back by `field_doc`)."""
    doc = FieldDoc(description, label, rule, example, expected, code)
    return Field(default, description=description, json_schema_extra={DOC_KEY: asdict(doc)})


DOC_KEY = "manuf_doc"


def field_doc(field: FieldInfo) -> FieldDoc:
    """The documentation `document` put on a field."""
    extra = field.json_schema_extra
    if not isinstance(extra, dict) or not isinstance(extra.get(DOC_KEY), dict):
        raise LookupError("the field has no documentation: declare it with `document(…)`")
    return FieldDoc(**extra[DOC_KEY])  # type: ignore[arg-type]


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[str, StringConstraints(min_length=1, pattern=TEXT_PATTERN)]
Code = Annotated[str, StringConstraints(strip_whitespace=False)]
# Control characters are refused first, by name (`invalid-text`); the pattern says it again for
# the JSON Schema.
Url = Annotated[
    str,
    StringConstraints(pattern=f"^https?://[^\\s{_CONTROLS}]+$", max_length=2000),
    BeforeValidator(_no_control_characters),
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

    commune: Annotated[Text, StringConstraints(max_length=200)] | None = document(
        "Commune.",
        label="Commune",
        rule="texte, 200 caractères au plus",
        example="Plouhinec",
        default=None,
    )
    insee: Annotated[Code, StringConstraints(pattern=r"^(\d{5}|2[AB]\d{3})$")] | None = document(
        "Code commune du COG (INSEE).",
        label="Code INSEE",
        rule="5 caractères, entre guillemets",
        example='"29197"',
        expected=N_('a 5-character COG commune code as a quoted string, e.g. "07058" or "2B096"'),
        code=True,
        default=None,
    )
    department: (
        Annotated[Code, StringConstraints(pattern=r"^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$")]
        | None
    ) = document(
        "Code du département.",
        label="Département",
        rule='"01"…"95", "2A", "2B", "971"…"976", entre guillemets',
        example='"29"',
        expected=N_('a department code as a quoted string: "01"…"95", "2A", "2B", "971"…"976"'),
        code=True,
        default=None,
    )
    region: Annotated[Code, StringConstraints(pattern=r"^\d{2}$")] | None = document(
        "Code INSEE de la région.",
        label="Région",
        rule="2 chiffres, entre guillemets",
        example='"53"',
        expected=N_('an INSEE region code as a quoted string, e.g. "84"'),
        code=True,
        default=None,
    )
    postal_code: Annotated[Code, StringConstraints(pattern=r"^\d{5}$")] | None = document(
        "Code postal.",
        label="Code postal",
        rule="5 chiffres, entre guillemets",
        example='"29780"',
        expected=N_('a 5-digit postal code as a quoted string, e.g. "07230"'),
        code=True,
        default=None,
    )
    lat: Annotated[float, Field(ge=-90, le=90)] | None = document(
        "Latitude (WGS84).", label="Latitude", rule="entre -90 et 90", example="48.01", default=None
    )
    lon: Annotated[float, Field(ge=-180, le=180)] | None = document(
        "Longitude (WGS84).",
        label="Longitude",
        rule="entre -180 et 180",
        example="-4.49",
        default=None,
    )
    qpv: Annotated[Code, StringConstraints(pattern=r"^Q[PN]\w{5,10}$")] | None = document(
        "Code du quartier prioritaire (QPV).",
        label="QPV",
        rule="`QP` (2015) ou `QN` (2024) suivi du code",
        example="QN07501M",
        expected=N_("a QPV code: `QP` + 7 characters (2015) or `QN` + 7 characters (2024)"),
        code=True,
        default=None,
    )


class Carrier(_Strict):
    """A structure that runs the manufacture."""

    name: Annotated[
        Text,
        StringConstraints(max_length=300),
        document(
            "Nom de la structure.",
            label="Nom",
            rule="300 caractères au plus",
            example="Association X",
        ),
    ]
    legal_form: Annotated[Text, StringConstraints(max_length=100)] | None = document(
        "Forme juridique.",
        label="Forme juridique",
        rule="100 caractères au plus",
        example="association",
        default=None,
    )
    siret: Annotated[Code, StringConstraints(pattern=r"^\d{14}$")] | None = document(
        "Numéro SIRET.",
        label="SIRET",
        rule="14 chiffres, entre guillemets",
        example='"12345678900012"',
        expected=N_("14 digits"),
        code=True,
        default=None,
    )


class FundingKind(StrEnum):
    """What a funding line pays for."""

    INVESTMENT = "investment"
    OPERATION = "operation"
    ENGINEERING = "engineering"
    OTHER = "other"


class Funding(_Strict):
    """One grant or contribution, in whole euros."""

    amount_eur: Annotated[
        int,
        Field(ge=0, le=10**12),
        document(
            "Montant.",
            label="Montant",
            rule="euros entiers, sans espace ni unité",
            example="250000",
        ),
    ]
    source: Annotated[Text, StringConstraints(max_length=300)] | None = document(
        "Financeur.",
        label="Financeur",
        rule="300 caractères au plus",
        example="France Relance",
        default=None,
    )
    kind: FundingKind | None = document(
        "Ce que finance la ligne.", label="Nature", example="investment", default=None
    )
    granted_on: IsoDate | None = document(
        "Date d'attribution.",
        label="Accordé le",
        rule="date ISO AAAA-MM-JJ",
        example="2022-07-18",
        default=None,
    )
    note: Text | None = document(
        "Précision libre.",
        label="Note",
        rule="texte libre",
        example="équipement partagé",
        default=None,
    )


class ModuleStatus(StrEnum):
    """How far a laureate is in one incubation module."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ModuleProgress(_Strict):
    """A module's status, with the date it was completed when known."""

    status: Annotated[
        ModuleStatus, document("Statut du module.", label="État", example="in_progress")
    ]
    completed_on: IsoDate | None = document(
        "Date de fin du module.",
        label="Terminé le",
        rule="date ISO AAAA-MM-JJ",
        example="2022-11-30",
        default=None,
    )


# An incubation module, in documented field paths (`incubation.<module>.status`): the keys of
# `incubation` are the modules of modules.yaml, each holding a `ModuleProgress` or its status.
MODULE_KEY = "<module>"
MODULE_VALUE = FieldDoc(
    "Avancement d'un module : son statut, ou un groupe `status` / `completed_on`.",
    label="Module",
    rule="un identifiant de modules.yaml",
    example="ecosysteme: done",
)


def _status_shorthand(value: Any) -> Any:
    """`ecosysteme: done` is shorthand for `ecosysteme: {status: done}`."""
    return {"status": value} if isinstance(value, str) else value


class Support(_Strict):
    """The two-year support phase."""

    started_on: IsoDate | None = document(
        "Début de l'accompagnement.",
        label="Début",
        rule="date ISO",
        example="2023-01-01",
        default=None,
    )
    ended_on: IsoDate | None = document(
        "Fin de l'accompagnement.", label="Fin", rule="date ISO", example="2024-12-31", default=None
    )


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

    url: Annotated[
        Url,
        BeforeValidator(_not_placeholder),
        document(
            "Adresse de la page.",
            label="Source",
            rule="http:// ou https:// ; `TODO` est un emplacement à remplir",
            expected=N_("an http:// or https:// address"),
        ),
    ]
    note: Text | None = document(
        "Ce que la page établit.",
        label="Note",
        rule="texte libre",
        example="Liste de la vague 1",
        default=None,
    )


class Laureate(_Strict):
    """One « manufacture de proximité »: only facts a public source states."""

    id: Annotated[
        str,
        StringConstraints(pattern=ID_PATTERN, max_length=64),
        document(
            "Identifiant de la fiche, égal au nom du fichier.",
            label="Identifiant",
            rule="minuscules, chiffres et tirets simples ; 64 caractères au plus",
            example="la-cabane",
            expected=N_(
                "lowercase letters, digits and single hyphens (e.g. `la-cabane`), "
                "at most 64 characters"
            ),
        ),
    ]
    name: Annotated[
        Text,
        StringConstraints(max_length=200),
        document(
            "Nom du lauréat.",
            label="Nom",
            rule="1 à 200 caractères, sans caractère de contrôle",
            example="La Cabane",
        ),
    ]
    wave: int | None = document(
        "Vague de labellisation.",
        label="Vague",
        rule="une vague de programme.yaml",
        example="2",
        default=None,
    )
    labelled_on: IsoDate | None = document(
        "Date de labellisation.",
        label="Labellisé le",
        rule="date ISO AAAA-MM-JJ",
        example="2022-03-01",
        default=None,
    )
    territory: str | None = document(
        "Type de territoire.",
        label="Territoire",
        rule="une clé de `territories` dans programme.yaml",
        example="rural",
        default=None,
    )
    location: Location | None = document(
        "Où se trouve le lauréat.", label="Localisation", default=None
    )
    sectors: list[str] | None = document(
        "Filières du lauréat.",
        label="Filières",
        rule="clés de `sectors` dans programme.yaml, sans doublon",
        example="[bois, metal]",
        default=None,
    )
    activities: list[Text] | None = document(
        "Ce que le lieu fabrique, selon les sources.",
        label="Activités",
        rule="texte libre",
        example="[charpente maritime]",
        default=None,
    )
    carriers: list[Carrier] | None = document(
        "Structures porteuses.", label="Porteurs", default=None
    )
    funding: list[Funding] | None = document(
        "Financements reçus, une ligne par financement.", label="Financements", default=None
    )
    incubation: dict[str, Annotated[ModuleProgress, BeforeValidator(_status_shorthand)]] | None = (
        document(
            "Avancement de l'incubation, par module.",
            label="Incubation",
            rule="un module absent = non renseigné ; `module: statut` abrège `{status: statut}`",
            default=None,
        )
    )
    support: Support | None = document(
        "Accompagnement de deux ans.", label="Accompagnement", default=None
    )
    website: Url | None = document(
        "Site du lauréat.",
        label="Site web",
        rule="adresse http:// ou https://",
        example="https://lacabane.fr",
        expected=N_("an http:// or https:// address"),
        default=None,
    )
    sources: Annotated[
        list[Source],
        Field(min_length=1),
        document(
            "Pages publiques qui établissent les faits de la fiche.",
            label="Sources",
            rule="au moins une",
        ),
    ]
    notes: Text | None = document(
        "Remarques libres (conflits de sources, choix faits).",
        label="Notes",
        rule="texte libre",
        default=None,
    )

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


def models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The models an annotation holds (`Location | None`, `list[Carrier]`, `dict[str, …]`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            yield from models_in(argument)


def holds_mapping(annotation: Any) -> bool:
    """Whether an annotation is a mapping (`dict[str, …] | None`)."""
    if typing.get_origin(annotation) is dict:
        return True
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return any(holds_mapping(argument) for argument in typing.get_args(annotation))
    return False


def holds_list(annotation: Any) -> bool:
    """Whether an annotation is a list (`list[…] | None`)."""
    return any(typing.get_origin(a) is list for a in (annotation, *typing.get_args(annotation)))


@cache
def field_docs(model: type[BaseModel] = Laureate, prefix: str = "") -> Mapping[str, FieldDoc]:
    """Every field of a record, nested ones included, by path, with its documentation: `[]`
    marks a list item (`carriers[].name`), `<module>` an incubation module."""
    docs: dict[str, FieldDoc] = {}
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        docs[path] = field_doc(field)
        nested = next(models_in(field.annotation), None)
        if nested is None:
            continue
        if holds_mapping(field.annotation):
            docs[f"{path}.{MODULE_KEY}"] = MODULE_VALUE
            docs.update(field_docs(nested, f"{path}.{MODULE_KEY}."))
        else:
            docs.update(
                field_docs(nested, f"{path}[]." if holds_list(field.annotation) else f"{path}.")
            )
    return MappingProxyType(docs)


# What a scalar of a record must be, as another YAML reader sees it (see `yaml.plain`).
ScalarKinds = dict[str, "ScalarKinds | str"]


@cache
def scalar_kinds(model: type[BaseModel] = Laureate) -> ScalarKinds:
    """Each field's scalar kind (`text`, `integer`, `number`, `date`), by key, nested models as
    nested mappings; a list field has its items' kind, and a free mapping (`incubation`) holds its
    values' kinds under `ANY_KEY`."""
    return {name: _kind(field.annotation) for name, field in model.model_fields.items()}


def _kind(annotation: Any) -> ScalarKinds | str:
    nested = next(models_in(annotation), None)
    if nested is not None:
        kinds = scalar_kinds(nested)
        return {ANY_KEY: kinds} if holds_mapping(annotation) else kinds
    for argument in (annotation, *_arguments(annotation)):
        if argument is date:
            return "date"
        if argument is int:
            return "integer"
        if argument is float:
            return "number"
    return "text"


def _arguments(annotation: Any) -> Iterator[Any]:
    """The types inside `list[…]`, `X | None` and `Annotated[…]`, depth first."""
    for argument in typing.get_args(annotation):
        yield argument
        yield from _arguments(argument)


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
