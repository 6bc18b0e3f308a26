"""The hand-drawn tables are tabulate's tables, byte for byte, on random cells."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import SEPARATING_LINE, tabulate

from placements.render.fit import _width
from placements.render.grid import Columns, drawable, html_table, text_table

ALPHABET = "ab Z09.,-:;|<>&\"'\n"
cells = st.text(alphabet=ALPHABET, max_size=12) | st.sampled_from(["", " ", "True", "1,000", "x\n"])


@st.composite
def tables(
    draw: st.DrawFn, headers: bool = True, separated: bool = True
) -> tuple[list[str], list, list[str]]:
    width = draw(st.integers(1, 5))
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=8))
    if separated and draw(st.booleans()) and len(rows) > 1:
        rows.insert(draw(st.integers(1, len(rows) - 1)), SEPARATING_LINE)
    heads = draw(st.lists(cells, min_size=width, max_size=width)) if headers else []
    aligns = draw(st.lists(st.sampled_from(["left", "right"]), min_size=width, max_size=width))
    return heads, rows, aligns


def reference(rows: list, headers: list[str], style: str, aligns: list[str]) -> str:
    if headers:
        return tabulate(rows, headers, tablefmt=style, colalign=aligns, disable_numparse=True)
    return tabulate(rows, tablefmt=style, colalign=aligns, disable_numparse=True)


@settings(max_examples=400, deadline=None)
@given(tables(), st.sampled_from(["simple", "pipe"]))
def test_simple_and_pipe_are_tabulates(table: tuple, style: str) -> None:
    headers, rows, aligns = table
    if style == "pipe":
        rows = [row for row in rows if row is not SEPARATING_LINE]
    expected = reference(rows, headers, style, aligns)
    assert drawable(headers, rows, aligns)
    assert Columns(headers, rows, aligns).draw(range(len(aligns)), style) == expected
    assert text_table(rows, headers, style, aligns) == expected


@settings(max_examples=300, deadline=None)
@given(tables(headers=False), st.sampled_from(["plain", "simple"]))
def test_tables_without_headers_are_tabulates(table: tuple, style: str) -> None:
    headers, rows, aligns = table
    assert text_table(rows, headers, style, aligns) == reference(rows, headers, style, aligns)


@settings(max_examples=300, deadline=None)
@given(tables())
def test_html_is_tabulates(table: tuple) -> None:
    headers, rows, aligns = table
    rows = [row for row in rows if row is not SEPARATING_LINE]
    assert html_table(rows, headers, aligns) == reference(rows, headers, "html", aligns)


@settings(max_examples=300, deadline=None)
@given(tables(), st.data())
def test_a_group_of_columns_measures_as_drawn(table: tuple, data: st.DataObject) -> None:
    headers, rows, aligns = table
    columns = Columns(headers, rows, aligns)
    group = sorted(set(data.draw(st.lists(st.integers(0, len(aligns) - 1), min_size=1))))
    assert columns.drawn_width(group) == _width(columns.draw(group, "simple"))
    cut = [[row[p] for p in group] if isinstance(row, list) else row for row in rows]
    assert columns.draw(group, "simple") == reference(
        cut, [headers[p] for p in group], "simple", [aligns[p] for p in group]
    )


def test_thousands_of_random_rows_draw_as_tabulate_draws_them() -> None:
    """A report-sized table: the algorithm that replaced tabulate's still draws its bytes."""
    pick = random.Random(17)
    words = ["t1", "2020-01-01", "0.25 to 2021-01-01", "yes", "no", "", "1,234.56", "Total"]

    def text() -> str:
        return "\n".join(pick.choice(words) for _ in range(pick.choice([1, 1, 1, 2, 3])))

    rows: list = [[text() for _ in range(9)] for _ in range(3_000)]
    rows.insert(2_999, SEPARATING_LINE)
    headers = ["id", "closed\non", "units", "unit\nprice", "gross", "a b c", "", "x", "last"]
    aligns = [pick.choice(["left", "right"]) for _ in headers]
    data = [row for row in rows if isinstance(row, list)]
    assert text_table(rows, headers, "simple", aligns) == reference(rows, headers, "simple", aligns)
    assert text_table(data, headers, "pipe", aligns) == reference(data, headers, "pipe", aligns)
    flat = [[cell.replace("\n", "; ") for cell in row] for row in data]
    assert html_table(data, headers, aligns) == reference(data, headers, "html", aligns)
    assert html_table(flat, headers, aligns) == reference(flat, headers, "html", aligns)
    assert text_table(data, [], "plain", aligns) == reference(data, [], "plain", aligns)


def test_other_characters_go_to_tabulate() -> None:
    rows = [["Québec", "東京"], ["\x1b[31mred\x1b[0m", "a\tb"]]
    assert not drawable(["x", "y"], rows, ["left", "right"])
    for style in ("simple", "pipe"):
        assert text_table(rows, ["x", "y"], style, ["left", "right"]) == reference(
            rows, ["x", "y"], style, ["left", "right"]
        )
    assert html_table(rows, ["x", "y"], ["left", "right"]) == reference(
        rows, ["x", "y"], "html", ["left", "right"]
    )
