"""One meaning for every file: values other YAML readers would read as another type.

manuf reads every scalar as text and lets the models decide (see `yaml.reader`); editors,
PyYAML, pandas and JSON Schema tools let YAML decide. A file must mean the same to all, so a text
that YAML would take for a number, a boolean, a null or a date is quoted (`name: "104"`), and a
number is written plain, in a spelling every reader reads as that number (`wave: 2`, not
`wave: "2"`; `250000`, not `250_000`). `manuf fmt` writes every value so.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from manufactures.validation.checks import Finding
from manufactures.yaml.plain import plain_number
from manufactures.yaml.reader import Ambiguous

__all__ = ["CODE", "ambiguity_findings"]

CODE = "yaml-type-differs"
_READERS = "other YAML readers (editors, PyYAML, pandas, JSON Schema tools)"
_FIX = "`manuf fmt` writes it so"
_KIND_NAMES = {"integer": "a whole number", "number": "a number"}


def ambiguity_findings(
    ambiguous: Iterable[Ambiguous], invalid: Collection[tuple[str | int, ...]] = ()
) -> list[Finding]:
    """A finding for each ambiguous scalar, except where the field is already reported invalid."""
    return [_finding(item) for item in ambiguous if item.path not in invalid]


def _finding(item: Ambiguous) -> Finding:
    key = item.path[-1] if item.path else "value"
    if item.kind == "text":
        message = (
            f"`{item.text}` is a text here, but {_READERS} read it unquoted as a {item.typed_as}"
        )
        hint = f'quote it: `{key}: "{item.text}"`; {_FIX}'
        return Finding(CODE, item.path, message, hint)
    expected = _KIND_NAMES.get(item.kind, item.kind)
    if item.quoted:
        message = f'`"{item.text}"` is quoted: {_READERS} read a text where {expected} is expected'
        return Finding(CODE, item.path, message, f"remove the quotes; {_FIX}")
    message = (
        f"`{item.text}` is read as a number by manuf, but as a text or another number by some of "
        f"{_READERS}"
    )
    return Finding(CODE, item.path, message, f"write `{_spelled(item)}`; {_FIX}")


def _spelled(item: Ambiguous) -> str:
    try:
        number = float(item.text.replace("_", ""))
    except ValueError:
        return "the number in digits"
    return plain_number(int(number) if item.kind == "integer" else number)
