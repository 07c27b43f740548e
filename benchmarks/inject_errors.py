"""Copy a registry and break 1 % of its records, always the same ones in the same ways.

    python benchmarks/inject_errors.py /tmp/bench/valid-10000 /tmp/bench/errors-10000

Every `--every`-th record file (in name order, starting with the first) gets one mistake, taken
in turn from `MISTAKES`: a YAML syntax error, an unknown key, a value of the wrong type, an
unknown territory, a date that does not exist, an id that differs from the file name. Both kinds
of failure are covered: files that do not parse, and files whose fields a model refuses (which
`manuf` locates by reading the file again). The other files are copied unchanged.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


def _syntax_error(text: str) -> str:
    return text + "activities: [never closed\n"


def _unknown_key(text: str) -> str:
    return text.replace("\nsectors:", "\nsector:", 1)


def _wrong_type(text: str) -> str:
    return re.sub(r"(?m)^wave: .*$", "wave: beaucoup", text, count=1)


def _unknown_territory(text: str) -> str:
    return re.sub(r"(?m)^territory: .*$", "territory: urbain", text, count=1)


def _impossible_date(text: str) -> str:
    return re.sub(r"(?m)^labelled_on: .*$", "labelled_on: 2022-02-30", text, count=1)


def _id_mismatch(text: str) -> str:
    return re.sub(r"(?m)^id: (.*)$", r"id: \1-bis", text, count=1)


MISTAKES: tuple[Callable[[str], str], ...] = (
    _syntax_error,
    _unknown_key,
    _wrong_type,
    _unknown_territory,
    _impossible_date,
    _id_mismatch,
)


def inject(source: Path, target: Path, *, every: int = 100) -> list[Path]:
    """Copy the registry `source` to `target` and break every `every`-th record; return those."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    records = sorted((target / "laureates").glob("*.yaml"))
    broken = records[::every]
    for number, path in enumerate(broken):
        text = path.read_text(encoding="utf-8")
        changed = MISTAKES[number % len(MISTAKES)](text)
        if changed == text:
            raise SystemExit(f"{path}: {MISTAKES[number % len(MISTAKES)].__name__} changed nothing")
        path.write_text(changed, encoding="utf-8")
    return broken


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, copy and break; say how many files were broken on stderr."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a valid registry folder")
    parser.add_argument("target", type=Path, help="where to write the copy (replaced)")
    parser.add_argument("--every", type=int, default=100, help="break one record in EVERY")
    args = parser.parse_args(argv)
    broken = inject(args.source, args.target, every=args.every)
    print(f"broke {len(broken)} of the records copied to {args.target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
