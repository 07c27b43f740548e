"""One meaning for every file: values other YAML readers would read as another type.

manuf reads every scalar as text and lets the models decide (see `yaml.reader`); editors,
PyYAML, pandas and JSON Schema tools let YAML decide. A file must mean the same to all, so a text
that YAML would take for a number, a boolean, a null or a date is quoted (`name: "104"`), and a
number is written plain, in a spelling every reader reads as that number (`wave: 2`, not
`wave: "2"`; `250000`, not `250_000`). `manuf fmt` writes every value so.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from manufactures.i18n import N_, _
from manufactures.validation.checks import Finding
from manufactures.yaml.plain import plain_number
from manufactures.yaml.reader import Ambiguous

__all__ = ["CODE", "ambiguity_findings"]

CODE = "yaml-type-differs"
# What YAML 1.1 readers take a plain text for (`yaml.plain.typed_as`), and the kinds of number.
_TYPES = {
    "null": N_("null"),
    "number": N_("number"),
    "boolean": N_("boolean"),
    "date": N_("date"),
    "special": N_("special value"),
}
_KIND_NAMES = {"integer": N_("a whole number"), "number": N_("a number")}


def ambiguity_findings(
    ambiguous: Iterable[Ambiguous], invalid: Collection[tuple[str | int, ...]] = ()
) -> list[Finding]:
    """A finding for each ambiguous scalar, except where the field is already reported invalid."""
    return [_finding(item) for item in ambiguous if item.path not in invalid]


def _finding(item: Ambiguous) -> Finding:
    key = item.path[-1] if item.path else "value"
    if item.kind == "text":
        typed = str(item.typed_as)
        message = _(
            "`{text}` is a text here, but other YAML readers (editors, PyYAML, pandas, JSON "
            "Schema tools) read it unquoted as a {type}"
        ).format(text=item.text, type=_(_TYPES[typed]) if typed in _TYPES else typed)
        hint = _('quote it: `{key}: "{text}"`; `manuf fmt` writes it so').format(
            key=key, text=item.text
        )
        return Finding(CODE, item.path, message, hint)
    expected = _(_KIND_NAMES[item.kind]) if item.kind in _KIND_NAMES else item.kind
    if item.quoted:
        message = _(
            '`"{text}"` is quoted: other YAML readers (editors, PyYAML, pandas, JSON Schema '
            "tools) read a text where {expected} is expected"
        ).format(text=item.text, expected=expected)
        return Finding(CODE, item.path, message, _("remove the quotes; `manuf fmt` writes it so"))
    message = _(
        "`{text}` is read as a number by manuf, but as a text or another number by some of "
        "other YAML readers (editors, PyYAML, pandas, JSON Schema tools)"
    ).format(text=item.text)
    hint = _("write `{number}`; `manuf fmt` writes it so").format(number=_spelled(item))
    return Finding(CODE, item.path, message, hint)


def _spelled(item: Ambiguous) -> str:
    try:
        number = float(item.text.replace("_", ""))
    except ValueError:
        return _("the number in digits")
    return plain_number(int(number) if item.kind == "integer" else number)
