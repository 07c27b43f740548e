"""Write the parts of docs/ that are generated from the code: the tables of diagnostic codes.

    python scripts/build_docs.py            # rewrite them
    python scripts/build_docs.py --check    # exit 1 if one is stale (tests/test_docs.py runs it)

The table in docs/validation.md, between its `codes:start` and `codes:end` markers, lists every
code of the catalogue (`manufactures.validation.codes.CODES`) in its order, with its description;
the one between `only-manuf:start` and `only-manuf:end` what only manuf checks, by kind, with
the codes each gives (`ONLY_MANUF`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from manufactures.validation.codes import CODES, ONLY_MANUF

VALIDATION_DOC = Path(__file__).resolve().parents[1] / "docs" / "validation.md"


def codes_table() -> str:
    """The Markdown table of every diagnostic code, in the catalogue's order."""
    rows = [f"| `{code}` | {_cell(description)} |" for code, description in CODES.items()]
    return "\n".join(["| code | what it means |", "|---|---|", *rows]) + "\n"


def only_manuf_table() -> str:
    """The Markdown table of what the JSON Schema cannot check, by kind, with the codes."""
    rows = [
        f"| {kind} | {_cell(description)} | {', '.join(f'`{c}`' for c in sorted(codes))} |"
        for kind, (description, codes) in ONLY_MANUF.items()
    ]
    return "\n".join(["| kind | what | codes |", "|---|---|---|", *rows]) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


_TABLES = {"codes": codes_table, "only-manuf": only_manuf_table}


def with_codes_table(text: str) -> str:
    """`text` with the block between each pair of markers replaced by its current table."""
    for name, table in _TABLES.items():
        block = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        if not block.search(text):
            raise ValueError(f"no `<!-- {name}:start -->` … `<!-- {name}:end -->` block")
        text = block.sub(lambda m, table=table: m.group(1) + table() + m.group(2), text)
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the generated parts, or with `--check` say whether they are current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    text = VALIDATION_DOC.read_text(encoding="utf-8")
    current = with_codes_table(text)
    if args.check:
        if current != text:
            print(f"{VALIDATION_DOC} is stale: run python scripts/build_docs.py", file=sys.stderr)
            return 1
        return 0
    VALIDATION_DOC.write_text(current, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
