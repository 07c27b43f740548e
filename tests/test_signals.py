"""Ctrl-C or SIGTERM at any moment of a long `manuf validate`: the right exit code, no traceback,
no process left behind; and the library leaves the interpreter as it found it.

These tests run the real command line in a process of its own, on a registry of fictitious
records large enough (1 500) that the signal lands while files are read and checked.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO, copy_registry, load_script

RECORDS = 1500


@pytest.fixture(scope="module")
def large_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("signals") / "registry"
    generator = load_script("generate_demo")
    assert generator.main(["--count", str(RECORDS), "--seed", "5", "--out", str(folder)]) == 0
    yield folder


def _environment(tmp_path: Path) -> dict[str, str]:
    source = str(REPO / "src")
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "MANUF_CACHE_DIR": str(tmp_path / "cache")}


def _started(
    registry: Path, tmp_path: Path, command: tuple[str, ...] = ("validate",)
) -> subprocess.Popen[bytes]:
    """`manuf validate` (or `command`) on `registry`, as a shell starts it: in a process group of
    its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "manufactures", "--no-cache", "--data", str(registry), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(tmp_path),
        start_new_session=True,
    )


def _left_behind(registry: Path) -> list[str]:
    """Processes still running whose command line names `registry`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(registry) in command:
            found.append(f"{entry.name}: {command}")
    return found


def _interpreter_start_seconds() -> float:
    """How long Python takes to start, before any of manuf's code runs (its own default
    handling of Ctrl-C applies then: that moment is not manuf's to handle)."""
    times = []
    for _ in range(3):
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.monotonic() - started)
    return max(times)


def _full_run_seconds(
    registry: Path, tmp_path: Path, command: tuple[str, ...] = ("validate",)
) -> float:
    started = time.monotonic()
    process = _started(registry, tmp_path, command)
    process.communicate(timeout=120)
    assert process.returncode == 0
    return time.monotonic() - started


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="lists processes through /proc")
@pytest.mark.parametrize(
    ("sent", "expected"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"]
)
@pytest.mark.parametrize(
    "moment", [0.0, 0.3, 0.6, 0.9], ids=["while-importing", "at-30%", "at-60%", "at-90%"]
)
def test_an_interrupted_validate_exits_cleanly(
    large_registry: Path, tmp_path: Path, sent: signal.Signals, expected: int, moment: float
) -> None:
    length = _full_run_seconds(large_registry, tmp_path)
    # The first moment: once Python has started, while manuf's modules are being imported.
    delay = length * moment or _interpreter_start_seconds() + 0.02
    for _ in range(6):  # a busy machine may finish the run sooner than measured: aim earlier
        process = _started(large_registry, tmp_path)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, sent)  # as a terminal sends Ctrl-C: to the foreground group
        _, stderr = process.communicate(timeout=60)
        if process.returncode != 0:
            break  # the signal landed (a run that ended first, exit 0, is tried again earlier)
        delay *= 0.7
    text = stderr.decode("utf-8", "replace")
    # Ended by the signal itself, as Unix tools are: a shell shows `expected` (128 + its number).
    assert process.returncode == -sent and 128 + sent == expected, text
    assert "Traceback" not in text
    assert not _left_behind(large_registry)


@pytest.mark.parametrize(
    "command",
    [
        ("stats",),
        ("list", "--format", "csv"),
        ("export", "--format", "xlsx", "-o", "out.xlsx"),
        ("report", "-o", "out.html"),
        ("coverage",),
        ("fmt", "--check"),
    ],
    ids=" ".join,
)
def test_ctrl_c_ends_any_command_at_once(
    large_registry: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Ctrl-C halfway through: the shell's 130 (ended by SIGINT), no traceback, no half file."""
    command = tuple(str(tmp_path / part) if part.startswith("out.") else part for part in command)
    length = _full_run_seconds(large_registry, tmp_path, command)
    for output in tmp_path.glob("out.*"):
        output.unlink()
    # Halfway, and never while Python itself starts (its own handling applies then, before
    # manuf's code runs): long enough after the start for manuf's handler to be in place.
    delay = max(length * 0.5, 2 * _interpreter_start_seconds() + 0.1)
    process = _started(large_registry, tmp_path, command)
    time.sleep(delay)
    if process.poll() is not None:
        pytest.skip(f"the command ended before the signal ({length:.2f} s measured)")
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    text = stderr.decode("utf-8", "replace")
    assert process.returncode == -signal.SIGINT, text
    assert "Traceback" not in text
    assert text.strip().splitlines() == ["manuf: interrupted"]  # one line (tests speak English)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # no temp file
    assert not _left_behind(large_registry)


SENDER = """
import os, signal, sys
from manufactures.__main__ import main

fsync = os.fsync
chosen = getattr(signal, sys.argv.pop(1))

def signalled_fsync(descriptor):
    os.kill(os.getpid(), chosen)  # lands mid-write
    fsync(descriptor)

os.fsync = signalled_fsync
sys.argv = ["manuf", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_during_a_write_waits_for_the_rename(tmp_path: Path, sent: signal.Signals) -> None:
    """Ctrl-C as `manuf set` writes: the record is replaced whole, then the process ends; no
    temporary file is left behind."""
    root = copy_registry(tmp_path / "registry", records=("polinno",))
    record = root / "laureates" / "polinno.yaml"
    before = record.read_text(encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SENDER,
            sent.name,
            "--data",
            str(root),
            "set",
            "polinno",
            "wave",
            "2",
        ],
        capture_output=True,
        text=True,
        env=_environment(tmp_path),
        timeout=60,
        check=False,
    )
    assert done.returncode == -sent, done.stderr
    assert "Traceback" not in done.stderr
    assert record.read_text(encoding="utf-8") == before.replace("wave: 1\n", "wave: 2\n")
    assert sorted(path.name for path in record.parent.iterdir()) == ["polinno.yaml"]


def test_loading_a_registry_leaves_the_interpreter_as_it_was(tmp_path: Path) -> None:
    """A notebook that loads a registry keeps its garbage collector as it was."""
    probe = f"""
import gc
thresholds = gc.get_threshold()
import manufactures as m
registry, report = m.load_registry(m.find_registry())
m.compute_stats(registry.laureates, registry.programme, registry.vocabulary)
assert gc.isenabled(), "the collector was disabled"
assert gc.get_freeze_count() == 0, f"{{gc.get_freeze_count()}} objects frozen"
assert gc.get_threshold() == thresholds, gc.get_threshold()
assert len(registry.laureates) == {len(list((DATA / "laureates").glob("*.yaml")))}
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**_environment(tmp_path), "MANUF_DATA": str(DATA)},
        check=False,
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_no_process_machinery_in_the_library() -> None:
    """No worker pool, no second parser, no collector tricks: only the command line's entry
    point may tune the collector."""
    package = REPO / "src" / "manufactures"
    banned = ("multiprocessing", "concurrent.futures", "rapidyaml", "gc.freeze", "gc.disable")
    found = [
        f"{path.relative_to(package)}: {word}"
        for path in package.rglob("*.py")
        if path != package / "__main__.py"
        for word in banned
        if word in path.read_text(encoding="utf-8")
    ]
    assert not found
    assert "rapidyaml" not in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "os._exit" not in (package / "__main__.py").read_text(encoding="utf-8")
