"""`manuf report` in a real browser: Debian's Chromium, headless, opens the page from disk.

Errors are caught twice: the page itself marks `<body data-ok="true">` once loaded without any
(a script error, a resource that failed or that its Content-Security-Policy refused), read back
from the DOM Chromium dumps; and Chromium's console log, written on stderr, must be empty.
Screenshots (desktop and phone widths) are kept under `test-artifacts/` (git-ignored).
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO, run_cli
from tests.raw_yaml import DEMO
from tests.test_report import (
    AS_OF,
    HOSTILE_NAME,
    OVERSEAS,
    command_data,
    hostile,
    overseas,
    parse_page,
)

ARTIFACTS = REPO / "test-artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120

__all__ = ["hostile", "overseas"]  # fixtures, imported to be used here


def find_browser() -> str:
    """The Chromium to drive, or skip the test saying why."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium here (apt-get install chromium): the page was not opened in a browser")


def chromium(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on `page`, its console logged on stderr."""
    command = [
        find_browser(),
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=5000",
        "--enable-logging=stderr",
        "--v=0",
        *options,
        page.resolve().as_uri(),
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed


def write_report(registry: Path, target: Path, *args: str) -> Path:
    result = run_cli("--data", str(registry), "report", "--as-of", AS_OF, "-o", str(target), *args)
    assert result.exit_code == 0, result.stderr
    return target


def open_in_browser(html: Path, tmp_path: Path, name: str) -> str:
    """The DOM after loading; screenshots at desktop and phone widths kept as artefacts."""
    ARTIFACTS.mkdir(exist_ok=True)
    profile = tmp_path / "profile"
    loaded = chromium(html, profile, "--dump-dom")
    console = [line for line in loaded.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], "\n".join(console)
    for suffix, size in (("", "1280,2400"), ("-phone", "390,2400")):
        shot = ARTIFACTS / f"report-{name}{suffix}.png"
        shot.unlink(missing_ok=True)
        chromium(html, profile, f"--screenshot={shot}", f"--window-size={size}")
        assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), shot
    return loaded.stdout


@pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
def test_the_page_renders_without_error(registry: Path, tmp_path: Path) -> None:
    name = registry.name
    html = write_report(registry, tmp_path / f"report-{name}.html")
    dom = parse_page(open_in_browser(html, tmp_path, name))
    (body,) = dom.all("body")
    (root,) = dom.all("html")
    assert "data-errors" not in root, f"{root['data-errors']} error(s) in the page"
    assert body.get("data-ok") == "true"
    charts = Counter(attrs["data-chart"] for attrs in dom.all("svg") if "data-chart" in attrs)
    stats = command_data(registry, "stats")
    progress = command_data(registry, "progress", "--as-of", AS_OF)
    expected = {"map": 1, "territory": 1, "wave": 1, "sector": 1}
    if stats["funding"]["recorded_eur"]:
        expected["funding-region"] = 1
    if progress["records_with_progress"]:
        expected["heatmap"] = 1
    assert charts == expected
    records = command_data(registry, "list")
    located = sum(1 for r in records if "lat" in r.get("location", {}))
    assert len(dom.all("circle")) == located
    assert len(dom.all("path")) == 101


def test_overseas_points_in_the_browser(overseas: Path, tmp_path: Path) -> None:
    html = write_report(overseas, tmp_path / "report-overseas.html")
    dom = parse_page(open_in_browser(html, tmp_path, "overseas"))
    assert dom.all("body")[0].get("data-ok") == "true"
    located = command_data(DATA, "list")
    expected = sum(1 for r in located if "lat" in r.get("location", {})) + len(OVERSEAS)
    assert len(dom.all("circle")) == expected


def test_markup_in_a_name_is_text_in_the_browser(hostile: Path, tmp_path: Path) -> None:
    html = write_report(hostile, tmp_path / "report-hostile.html")
    dom = parse_page(open_in_browser(html, tmp_path, "hostile"))
    assert dom.all("body")[0].get("data-ok") == "true"
    assert len(dom.all("script")) == 1
    assert dom.all("img") == []
    assert HOSTILE_NAME in "".join(dom.texts)


def test_the_page_prints(tmp_path: Path) -> None:
    html = write_report(DEMO, tmp_path / "report-demo.html")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "report-demo.pdf"
    pdf.unlink(missing_ok=True)
    chromium(html, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF-")
    assert content.count(b"/Type /Page\n") + content.count(b"/Type/Page") >= 3
