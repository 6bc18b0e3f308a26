"""Every example a user is shown runs, and shows a figure it must show.

The examples are every ``placements ...`` line of the README's ``sh`` blocks
and of each command's ``--help``. Each must have an entry in ``FIGURES``
below (what its output, or the file it writes, must contain), so a new
example cannot go untested.
"""

import glob
import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT, run

from placements.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_examples() -> list[str]:
    lines = []
    for language, block in re.findall(r"```(\w*)\n(.*?)```", README, re.S):
        if language != "sh":
            continue
        for line in block.splitlines():
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith("placements "):
                    lines.append(re.sub(r"\s+#.*$", "", part))
    return lines


def help_examples() -> list[str]:
    return [
        line.strip()
        for command in app.registered_commands
        for line in (command.callback.__doc__ or "").splitlines()
        if line.strip().startswith("placements ")
    ]


EXAMPLES = sorted(set(readme_examples()) | set(help_examples()))

FIGURES: dict[str, list[str]] = {
    "placements terms": ["481,534.92", "809,529.22", "2008-03-23"],
    "placements terms seeds/rocmec.yaml --format markdown": ["| **Total**", "**809,529.22**"],
    "placements terms seeds/rocmec.yaml -o terms.json": ['"gross_proceeds": "481534.92"'],
    "placements calendar": ["2008-11-22", "last day at 0.25; 0.30 from the next day"],
    "placements calendar seeds/rocmec.yaml -o calendar.csv": [
        "2007-11-22,closing,2007-11-mf-t4,2675194,units sold at 0.18"
    ],
    "placements calendar seeds/rocmec.yaml --format csv -o calendar.csv": [
        "2007-09-21,closing,2007-09-ft,1800000,units sold at 0.20"
    ],
    "placements check seeds/rocmec.yaml": ["all clean"],
    "placements check seeds/rocmec.yaml scenarios/flat.yaml": ["2 files checked, all clean"],
    "placements check scenarios/*.yaml --format json": ['"status": "ok"'],
    "placements run": ["735,678.25", "2,942,713"],
    "placements continuity seeds/example-ledger.yaml --from 2023-12-31 --to 2024-12-31": [
        "57,700,000",
        "13,500,000               0.187        2525000.00",
        "4,750,000              0.1495         710000.00              3.26",
    ],
    "placements continuity seeds/example-ledger.yaml --from 2024-12-31 --to 2025-12-31": [
        "-59,130,000",
        "6,870,000",
        "855,000              1.5041        1286000.00              3.48",
    ],
    "placements continuity seeds/example-ledger.yaml --from 2023-12-31 --to 2025-12-31 --period "
    "year": [
        "2024-12-31  warrants                closing",
        "2025-12-31  options                 closing",
        "2024-12-31  convertible debentures  closing",
    ],
    "placements continuity seeds/example-ledger.yaml --from 2023-12-31 --to 2024-12-31 "
    "--restate --by series": [
        "basis: restated on the basis after the 10:1 consolidation of 2025-06-30",
        "5,770,000",
        "1,350,000              1.8704        2525000.00",
        "2024-03-units/warrants  850,000        1.50",
    ],
    "placements securities seeds/example-ledger.yaml --as-of 2024-12-31 --restate": [
        "basis: restated on the basis after the 10:1 consolidation of 2025-06-30",
        "2024-03-units/warrants  warrants        850,000",
        "300,000        100,000     200,000        1.20",
        "5,770,000",
    ],
    "placements securities seeds/example-ledger.yaml --as-of 2024-12-31 --restate --price 2.00": [
        "5,770,000",
        "7,595,000",
        "6,102,500",
    ],
    "placements securities seeds/example-ledger.yaml --as-of 2025-12-31": [
        "exercisable    unvested",
        "280,000        200,000      80,000",
    ],
    "placements calendar seeds/example-ledger.yaml --from 2025-01-01 --to 2026-12-31": [
        "brought forward from 2026-03-15 by the notice of 2025-02-03",
        "extended from 2024-10-01 by the amendment of 2024-09-20",
        "2026-05-01  vesting       options-2024               80,000",
    ],
    "placements run scenarios/flat.yaml": ["735,678.25", "2,942,713"],
    "placements run scenarios/flat.yaml --freq events": ["735,678.25", "2008-11-22"],
    "placements run scenarios/rally.yaml --freq events": ["1,005,678.25", "3,842,713"],
    "placements run scenarios/rally.yaml -o rally.csv": ["2009-12-31,0.50,8371410"],
    "placements run scenarios/random.yaml --daily": ["seed 2007, draws 1 (daily)"],
    "placements run scenarios/random.yaml --paths 20000 --seed 7": [
        "20,000 paths, seed 7",
        "1,005,678.25",
    ],
    "placements value seeds/rocmec.yaml --as-of 2008-06-30 --price 0.28 --volatility 0.8": [
        "71,303.40"
    ],
    "placements value --as-of 2008-12-31 --price 0.40 --volatility 1.0 --rate 0.025 -f json": [
        '"total_value": "137182.50"'
    ],
    "placements value seeds/rocmec.yaml --as-of 2008-12-31 --price 0.40 --volatility 1.0 "
    "--rate 0.025 -f json": ['"total_value": "137182.50"'],
    "placements compare scenarios/flat.yaml scenarios/rally.yaml scenarios/slump.yaml": [
        "735,678.25",
        "1,005,678.25",
    ],
    "placements compare scenarios/*.yaml --format markdown": [
        "| exercise proceeds",
        "1,880,678.25",
    ],
    "placements securities --as-of 2008-06-30 --price 0.28": ["4,843,987", "8,371,410"],
    "placements securities scenarios/flat.yaml --as-of 2008-12-31": ["7,471,410"],
    "placements securities scenarios/flat.yaml --as-of 2008-12-31 -f markdown": ["|  7,471,410 |"],
    "placements extract seeds/001_cc6d11cc4f05d607.txt": ["units: 1800000", "unit_price: 0.20"],
    "placements extract seeds/001_cc6d11cc4f05d607.txt --format json": [
        '"gross_proceeds": "360000.00"'
    ],
    "placements extract seeds/00[01]_*.txt -o book.yaml": ["units: 2675194", "units: 1800000"],
    "placements extract seeds/001_cc6d11cc4f05d607.txt --explain": [
        "tranches[0].units = 1800000  read by offering.unit_classes (count)",
        'quote:    "Cdn$0.30 for the first twelve months"',
    ],
    "placements extract --book seeds/rocmec.yaml seeds/00[01]_*.txt": [
        "- id: 2007-11-mf-t4",
        "- id: 2007-09-ft",
    ],
    "placements extract seeds/000_401a3251704480ad.txt seeds/001_cc6d11cc4f05d607.txt "
    "-o draft.yaml": ["units: 2675194", "units: 1800000"],
    "placements schema book -o book.schema.json": ['"title": "placements book"'],
    "placements calendar seeds/rocmec.yaml --format ics --remind 14 -o rocmec.ics": [
        "DTSTART;VALUE=DATE:20071122",
        "TRIGGER:-P14D",
    ],
    "placements calendar seeds/rocmec.yaml --format ics --remind 14 -o rocmec.ics --force": [
        "SUMMARY:TSXV:RMI 2007-09-ft: closing"
    ],
    "placements calendar seeds/rocmec.yaml --from 2008-06-01 --to 2009-05-31": [
        "2008-09-21  step-up"
    ],
    "placements report -o pack.html": ["8,371,410", "<svg"],
    "placements report -o pack.html --force": ["4,843,987"],
    "placements report scenarios/flat.yaml scenarios/random.yaml --as-of 2008-06-30 -o pack.xlsx": [
        "481534.92",
        "4843987",
    ],
    "placements report scenarios/flat.yaml scenarios/random.yaml --as-of 2008-06-30 "
    "-o pack.xlsx --force": ["8371410"],
    "placements report seeds/rocmec.yaml -o book-pack.md --force": ["481,534.92", "8,371,410"],
    "placements run scenarios/flat.yaml --table exercises --format csv": [
        "2008-11-22,2007-11-mf-t4/warrants,2675194,0.25,668798.50"
    ],
    "placements run scenarios/random.yaml --paths 2000 -o random.xlsx --force": ["2000"],
    "placements run scenarios/random.yaml --paths 20000 --quiet": ["20,000 paths, seed 2007"],
    "placements terms seeds/rocmec.yaml -o terms.xlsx --force": ["481534.92", "2675194"],
    "placements schema scenario": ['"title": "placements scenario"'],
    "placements schema scenario --format json": ['"random_walk"'],
    "placements schema --reference -o formats.md": ["| `unit_price` |"],
    "placements terms seeds/example-offering.yaml": [
        "3,290,583.15",
        "3,290,583.00",
        "28,380.40",
        "from the hold date",
    ],
    "placements holdings placements/examples/holdings.yaml --as-of 2008-06-30 --table positions -f csv": [
        "rmi-ft,TSXV:RMI,2007-09-ft/warrants,600000,600000,300000,300000,,0.34,0.30,0.35,"
        "2008-09-22,2009-09-21,448,0.1175,0.1175,12000.00,35245.80,120000.00,0.00,0.00,"
        "216000.00,96000.00"
    ],
    "placements holdings placements/examples/holdings.yaml --as-of 2008-06-30 --exercise-plan --horizon 150": [
        "402,500.00",
        "2008-11-22  step-up  rmi-mf-w",
    ],
    "placements holdings placements/examples/holdings.yaml --as-of 2007-12-31 --liquidity --table months": [
        "2008-03  1,000,000   1,000,000     220,000.00       1,600,000"
    ],
    "placements check placements/examples/holdings.yaml": ["holdings", "all clean"],
    "placements calendar placements/examples/holdings.yaml --format ics -o fund.ics": [
        "X-WR-CALNAME:Northern Flow-Through Fund LP: placement events",
        "SUMMARY:EXL warrants-2022: expiry",
    ],
    "placements calendar holdings.yaml --format ics -o fund.ics": [
        "X-WR-CALNAME:Northern Flow-Through Fund LP: placement events",
        "SUMMARY:EXL warrants-2022: expiry",
    ],
    "placements holdings holdings.yaml --as-of 2008-06-30": ["363,500.00", "215,109.55"],
    "placements holdings holdings.yaml --as-of 2007-12-31 --liquidity": ["352,000.00"],
    "placements holdings holdings.yaml --as-of 2008-06-30 --exercise-plan --horizon 90": [
        "2008-09-15  90,000.00   300,000      90,000.00"
    ],
    "placements schema holdings -o holdings.schema.json": ['"title": "placements holdings"'],
    "placements run scenarios/example-offering.yaml --freq events": [
        "2025-11-23",
        "2,238,721.80",
    ],
}


def written(path: Path) -> str:
    """What a file an example wrote says: its text, or a workbook's cell values."""
    if path.suffix != ".xlsx":
        return path.read_text()
    import openpyxl

    book = openpyxl.load_workbook(path)
    return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)


def test_every_example_has_its_figures():
    missing = [example for example in EXAMPLES if example not in FIGURES]
    assert not missing, f"examples with no expected figure in FIGURES: {missing}"


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_shows_its_figures(example, tmp_path, monkeypatch):
    for name in ("seeds", "scenarios", "placements"):
        (tmp_path / name).symlink_to(ROOT / name)
    # the --help examples name a fund's own file; the bundled fund stands in
    (tmp_path / "holdings.yaml").symlink_to(ROOT / "placements" / "examples" / "holdings.yaml")
    monkeypatch.chdir(tmp_path)
    words = []
    for word in shlex.split(example)[1:]:
        words += sorted(glob.glob(word)) if any(c in word for c in "*[") else [word]
    result = run(*words)
    assert result.code == 0, result.stderr
    shown = result.stdout
    if "-o" in words:
        shown += written(Path(words[words.index("-o") + 1]))
    for figure in FIGURES.get(example, []):
        assert figure in shown, f"{example}: {figure!r} not shown"
