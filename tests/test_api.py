"""The Python API: the README's notebook example runs, and tables come with proper dtypes."""

import contextlib
import io
import re
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from conftest import ROOT, SEED_BOOK

import placements.api as pl
from placements.core.problems import InputError

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_example_runs_and_prints_its_figures(monkeypatch):
    (example,) = re.findall(r"```python\n(.*?)```", README, re.S)
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, "README.md", "exec"), {})
    out = printed.getvalue()
    assert "841534.92" in out
    assert "735678.25" in out
    assert "4843987" in out
    assert "2007-09-ft" in out and "2008-03-23" in out


def test_terms_frame_dtypes_and_exact_money():
    tranches = pl.terms(SEED_BOOK)["tranches"]
    assert tranches["units"].dtype == "int64"
    assert tranches["closed"].dtype == "datetime64[ns]"
    assert tranches["free_trading_from"].tolist() == [
        pd.Timestamp("2008-01-22"),
        pd.Timestamp("2008-03-23"),
    ]
    assert tranches["gross_proceeds"].tolist() == [Decimal("360000.00"), Decimal("481534.92")]
    assert sum(tranches["net_proceeds"]) == Decimal("809529.22")
    assert tranches["exercise_schedule"][0] == [
        {"price": Decimal("0.30"), "from": date(2007, 9, 21), "to": date(2008, 9, 21)},
        {"price": Decimal("0.35"), "from": date(2008, 9, 22), "to": date(2009, 9, 21)},
    ]


def test_the_api_and_the_cli_give_the_same_report():
    from conftest import run

    assert pl.terms(SEED_BOOK).render("json") == run("terms", SEED_BOOK, "-f", "json").stdout


def test_run_frames_on_the_reference_scenario():
    result = pl.run(ROOT / "scenarios" / "flat.yaml")
    assert result.names == ["summary", "exercises", "timeline"]
    exercises = result["exercises"]
    assert exercises["count"].tolist() == [2675194, 267519]
    assert exercises["date"].unique().tolist() == [pd.Timestamp("2008-11-22")]
    assert result.totals("exercises")["proceeds"] == Decimal("735678.25")
    timeline = result["timeline"]
    assert timeline["basic"].dtype == "int64"
    assert timeline["date"].is_monotonic_increasing


def test_a_random_walk_summary_is_a_row_per_figure_and_a_column_per_percentile():
    summary = pl.run(ROOT / "scenarios" / "random.yaml", paths=200, seed=3)["summary"]
    assert list(summary.columns) == ["p5", "p25", "p50", "p75", "p95"]
    assert "exercise_proceeds" in summary.index
    row = summary.loc["exercise_proceeds"]
    assert row["p5"] <= row["p50"] <= row["p95"]


def test_loading_bad_input_raises_with_every_problem(tmp_path):
    path = tmp_path / "book.yaml"
    path.write_text("issuer: {name: X}\ntranches: [{id: t, closed: 2020-13-01}]\n")
    with pytest.raises(InputError) as raised:
        pl.load_book(path)
    assert len(raised.value.problems) == 3
    assert str(raised.value.problems[0]).startswith(f"{path}:2:")
