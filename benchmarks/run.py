"""Time `manuf` beside check-jsonschema on generated registries; write benchmarks/RESULTS.md.

    python benchmarks/run.py                                    # N = 100, 1 000, 10 000
    python benchmarks/run.py --sizes 100 --repeat 1 --out /tmp/RESULTS.md   # CI's smoke check

Run it with the Python of the environment where `manufactures` is installed: the `manuf` next
to that interpreter is the one measured. For each N, `scripts/generate_demo.py` writes N
fictitious valid records (its programme file scaled to N, so that the registry-wide checks
against the announced figures pass), `benchmarks/inject_errors.py` a copy with 1 % of the
records broken. Each case runs `--repeat` times, the cases interleaved so that a busy moment of
the machine spreads over all of them, and with `--quiet` each run first waits until other
processes leave the CPUs idle; the report gives medians. Peak memory is the largest resident set
of the process (`wait4`). The *import floor* is `python -c "import typer, pydantic,
rich.console"`, the libraries every command stands on, timed between the commands in the same
run: the demo commands are judged as multiples of it, which holds however fast the machine is
at the moment.

The only cache is the result cache of `manuf stats`: a *cold* run starts from an empty cache
folder (and writes it), a *warm* run finds the cache of an identical earlier run (nothing
changed). `validate` is timed cold, and also warm and with `--no-cache`: equal times say that
no cache of parsed records is at work (one would show as a faster warm run). The registries are
read from the operating system's page cache in every case.

The import floor stands for the libraries as `import` leaves them, and `import pydantic` defers
nearly all of pydantic; the *pydantic in use* row adds what any validating command needs of it
(its models, a type adapter as Typer builds one per option), to show how much of a command's
time is that.

check-jsonschema (with ruamel.yaml.clib, its fastest YAML reader) is pip-installed into a venv
in the work folder and validates the same record files against `manuf schema`'s JSON Schema.
The script also checks that `manuf` answers the same with and without its cache (`stats`
three ways, `validate`), and exits 1 if not, or if a command fails.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inject_errors import inject  # this folder is on the path when run as a script

import manufactures
from manufactures.cache import RACY_NS

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo"
# The `manuf` of this interpreter's environment (next to it in a venv, else on the PATH).
MANUF = Path(shutil.which("manuf", path=Path(sys.executable).parent) or shutil.which("manuf") or "")
SEED = 7
DEFAULT_SIZES = (100, 1000, 10_000)
DEFAULT_WORK = Path(tempfile.gettempdir()) / "manuf-benchmarks"
CHECK_JSONSCHEMA_PACKAGES = ("check-jsonschema", "ruamel.yaml.clib")

# What each command runs at N = 100, by name as `manuf --help` lists it. `{registry}` is the
# demo registry, `{scratch}` a fresh copy of it for commands that write, `{record}` its first id.
COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validate", "{registry}"),
    "list": ("--data", "{registry}", "list", "--format", "json"),
    "show": ("--data", "{registry}", "show", "{record}", "--format", "json"),
    "stats": ("--data", "{registry}", "stats", "--format", "json"),
    "funding": ("--data", "{registry}", "funding", "--format", "json"),
    "progress": ("--data", "{registry}", "progress", "--as-of", "2024-06-30", "--format", "json"),
    "export": ("--data", "{registry}", "export", "--format", "json"),
    "coverage": ("--data", "{registry}", "coverage", "--format", "json"),
    "report": ("--data", "{registry}", "report", "--as-of", "2024-06-30"),
    "schema": ("--data", "{registry}", "schema"),
    "fmt": ("fmt", "--check", "{registry}"),
    "new": ("--data", "{scratch}", "new", "bench-record", "--name", "Banc d'essai"),
    "set": ("--data", "{scratch}", "set", "{record}", "website", "https://example.org/banc"),
}
WRITING_COMMANDS = frozenset({"new", "set"})
SHOWN = {"{registry}": "examples/demo", "{scratch}": "COPY", "{record}": "ID"}
ACCEPTED_CODES: dict[str, frozenset[int]] = {"fmt": frozenset({0, 1})}

# The targets (2-core machine, medians of one run).
STATS_WARM_10K = 0.3
RATIO_TO_CHECK_JSONSCHEMA = 0.20
RATIO_TO_FLOOR = 1.5
HELP_SECONDS = 0.15
FLOOR = "import floor"
FLOOR_CODE = "import typer, pydantic, rich.console"
PYDANTIC_IN_USE = "pydantic in use"
PYDANTIC_IN_USE_CODE = (
    f"{FLOOR_CODE}; from pydantic import BaseModel, StringConstraints, TypeAdapter; "
    "TypeAdapter(int)"
)
# `--quiet`: how idle the machine must be before a run, measured how, and for how long to wait.
IDLE_BUSY = 0.1
IDLE_SAMPLE = 0.3
IDLE_PATIENCE = 30


@dataclass(frozen=True, slots=True)
class Run:
    """One timed process: wall-clock seconds, peak resident memory, exit code."""

    seconds: float
    peak_kb: int
    code: int


@dataclass(frozen=True, slots=True)
class Case:
    """A command line to time, with how its cache starts and the exit codes that are right."""

    key: str
    argv: tuple[str, ...]
    cache: str  # "cold", "warm", "none" (no cache involved)
    codes: frozenset[int] = frozenset({0})
    scratch: bool = False


@dataclass(slots=True)
class Timings:
    """Every run of every case."""

    runs: dict[str, list[Run]] = field(default_factory=dict)

    def median(self, key: str) -> float:
        """The median wall-clock time of a case, in seconds."""
        return statistics.median(run.seconds for run in self.runs[key])

    def peak_mb(self, key: str) -> float:
        """The largest peak resident memory of a case's runs, in MB."""
        return max(run.peak_kb for run in self.runs[key]) / 1024


# Runs one command and prints its wall-clock time, peak memory and exit code. A child's peak
# resident memory counts the memory of the process it was started from (Linux carries it over
# at exec), so commands are started from this small process rather than from the benchmark.
SPAWNER = """
import os, sys, time
start = time.perf_counter()
to_null = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=to_null)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def timed(argv: Sequence[str], *, env: dict[str, str], codes: frozenset[int]) -> Run:
    """Run `argv` with its output discarded; time it and read its peak memory."""
    spawner = [sys.executable, "-S", "-c", SPAWNER, *argv]
    result = subprocess.run(spawner, capture_output=True, text=True, env=env, check=True)
    seconds, peak_kb, code = result.stdout.split()
    if int(code) not in codes:
        raise SystemExit(f"{' '.join(argv)} exited {code}:\n{result.stderr[-2000:]}")
    return Run(float(seconds), int(peak_kb), int(code))


def output_of(argv: Sequence[str], *, env: dict[str, str]) -> tuple[int, str]:
    """The exit code of `argv` and a digest of its standard output (read as it comes)."""
    digest = hashlib.sha256()
    with subprocess.Popen(argv, stdout=subprocess.PIPE, env=env) as process:
        assert process.stdout is not None
        while block := process.stdout.read(1 << 16):
            digest.update(block)
    return process.returncode, digest.hexdigest()


class Bench:
    """The work folder, the environment of every run, and the timings collected."""

    def __init__(self, work: Path, repeat: int) -> None:
        self.work = work
        self.repeat = repeat
        self.timings = Timings()
        self.notes: list[str] = []
        self.cache_root = work / "caches"
        # As installed: modules compiled once to bytecode, which is then reused.
        skipped = ("MANUF_", "GITHUB_", "PYTHONDONTWRITEBYTECODE")
        base = {k: v for k, v in os.environ.items() if not k.startswith(skipped)}
        self.env = {**base, "NO_COLOR": "1"}

    def env_for(self, case: Case) -> dict[str, str]:
        """The environment of a case: its own cache folder, so cases never share one."""
        folder = self.cache_root / re.sub(r"[^\w.-]+", "_", case.key)
        return {**self.env, "MANUF_CACHE_DIR": str(folder)}

    def prepare(self, case: Case) -> None:
        """Empty a cold case's cache; give a warm case its cache by running it once."""
        env = self.env_for(case)
        if case.scratch:
            _fresh_scratch(self.work)
        if case.cache == "cold":
            shutil.rmtree(env["MANUF_CACHE_DIR"], ignore_errors=True)
        elif case.cache == "warm" and case.key not in self.timings.runs:
            timed(case.argv, env=env, codes=case.codes)
            if case.scratch:
                _fresh_scratch(self.work)

    def measure(self, cases: Sequence[Case], *, quiet: bool) -> None:
        """Run every case `repeat` times, interleaved; with `quiet`, each run waits (a while)
        until no other process keeps the CPUs busy."""
        busy = 0
        for _ in range(self.repeat):
            for case in cases:
                self.prepare(case)
                if quiet and not wait_for_idle_cpus():
                    busy += 1
                run = timed(case.argv, env=self.env_for(case), codes=case.codes)
                self.timings.runs.setdefault(case.key, []).append(run)
        runs = self.repeat * len(cases)
        if quiet:
            self.notes.append(
                f"`--quiet`: each run started once other processes used less than "
                f"{IDLE_BUSY:.0%} of the CPUs for {IDLE_SAMPLE} s; {busy} of {runs} runs "
                f"started anyway after waiting {IDLE_PATIENCE} s."
            )


def _fresh_scratch(work: Path) -> Path:
    """A copy of the demo registry that writing commands may change (times and sizes kept)."""
    scratch = work / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(DEMO, scratch)
    return scratch


# --- registries -------------------------------------------------------------------------------


def generate(work: Path, count: int) -> tuple[Path, Path]:
    """A valid registry of `count` fictitious records and its copy with 1 % of them broken."""
    valid, broken = work / f"valid-{count}", work / f"errors-{count}"
    generator = REPO / "scripts" / "generate_demo.py"
    command = [sys.executable, str(generator), "--count", str(count), "--seed", str(SEED)]
    shutil.rmtree(valid, ignore_errors=True)
    subprocess.run([*command, "--out", str(valid)], check=True, stderr=subprocess.DEVNULL)
    _scale_programme(valid / "programme.yaml", count)
    inject(valid, broken)
    return valid, broken


def _scale_programme(path: Path, count: int) -> None:
    """Scale the announced figures to `count` laureates: the registry-wide checks compare the
    records with them, and a real programme of that size would announce that many."""
    factor = math.ceil(count / 100)
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"(?m)^(\s*announced(?:_total)?: )(\d+)$",
        lambda m: f"{m.group(1)}{int(m.group(2)) * factor}",
        text,
    )
    text = re.sub(
        r"(?m)^(\s*budget_eur: )(\d+)$", lambda m: f"{m.group(1)}{int(m.group(2)) * factor}", text
    )
    path.write_text(text, encoding="utf-8")


def check_jsonschema(work: Path) -> Path:
    """The check-jsonschema command of a venv in the work folder, installed if missing."""
    venv = work / "venv-check-jsonschema"
    command = venv / "bin" / "check-jsonschema"
    if not command.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, *CHECK_JSONSCHEMA_PACKAGES], check=True)
    return command


def _installed_version(work: Path, package: str) -> str:
    python = work / "venv-check-jsonschema" / "bin" / "python"
    code = f"import importlib.metadata as m; print(m.version({package!r}))"
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


# --- the cases --------------------------------------------------------------------------------


def scale_cases(
    count: int, valid: Path, broken: Path, checker: Path | None, schema: Path
) -> list[Case]:
    """What is timed at each N."""
    manuf = str(MANUF)
    stats = (manuf, "--data", str(valid), "stats", "--format", "json")
    validate = (manuf, "validate", str(valid))
    cases = [
        Case(f"validate · {count}", validate, "cold"),
        Case(f"validate · warm cache · {count}", validate, "warm"),
        Case(f"validate · --no-cache · {count}", (manuf, "--no-cache", *validate[1:]), "none"),
        Case(
            f"validate, 1 % errors · {count}",
            (manuf, "validate", str(broken)),
            "none",
            frozenset({1}),
        ),
        Case(f"stats · cold · {count}", stats, "cold"),
        Case(f"stats · warm · {count}", stats, "warm"),
        Case(f"list · {count}", (manuf, "--data", str(valid), "list", "--format", "json"), "none"),
    ]
    if checker is not None:
        files = sorted(str(p) for p in (valid / "laureates").glob("*.yaml"))
        argv = (str(checker), "--schemafile", str(schema), *files)
        cases.append(Case(f"check-jsonschema · {count}", argv, "none"))
    return cases


def listed_commands() -> list[str]:
    """The commands `manuf --help` lists, in its order (asked in English: the section's title is
    translated otherwise, « Commandes »). None found is an error, not an empty benchmark."""
    text = subprocess.run(
        [str(MANUF), "--lang", "en", "--help"], capture_output=True, text=True, check=True
    ).stdout
    section = text.split("Commands:", 1)[1] if "Commands:" in text else ""
    names = re.findall(r"(?m)^  (\w[\w-]*)\s", section)
    if not names:
        raise SystemExit("benchmarks/run.py: `manuf --help` lists no command: nothing to time")
    return names


def command_cases(work: Path) -> list[Case]:
    """Every command at N = 100 on the demo registry (plus --help and --version)."""
    record = sorted(DEMO.glob("laureates/*.yaml"))[0].stem
    values = {"registry": str(DEMO), "scratch": str(work / "scratch"), "record": record}
    cases = [
        Case(FLOOR, (sys.executable, "-c", FLOOR_CODE), "none"),
        Case(PYDANTIC_IN_USE, (sys.executable, "-c", PYDANTIC_IN_USE_CODE), "none"),
        Case("--help", (str(MANUF), "--help"), "none"),
        Case("--version", (str(MANUF), "--version"), "none"),
    ]
    for name in listed_commands():
        template = COMMANDS.get(name)
        if template is None:
            continue
        argv = (str(MANUF), *(part.format(**values) for part in template))
        codes = ACCEPTED_CODES.get(name, frozenset({0}))
        scratch = name in WRITING_COMMANDS
        for cache in ("cold", "warm") if name == "stats" else ("none",):
            cases.append(Case(f"{name} · {cache} · demo", argv, cache, codes, scratch))
    return cases


# --- same answers with and without the cache --------------------------------------------------


def check_cache_agrees(bench: Bench, valid: Path, label: str) -> list[str]:
    """Compare `--no-cache` with a cold and a warm cache; return the disagreements."""
    problems = []
    for argv in (
        ("--data", str(valid), "stats", "--format", "json"),
        ("--data", str(valid), "stats", "--by", "region", "--by", "wave"),
        ("--data", str(valid), "stats", "--format", "csv"),
        ("validate", "--format", "json", str(valid)),
    ):
        env = {**bench.env, "MANUF_CACHE_DIR": str(bench.work / "caches" / "agreement")}
        shutil.rmtree(env["MANUF_CACHE_DIR"], ignore_errors=True)
        reference = output_of((str(MANUF), "--no-cache", *argv), env=env)
        cold = output_of((str(MANUF), *argv), env=env)
        warm = output_of((str(MANUF), *argv), env=env)
        for name, answer in (("cold cache", cold), ("warm cache", warm)):
            if answer != reference:
                problems.append(f"{label}: `manuf {' '.join(argv)}` differs with a {name}")
    return problems


# --- the report -------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """What the numbers depend on."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"(?m)^model name\s*:\s*(.+)$", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    version = subprocess.run(
        [str(MANUF), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return {
        "CPU": cpu,
        "cores (nproc)": str(os.cpu_count()),
        "system": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "Python": platform.python_version(),
        "manuf": version,
    }


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def _shown(part: str) -> str:
    """A command-line word as the report shows it."""
    for placeholder, shown in SHOWN.items():
        part = part.replace(placeholder, shown)
    return f"'{part}'" if " " in part else part


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


class Report:
    """Builds RESULTS.md from the timings."""

    def __init__(self, bench: Bench, sizes: Sequence[int]) -> None:
        self.bench = bench
        self.timings = bench.timings
        self.sizes = sizes
        self.verdicts: list[tuple[str, str, bool]] = []

    def value(self, key: str) -> float | None:
        """A case's median, or None if it was not run."""
        return self.timings.median(key) if key in self.timings.runs else None

    def scale_table(self) -> list[str]:
        """Medians and peaks of every case at every N."""
        labels = dict.fromkeys(
            key.rsplit(" · ", 1)[0]
            for key in self.timings.runs
            if " · " in key and not key.endswith("· demo")
        )
        head = ["case", *(f"N = {n:,} (s)".replace(",", " ") for n in self.sizes)]
        head += [f"peak MB at {max(self.sizes):,}".replace(",", " ")]
        lines = [_row(head), _row(["---"] * len(head))]
        for label in labels:
            cells = [_seconds(self.value(f"{label} · {n}")) for n in self.sizes]
            largest = f"{label} · {max(self.sizes)}"
            peak = f"{self.timings.peak_mb(largest):.0f}" if largest in self.timings.runs else "—"
            lines.append(_row([label, *cells, peak]))
        return lines

    def ratio_lines(self) -> list[str]:
        """check-jsonschema / manuf, and growth from 1 000 to 10 000."""
        lines = []
        for n in self.sizes:
            checker, ours = (
                self.value(f"check-jsonschema · {n}"),
                self.value(f"validate · {n}"),
            )
            if checker and ours:
                lines.append(
                    f"- N = {n:,}: `manuf validate` takes {ours / checker:.3f} × "
                    f"check-jsonschema's time ({checker / ours:.1f} times faster)".replace(",", " ")
                )
        for n in self.sizes:
            cold, warm = self.value(f"validate · {n}"), self.value(f"validate · warm cache · {n}")
            bare = self.value(f"validate · --no-cache · {n}")
            if cold and warm and bare:
                size = f"{n:,}".replace(",", " ")
                lines.append(
                    f"- N = {size}: `manuf validate` with a warm cache folder takes "
                    f"{warm / bare:.2f} × its time with `--no-cache` (cold: {cold / bare:.2f} ×)"
                )
        if 1000 in self.sizes and 10_000 in self.sizes:
            for label in ("validate", "stats · cold", "list"):
                small, large = self.value(f"{label} · 1000"), self.value(f"{label} · 10000")
                if small and large:
                    lines.append(
                        f"- growth, `{label}`: 10 000 records take {large / small:.1f} × "
                        "the time of 1 000"
                    )
        return lines

    def command_table(self) -> list[str]:
        """Every command at N = 100 (the demo registry), and its multiple of the import floor."""
        floor = self.value(FLOOR)
        lines = [
            _row(["command", "median (s)", "× import floor", "peak MB"]),
            _row(["---", "---", "---", "---"]),
        ]
        for key in self.timings.runs:
            if key in (FLOOR, PYDANTIC_IN_USE, "--help", "--version"):
                code = {FLOOR: FLOOR_CODE, PYDANTIC_IN_USE: PYDANTIC_IN_USE_CODE}.get(key)
                shown = f"`python -c '{code}'`" if code else f"`manuf {key}`"
            elif key.endswith("· demo"):
                name, cache, _ = key.split(" · ")
                argv = " ".join(_shown(part) for part in COMMANDS[name])
                shown = f"`manuf {argv}`" + (f" ({cache} cache)" if cache != "none" else "")
            else:
                continue
            median = self.timings.median(key)
            times = f"{median / floor:.2f}" if floor else "—"
            lines.append(_row([shown, _seconds(median), times, self._peak(key)]))
        return lines

    def _peak(self, key: str) -> str:
        return f"{self.timings.peak_mb(key):.0f}" if key in self.timings.runs else "—"

    def judge(self) -> list[str]:
        """Each target the run can judge: measured value and whether it is met."""
        checks: list[tuple[str, float | None, float, str]] = []
        big = 10_000
        if big in self.sizes:
            checker, ours = self.value(f"check-jsonschema · {big}"), self.value(f"validate · {big}")
            ratio = ours / checker if checker and ours else None
            checks += [
                (
                    "10 000: `validate` ≤ 0.20 × check-jsonschema",
                    ratio,
                    RATIO_TO_CHECK_JSONSCHEMA,
                    "×",
                ),
                (
                    "10 000: `stats`, nothing changed, ≤ 0.3 s",
                    self.value(f"stats · warm · {big}"),
                    STATS_WARM_10K,
                    "s",
                ),
            ]
        floor = self.value(FLOOR)
        demo = {k: self.timings.median(k) for k in self.timings.runs if k.endswith("· demo")}
        if demo and floor:
            slowest = max(demo, key=demo.__getitem__)
            label = f"100 (demo): every command ≤ 1.5 × import floor ({floor:.3f} s)"
            name = slowest.removesuffix(" · demo").removesuffix(" · none")
            checks.append((label, demo[slowest] / floor, RATIO_TO_FLOOR, f"× (`{name}`)"))
        if "--help" in self.timings.runs:
            checks.append(("`manuf --help` ≤ 0.15 s", self.value("--help"), HELP_SECONDS, "s"))
        lines = [_row(["target", "measured", "met"]), _row(["---", "---", "---"])]
        for label, measured, limit, unit in checks:
            met = measured is not None and measured <= limit
            shown = "—" if measured is None else f"{measured:.3f} {unit}"
            self.verdicts.append((label, shown, met))
            lines.append(_row([label, shown, "yes" if met else "**no**"]))
        return lines

    def write(
        self, out: Path, *, command: str, info: dict[str, str], loads: tuple[str, str]
    ) -> None:
        """Write the whole report to `out`."""
        lines = [
            "# Benchmarks",
            "",
            f"Written by `benchmarks/run.py` on {time.strftime('%Y-%m-%d %H:%M %Z')}. "
            "Reproduce with:",
            "",
            "```sh",
            command,
            "```",
            "",
            "(with the Python of the environment where `manufactures` is installed, e.g. after "
            "`pip install -e .`; the script installs check-jsonschema itself, in a venv of its "
            "work folder).",
            "",
            "## Machine",
            "",
            *(f"- {key}: {value}" for key, value in info.items()),
            f"- load average (1 / 5 / 15 min): {loads[0]} at the start, {loads[1]} at the end",
            "",
            "## Targets",
            "",
            *self.judge(),
            "",
            f"## Scale (medians of {self.bench.repeat} runs, seconds)",
            "",
            *self.scale_table(),
            "",
            *self.ratio_lines(),
            "",
            "## Every command at N = 100 (the demo registry, medians)",
            "",
            *self.command_table(),
            "",
            "## How to read this",
            "",
            *__doc__.split("\n\n", 2)[2].splitlines(),
            "",
            *(f"- {note}" for note in self.bench.notes),
        ]
        out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


# --- main -------------------------------------------------------------------------------------


def _cpu_times() -> tuple[int, int]:
    """Busy and total CPU time of the whole machine so far (clock ticks, from /proc/stat)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return sum(fields) - idle, sum(fields)


def wait_for_idle_cpus() -> bool:
    """Wait until other processes use less than `IDLE_BUSY` of the CPUs; False if they still
    did after `IDLE_PATIENCE` seconds (this benchmark is idle while it waits)."""
    deadline = time.monotonic() + IDLE_PATIENCE
    while True:
        busy, total = _cpu_times()
        time.sleep(IDLE_SAMPLE)
        busy_after, total_after = _cpu_times()
        if (busy_after - busy) < IDLE_BUSY * max(total_after - total, 1):
            return True
        if time.monotonic() > deadline:
            return False


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, measure, check agreement, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="the Ns")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each case")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="registries, venv, caches")
    parser.add_argument(
        "--quiet", action="store_true", help="start each run once the CPUs are idle (Linux)"
    )
    args = parser.parse_args(argv)
    if not MANUF.name:
        parser.error("no `manuf` next to this Python or on the PATH: pip install -e . first")
    sizes = [int(size) for size in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    bench = Bench(args.work, args.repeat)
    package = Path(manufactures.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    checker = check_jsonschema(args.work)
    schema = args.work / "laureate.schema.json"
    command = (str(MANUF), "--data", str(DEMO), "schema")
    schema.write_bytes(subprocess.run(command, capture_output=True, check=True).stdout)
    start_load = load_average()
    cases = command_cases(args.work)
    registries = {count: generate(args.work, count) for count in sizes}
    time.sleep(RACY_NS / 1e9)  # files changed just now are never cached
    problems: list[str] = []
    for count, (valid, broken) in registries.items():
        problems += check_cache_agrees(bench, valid, f"N = {count}")
        cases += scale_cases(count, valid, broken, checker, schema)
    print(f"timing {len(cases)} cases × {args.repeat}", file=sys.stderr)
    bench.measure(cases, quiet=args.quiet)
    info = machine()
    info["check-jsonschema"] = ", ".join(
        f"{package} {_installed_version(args.work, package)}"
        for package in CHECK_JSONSCHEMA_PACKAGES
    )
    bench.notes += [f"**disagreement**: {problem}" for problem in problems] or [
        "`manuf stats` (JSON, a two-way table, CSV) and `manuf validate --format json` gave "
        "byte-identical output and exit codes with `--no-cache`, a cold cache and a warm cache, "
        "at every N."
    ]
    shown = ["python", "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]
    report = Report(bench, sizes)
    report.write(args.out, command=" ".join(shown), info=info, loads=(start_load, load_average()))
    print(f"wrote {args.out}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
