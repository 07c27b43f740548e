"""Write the parts of docs/ that are generated from the code: the table of diagnostic codes.

    python scripts/build_docs.py            # rewrite them
    python scripts/build_docs.py --check    # exit 1 if one is stale (tests/test_docs.py runs it)

The table in docs/validation.md, between its `codes:start` and `codes:end` markers, lists every
code of the catalogue (`manufactures.validation.codes.CODES`) in its order, with its description.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from manufactures.validation.codes import CODES

VALIDATION_DOC = Path(__file__).resolve().parents[1] / "docs" / "validation.md"
_BLOCK = re.compile(r"(<!-- codes:start -->\n).*?(<!-- codes:end -->)", re.DOTALL)


def codes_table() -> str:
    """The Markdown table of every diagnostic code, in the catalogue's order."""
    rows = [f"| `{code}` | {_cell(description)} |" for code, description in CODES.items()]
    return "\n".join(["| code | what it means |", "|---|---|", *rows]) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def with_codes_table(text: str) -> str:
    """`text` with the block between the markers replaced by the current table."""
    if not _BLOCK.search(text):
        raise ValueError(f"no `<!-- codes:start -->` … `<!-- codes:end -->` block in {text[:40]!r}")
    return _BLOCK.sub(lambda m: m.group(1) + codes_table() + m.group(2), text)


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
