"""Turn pydantic validation errors into located, readable diagnostics."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from manufactures.i18n import N_, _
from manufactures.models import (
    CONTROL_CHARACTER_MESSAGE,
    TEXT_PATTERN,
    control_character_code,
    field_docs,
    models_in,
)
from manufactures.validation.diagnostics import Diagnostic, Severity, format_path
from manufactures.vocabulary import closest
from manufactures.yaml.reader import compose, locate

__all__ = ["diagnostics_from_validation_error"]

# What a patterned field expects, said the way a contributor reads it (by field name).
_EXPECTED: dict[str, str] = {
    path.rpartition(".")[2]: doc.expected for path, doc in field_docs().items() if doc.expected
}

# Our own error types (`models`), whose message already says everything (no « got … » suffix),
# by the message said in the language spoken: pydantic formats its template in English.
_OWN_MESSAGES = {
    "unknown_wave": N_("unknown wave `{value}`"),
    "unknown_territory": N_("unknown territory `{value}`"),
    "unknown_sector": N_("unknown sector `{value}`"),
    "unknown_module": N_("unknown module `{value}`"),
    "duplicate_sector": N_("sector `{value}` is listed twice"),
    "date_format": N_("expected an ISO date `YYYY-MM-DD`, got `{value}`"),
    "date_value": N_("`{value}` is not a real date ({reason})"),
    "source_placeholder": N_("this source is still the placeholder written by `manuf new`"),
    "control_character": N_("contains the control character U+{code}"),
}
# pydantic's own messages for the types a record meets, to be translated (in English, and for
# the other types, pydantic's own message is said).
_PYDANTIC_MESSAGES = {
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_type": N_("Input should be a valid integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "float_type": N_("Input should be a valid number"),
    "string_type": N_("Input should be a valid string"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "bool_type": N_("Input should be a valid boolean"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": N_(
        "Input should be a valid dictionary or object to extract fields from"
    ),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "too_short": N_(
        "List should have at least {min_length} item after validation, not {actual_length}"
    ),
    "string_too_short": N_("String should have at least {min_length} character"),
    "string_too_long": N_("String should have at most {max_length} characters"),
    "enum": N_("Input should be {expected}"),
    "url_parsing": N_("Input should be a valid URL, {error}"),
    "url_scheme": N_("URL scheme should be {expected_schemes}"),
}

_CODE_BY_TYPE: dict[str, str] = {
    "extra_forbidden": "unknown-key",
    "missing": "missing-field",
    "unknown_wave": "unknown-wave",
    "unknown_territory": "unknown-territory",
    "unknown_sector": "unknown-sector",
    "unknown_module": "unknown-module",
    "duplicate_sector": "duplicate-sector",
    "date_format": "invalid-date",
    "date_value": "invalid-date",
    "control_character": "invalid-text",
    "enum": "invalid-value",
    "string_pattern_mismatch": "invalid-format",
    "source_placeholder": "source-placeholder",
}


def diagnostics_from_validation_error(
    error: ValidationError, *, model: type[BaseModel], text: str, file: str
) -> list[Diagnostic]:
    """Map each pydantic error of one file to a diagnostic located in the file's YAML."""
    root = compose(text)
    return [_diagnostic(details, model=model, root=root, file=file) for details in error.errors()]


def _diagnostic(
    details: ErrorDetails, *, model: type[BaseModel], root: Any, file: str
) -> Diagnostic:
    details = _named_control_character(details)
    loc = _full_loc(details)
    kind = details["type"]
    code = _code(kind)
    line, column = locate(root, loc, at_key=kind in {"extra_forbidden", "unknown_module"})
    return Diagnostic(
        severity=Severity.ERROR,
        code=code,
        message=_message(details, loc),
        file=file,
        line=line,
        column=column,
        path=format_path(loc),
        hint=_hint(details, loc, model),
    )


def _named_control_character(details: ErrorDetails) -> ErrorDetails:
    """A text's pattern only keeps control characters out: say which one it met."""
    if details["type"] != "string_pattern_mismatch":
        return details
    if (details.get("ctx") or {}).get("pattern") != TEXT_PATTERN:
        return details
    code = control_character_code(str(details["input"])) or "?"
    message = CONTROL_CHARACTER_MESSAGE.format(code=code)
    return {**details, "type": "control_character", "msg": message, "ctx": {"code": code}}


def _full_loc(details: ErrorDetails) -> tuple[str | int, ...]:
    loc = tuple(details["loc"])
    item = (details.get("ctx") or {}).get("item")
    return (*loc, item) if item is not None else loc


def _code(kind: str) -> str:
    if kind in _CODE_BY_TYPE:
        return _CODE_BY_TYPE[kind]
    if kind.endswith(("_type", "_parsing")) or kind in {"int_from_float", "model_attributes_type"}:
        return "invalid-type"
    return "invalid-value"


def _message(details: ErrorDetails, loc: tuple[str | int, ...]) -> str:
    kind = details["type"]
    field = next((step for step in reversed(loc) if isinstance(step, str)), "")
    shown = _shown(details.get("input"))
    context = {"value": details.get("input"), **(details.get("ctx") or {})}
    if kind == "extra_forbidden":
        return _("unknown key `{field}`").format(field=field)
    if kind == "missing":
        return _("required field `{field}` is missing").format(field=field)
    if kind == "string_pattern_mismatch" and field in _EXPECTED:
        return _("`{field}` must be {expected}; got {value}").format(
            field=field, expected=_(_EXPECTED[field]), value=shown
        )
    if kind in _OWN_MESSAGES:
        return _(_OWN_MESSAGES[kind]).format(**context)
    said = details["msg"]  # pydantic's English, unless the language spoken has its own words
    template = _PYDANTIC_MESSAGES.get(kind, "")
    if template and _(template) != template:
        said = _(template).format(**context)
    return _("{problem}; got {value}").format(problem=said.rstrip("."), value=shown)


def _shown(value: Any) -> str:
    if value is None:
        return _("nothing (null)")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    text = str(value)
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"


def _hint(details: ErrorDetails, loc: tuple[str | int, ...], model: type[BaseModel]) -> str | None:
    kind = details["type"]
    ctx = details.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        suggestion = closest(str(loc[-1]), allowed)
        if suggestion:
            return _("did you mean `{suggestion}`?").format(suggestion=suggestion)
        return _("allowed keys here: {keys}").format(keys=", ".join(allowed))
    if kind.startswith("unknown_"):
        if ctx.get("suggestion"):
            return _("did you mean `{suggestion}`?").format(suggestion=ctx["suggestion"])
        return _("allowed: {values}").format(values=", ".join(map(str, ctx.get("allowed", []))))
    if kind == "enum":
        allowed = [
            v.strip(" '") for v in str(ctx.get("expected", "")).replace(" or ", ",").split(",")
        ]
        suggestion = closest(str(details.get("input")), [a for a in allowed if a])
        if suggestion:
            return _("did you mean `{suggestion}`?").format(suggestion=suggestion)
        return _("allowed: {values}").format(values=ctx.get("expected"))
    if kind == "source_placeholder":
        return _("write the address (https://…) of a public page that states this record's facts")
    if kind in {"int_parsing", "float_parsing"} and isinstance(details.get("input"), str):
        return _("write the number without spaces, quotes or units")
    return None


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names allowed at `loc`, following nested models (list and dict steps skipped)."""
    current = model
    for step in loc:
        if isinstance(step, str) and step in current.model_fields:
            nested = next(models_in(current.model_fields[step].annotation), None)
            if nested is None:
                return []
            current = nested
    return list(current.model_fields)
