"""Headless Chromium, from Debian's ``chromium`` package: screenshots and console messages.

Used by the pack's browser test and to make ``docs/pack.png``::

    python tests/browser.py pack.html docs/pack.png

The network is closed and the profile is fresh for each run, so nothing is
fetched and nothing is remembered between runs.
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]
MEASURE = """
<script>
  const sizes = [...document.querySelectorAll("figure.chart svg")].map((svg) => {
    const box = svg.getBoundingClientRect();
    return [box.width, box.height];
  });
  document.body.insertAdjacentHTML(
    "beforeend", "<pre id='chart-sizes'>" + JSON.stringify(sizes) + "</pre>");
</script>
"""


def chromium() -> str | None:
    return shutil.which("chromium")


def _run(page: Path, *flags: str, width: int = 1000, height: int = 3000) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                chromium() or "chromium",
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                *flags,
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return done.stdout, done.stderr


def console_messages(stderr: str) -> list[str]:
    """What the page wrote to its console (errors included), from Chromium's log."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def screenshot(page: Path, target: Path, width: int = 1000, height: int = 3000) -> list[str]:
    """Write a PNG of ``page``; return the page's console messages."""
    _, stderr = _run(page, f"--screenshot={target.resolve()}", width=width, height=height)
    return console_messages(stderr)


def chart_sizes(page: Path) -> list[tuple[float, float]]:
    """The laid-out width and height of every chart, measured in a copy of the page."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / page.name
        copy.write_text(
            page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"),
            encoding="utf-8",
        )
        dom, _ = _run(copy, "--dump-dom")
    start = dom.index('<pre id="chart-sizes">') + len('<pre id="chart-sizes">')
    return [tuple(size) for size in json.loads(dom[start : dom.index("</pre>", start)])]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


if __name__ == "__main__":
    page, target = Path(sys.argv[1]), Path(sys.argv[2])
    height = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    print(screenshot(page, target, height=height) or "no console messages")
