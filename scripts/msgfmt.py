"""Compile the gettext catalogues: each `locale/<lang>/LC_MESSAGES/*.po` of the package into
its `.mo`, beside it.

Written here in a few lines of the standard library rather than taken from GNU gettext or
Babel, so that the `.mo` is a pure function of the `.po` (entries sorted, no hash table, no
date): the same bytes on every machine, and tests/test_i18n.py fails when a committed `.mo` is
stale. Fuzzy entries and entries without a translation are left out, as msgfmt does.

    python scripts/msgfmt.py          # compile every catalogue
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[1] / "src" / "manufactures" / "locale"


def parse(text: str) -> dict[str, str]:
    """The translations of a `.po`: msgid (with `\\0` and the plural after it) → msgstr (the
    plural forms joined by `\\0`), the header under the empty msgid."""
    entries: dict[str, str] = {}
    fields: dict[str, str] = {}
    current = ""
    fuzzy = False

    def close() -> None:
        nonlocal fuzzy
        if "msgid" in fields and not fuzzy:
            key = fields["msgid"]
            if "msgid_plural" in fields:
                key += "\0" + fields["msgid_plural"]
                forms = sorted(k for k in fields if k.startswith("msgstr["))
                value = "\0".join(fields[k] for k in forms)
            else:
                value = fields.get("msgstr", "")
            if value.strip("\0"):
                entries[key] = value
        fields.clear()
        fuzzy = False

    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            close()
            fuzzy = True
        elif not line or line.startswith("#"):
            if not line:
                close()
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            keyword, _, literal = line.partition(" ")
            if keyword == "msgid" and "msgid" in fields:
                close()
            current = keyword
            fields[current] = ast.literal_eval(literal)
    return entries


def compiled(entries: dict[str, str]) -> bytes:
    """The `.mo` of `entries` (GNU format, little-endian, no hash table)."""
    keys = sorted(entries)
    ids = [key.encode("utf-8") for key in keys]
    strs = [entries[key].encode("utf-8") for key in keys]
    start = 7 * 4 + 16 * len(keys)  # header, then the two tables of (length, offset)
    id_table, str_table, blob = [], [], b""
    for text in ids:
        id_table.append((len(text), start + len(blob)))
        blob += text + b"\0"
    for text in strs:
        str_table.append((len(text), start + len(blob)))
        blob += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    tables = b"".join(struct.pack("<2I", *pair) for pair in [*id_table, *str_table])
    return header + tables + blob


def main() -> int:
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        po.with_suffix(".mo").write_bytes(compiled(parse(po.read_text(encoding="utf-8"))))
        print(f"compiled {po.relative_to(LOCALE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
