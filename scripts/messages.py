"""The messages manuf says to a person, found in its sources, and the French catalogue kept in
step with them.

A message is the string literal in `_("…")` or `N_("…")`, the two literals of
`ngettext("…", "…", n)` (see `manufactures.i18n`), or the docstring of a command's module (its
help). tests/test_i18n.py asserts that each has a French translation and that the catalogue
holds nothing else; this script adds the new messages to the `.po` (untranslated, to be filled
in) and drops those no longer used, keeping every translation:

    python scripts/messages.py && python scripts/msgfmt.py
"""

from __future__ import annotations

import ast
import string
import sys
from pathlib import Path

from msgfmt import parse

SOURCES = Path(__file__).resolve().parents[1] / "src" / "manufactures"
CATALOGUE = SOURCES / "locale" / "fr" / "LC_MESSAGES" / "manufactures.po"
HEADER = (
    "Content-Type: text/plain; charset=UTF-8\n"
    "Language: fr\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\n"
)


def extracted() -> dict[str, str]:
    """Every message (a plural one as `singular\\0plural`) → where it is first written."""
    found: dict[str, str] = {}
    for path in sorted(SOURCES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(SOURCES.parent))
        if path.parent.name == "commands" and path.name != "__init__.py":
            found.setdefault(ast.get_docstring(tree, clean=False) or "", f"{where}:1")
            for prose in _examples_prose(tree):
                found.setdefault(prose, f"{where}:EXAMPLES")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
                strings = [t for t in texts if isinstance(t, str)]
                if node.func.id in ("_", "N_") and len(strings) == 1:
                    found.setdefault(strings[0], f"{where}:{node.lineno}")
                elif node.func.id == "ngettext" and len(strings) == 2:
                    found.setdefault("\0".join(strings), f"{where}:{node.lineno}")
    return found


def placeholders(text: str) -> set[str]:
    """The named placeholders of `text` (`{code}`), which a translation must keep."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _examples_prose(tree: ast.Module) -> list[str]:
    """The paragraphs of a command's `EXAMPLES` that are not command lines (the rule of
    `manufactures.cli.app.is_command_line`)."""
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and [getattr(t, "id", None) for t in node.targets] == ["EXAMPLES"]
            and isinstance(node.value, ast.Constant)
        ):
            paragraphs = str(node.value.value).split("\n\n")
            return [p for p in paragraphs if not p.lstrip().startswith(("manuf ", "$"))]
    return []


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    parts = [f'"{line}\\n"' for line in lines[:-1]] + ([f'"{lines[-1]}"'] if lines[-1] else [])
    return '""\n' + "\n".join(parts)


def written(messages: dict[str, str], translations: dict[str, str]) -> str:
    """The `.po` of `messages`, with their `translations` (empty where there is none)."""
    blocks = [f'msgid ""\nmsgstr {_quoted(HEADER)}\n']
    for message, where in messages.items():
        text = translations.get(message, "")
        if "\0" in message:
            singular, plural = message.split("\0")
            forms = [*text.split("\0"), "", ""][:2]
            blocks.append(
                f"#: {where}\nmsgid {_quoted(singular)}\nmsgid_plural {_quoted(plural)}\n"
                f"msgstr[0] {_quoted(forms[0])}\nmsgstr[1] {_quoted(forms[1])}\n"
            )
        else:
            blocks.append(f"#: {where}\nmsgid {_quoted(message)}\nmsgstr {_quoted(text)}\n")
    return "\n".join(blocks)


def main() -> int:
    translations = parse(CATALOGUE.read_text(encoding="utf-8")) if CATALOGUE.exists() else {}
    messages = extracted()
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    CATALOGUE.write_text(written(messages, translations), encoding="utf-8")
    missing = [m for m in messages if not translations.get(m)]
    print(f"{len(messages)} messages, {len(missing)} without a translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
