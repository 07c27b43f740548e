"""The language manuf speaks to a person: French by default, English with `--lang en` or
`MANUF_LANG=en`.

French by default because the programme, its data and its users are French. The locale (`LANG`,
`LC_ALL`) is deliberately not followed: many of the programme's people work on English-locale
machines, and CI containers set `C.UTF-8` or `en_US.UTF-8`, so the language of a CI log would
depend on the image rather than on a choice; `--lang` and `MANUF_LANG` are explicit.

Only human text changes: codes, JSON keys, field paths and the JSON/SARIF structures are the same
in both languages. The messages are written in English in the sources (gettext's usual way, so
that English is the identity and a missing translation still reads) and translated by the French
catalogue `locale/fr/LC_MESSAGES/manufactures.mo`, compiled from its `.po` by
`scripts/msgfmt.py`. Placeholders are named (`{code}`) so that a translation can reorder them.

Two markers, both found by the catalogue's completeness test (tests/test_i18n.py):
`_()` translates now, for text made while a command runs (messages, hints, prompts); `N_()` only
marks text declared when a module is imported (options' help, metavars), which the command line
translates when it builds its commands for one invocation (`cli.translated`), after reading
`--lang`: so one process can answer in either language, as the tests do.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["DEFAULT", "ENV", "LANGUAGES", "N_", "_", "chosen", "language", "ngettext", "use"]

LANGUAGES = ("fr", "en")
DEFAULT = "fr"
ENV = "MANUF_LANG"
DOMAIN = "manufactures"
LOCALE = Path(__file__).parent / "locale"

_current: list[str] = []  # the language `use` chose; empty: $MANUF_LANG's, read when first needed


def use(language: str) -> None:
    """Speak `language` (one of `LANGUAGES`) from now on."""
    _current[:] = [language]


def language() -> str:
    """The language spoken: the one `use` chose, else `$MANUF_LANG`'s, else French."""
    return _current[0] if _current else chosen((), os.environ)


def chosen(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language a command line asks for: its `--lang`, else `$MANUF_LANG`, else French. An
    unknown value counts as none here; the command line then refuses it, in French."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        if value is not None and value.lower() in LANGUAGES:
            return value.lower()
    value = environ.get(ENV, "").strip().lower()
    return value if value in LANGUAGES else DEFAULT


@functools.cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()  # the msgids are English
    # No fallback: a missing catalogue is a packaging bug, to be seen at once.
    return gettext.translation(DOMAIN, localedir=LOCALE, languages=[language])


def _(message: str) -> str:
    """`message` in the language spoken."""
    return _translations(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """`singular` or `plural` as `count` asks, in the language spoken."""
    return _translations(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """`message` unchanged: marks it for the catalogue, to be translated where it is shown."""
    return message
