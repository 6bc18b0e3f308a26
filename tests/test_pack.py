"""placements report: the investor pack in HTML, markdown and xlsx, with exact figures."""

import base64
import os
import re

import numpy as np
import pytest
from browser import chart_sizes, chromium, console_messages, png_size, screenshot
from conftest import ROOT, SEED_BOOK, run

from placements.reports.pack import timeline_percentiles
from placements.reports.report import PERCENTILES

SCENARIOS = [ROOT / "scenarios" / f"{name}.yaml" for name in ("flat", "rally", "slump", "random")]


@pytest.fixture(scope="module")
def pack_html(tmp_path_factory):
    target = tmp_path_factory.mktemp("pack") / "pack.html"
    result = run("report", *SCENARIOS, "-o", target)
    assert result.code == 0, result.stderr
    return target


def test_per_date_percentiles_are_exact_order_statistics():
    generator = np.random.default_rng(5)
    # few distinct values, as share counts have, so ties are the rule
    values = generator.choice([4_528_697, 7_471_410, 8_371_410], size=(1_001, 12))
    values[:, 0] = 4_528_697
    found = timeline_percentiles(values)
    expected = np.percentile(values, PERCENTILES, axis=0, method="inverted_cdf")
    assert np.array_equal(found, expected.astype(values.dtype))
    spread = generator.integers(0, 10**9, size=(997, 7))
    assert np.array_equal(
        timeline_percentiles(spread),
        np.percentile(spread, PERCENTILES, axis=0, method="inverted_cdf").astype(np.int64),
    )


def test_the_pack_holds_terms_securities_calendar_and_scenarios(pack_html):
    text = pack_html.read_text(encoding="utf-8")
    assert "<title>Rocmec Mining Inc.: investor pack as of 2007-11-22</title>" in text
    assert "Ticker: TSXV:RMI" in text
    for figure in (
        "360,000.00",
        "481,534.92",
        "809,529.22",
        "735,678.25",
        "2,942,713",
        "8,371,410",
        "1,005,678.25",
    ):
        assert figure in text
    assert "Methods and assumptions" in text
    assert "is that of the scenario Flat at 28 cents." in text
    assert (
        'Calendar: <span class="nb">2007-11-22</span> to <span class="nb">2008-11-22</span>' in text
    )
    assert '<span class="nb">2007-11-mf-t4/finder-options</span>' in text
    # no internals: file names, path counts
    assert "file:" not in text and "paths:" not in text and ".yaml" not in text
    # one self-contained file: nothing to run, nothing to fetch
    assert "<script" not in text
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", text)


def test_the_pack_has_every_chart_as_inline_svg(pack_html):
    text = pack_html.read_text(encoding="utf-8")
    # waterfall, four share-count charts, two fans and a histogram of the random walk
    assert text.count('<figure class="chart"><svg') == 8
    assert "Dilution from basic to fully diluted on 2007-11-22, by series" in text
    assert "p25–p75" in text and "exercise proceeds across 10,000 paths" in text


def test_the_pack_as_markdown_and_xlsx(tmp_path):
    markdown = tmp_path / "pack.md"
    assert run("report", SCENARIOS[0], "-o", markdown).code == 0
    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("# Rocmec Mining Inc.: investor pack\n")
    assert "| 2007-11-mf-t4 | 2007-11-22 |" in text
    image = re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)", text)
    assert base64.b64decode(image.group(1)).startswith(b"<svg")

    openpyxl = pytest.importorskip("openpyxl")
    workbook = tmp_path / "pack.xlsx"
    assert run("report", SCENARIOS[0], "--as-of", "2008-06-30", "-o", workbook).code == 0
    book = openpyxl.load_workbook(workbook)
    # the terms are split in parts that fit a page, each led by the tranche
    assert book.sheetnames[:3] == ["About", "2 tranches_1", "2 tranches_2"]
    sheet = book["2 tranches_1"]
    headers = [cell.value for cell in sheet[1]]
    gross = headers.index("gross")
    rows = list(sheet.iter_rows(min_row=2, max_row=3, values_only=True))
    assert [row[0] for row in rows] == ["2007-09-ft", "2007-11-mf-t4"]
    assert [row[gross] for row in rows] == [360000, 481534.92]
    letter = openpyxl.utils.get_column_letter(gross + 1)
    assert sheet.cell(5, gross + 1).value == f"=SUM({letter}2:{letter}3)"
    about = [row[1] for row in book["About"].iter_rows(values_only=True) if row[0] == "as of"]
    assert about == ["2008-06-30"]


def test_a_book_alone_makes_a_pack_without_scenarios(tmp_path):
    target = tmp_path / "book.html"
    result = run("report", SEED_BOOK, "--as-of", "2008-06-30", "-o", target)
    assert result.code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "Scenarios compared" not in text
    assert text.count('<figure class="chart"><svg') == 1


needs_chromium = pytest.mark.skipif(
    chromium() is None and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)


@needs_chromium
def test_the_console_check_catches_a_console_error(tmp_path):
    page = tmp_path / "control.html"
    page.write_text("<!DOCTYPE html><script>console.error('control')</script>")
    messages = screenshot(page, tmp_path / "control.png", height=200)
    assert any('"control"' in line for line in messages)


@needs_chromium
def test_the_pack_opens_in_chromium_without_console_errors(pack_html, tmp_path):
    shot = tmp_path / "pack.png"
    assert screenshot(pack_html, shot) == []
    assert png_size(shot) == (1000, 3000)
    assert shot.stat().st_size > 50_000  # a page of text and charts, not a blank one
    sizes = chart_sizes(pack_html)
    assert len(sizes) == 8
    assert all(width > 300 and height > 100 for width, height in sizes)


def test_console_messages_are_read_from_chromium_log():
    log = '[1:1:1201/1:INFO:CONSOLE:1] "boom", source: file:///x.html (1)\nother\n'
    assert console_messages(log) == [log.splitlines()[0]]


def test_a_pack_is_refused_as_csv():
    result = run("report", SCENARIOS[0], "--format", "csv")
    assert result.code == 2
    assert "a pack is not one table: write html, xlsx or markdown, not csv" in result.stderr


def test_commands_that_do_not_draw_never_import_matplotlib():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from placements.cli import app\n"
        "try:\n    app(['terms', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(SEED_BOOK)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "481,534.92" in done.stdout
