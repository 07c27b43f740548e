"""Write the parts of docs/ that are generated from the code: tables of codes and of columns.

    python scripts/build_docs.py            # rewrite them
    python scripts/build_docs.py --check    # exit 1 if one is stale (tests/test_docs.py runs it)

The table in docs/validation.md, between its `codes:start` and `codes:end` markers, lists every
code of the catalogue (`manufactures.validation.codes.CODES`) in its order, with its description;
the one between `only-manuf:start` and `only-manuf:end` what only manuf checks, by kind, with
the codes each gives (`ONLY_MANUF`). docs/data-out.md, between `tables:start` and `tables:end`,
lists the columns of every table `manuf export` writes (`manufactures.present.tables`), with the
vocabularies of `data/`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from manufactures.present.tables import TABLES
from manufactures.registry import load_vocabulary
from manufactures.validation.codes import CODES, ONLY_MANUF

REPO = Path(__file__).resolve().parents[1]
VALIDATION_DOC = REPO / "docs" / "validation.md"
DATA_OUT_DOC = REPO / "docs" / "data-out.md"


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


def columns_tables() -> str:
    """Each exported table: its file, title, keys, and its columns (type, title, description)."""
    parts: list[str] = []
    for spec in TABLES(load_vocabulary(REPO / "data")):
        keys = f"primary key {', '.join(f'`{k}`' for k in spec.primary_key)}"
        if spec.foreign_key:
            keys += f"; `{spec.foreign_key}` refers to `laureats.id`"
        parts += [
            f"### `{spec.name}` — {spec.title}",
            "",
            f"{_cell(spec.description)} ({keys}.)",
            "",
            "| column | type | title | description |",
            "|---|---|---|---|",
            *(
                f"| `{c.name}` | {c.type} | {_cell(c.title)} | {_cell(c.description)} |"
                for c in spec.columns
            ),
            "",
        ]
    return "\n".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_BLOCKS = {
    VALIDATION_DOC: {"codes": codes_table, "only-manuf": only_manuf_table},
    DATA_OUT_DOC: {"tables": columns_tables},
}


def with_codes_table(text: str, document: Path = VALIDATION_DOC) -> str:
    """`text` (of `document`) with the block between each pair of markers replaced by its
    current table."""
    for name, table in _BLOCKS[document].items():
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
    stale = False
    for document in _BLOCKS:
        text = document.read_text(encoding="utf-8")
        current = with_codes_table(text, document)
        if current == text:
            continue
        stale = True
        if args.check:
            print(f"{document} is stale: run python scripts/build_docs.py", file=sys.stderr)
        else:
            document.write_text(current, encoding="utf-8")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
