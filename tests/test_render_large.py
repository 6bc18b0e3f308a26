"""The faster renderers write what the old ones wrote, on the bundled reports and long ones.

tests/render_reference.py and xlsx_reference.py are the renderers as they
were (tabulate, pandas, json.dumps, yaml.dump, openpyxl). Every format of
every report here must come out byte for byte the same, and every workbook
must read back cell for cell the same.
"""

import copy
import io
import json
import tempfile
import zipfile
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pytest
import render_reference
from conftest import ROOT, SEED_BOOK
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml import ScalarNode
from yaml.resolver import Resolver

from placements import api
from placements.output import Format
from placements.render import render
from placements.render.documents import _json, _plain_allowed, yaml_text
from placements.render.sheets import attribute
from placements.reports.report import Column, Report, Table

openpyxl = pytest.importorskip("openpyxl")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SCENARIOS = ROOT / "scenarios"
TEXT_FORMATS = [f for f in Format if f not in (Format.XLSX, Format.ICS)]


def long_book(tranches: int) -> str:
    """A book of many tranches of varied terms: schedules, clauses, finders, odd ids."""
    lines = ["issuer:", "  name: Long Book Resources", "tranches:"]
    for n in range(tranches):
        closed = date(2020, 1, 1).toordinal() + (n * 1826) // tranches
        lines += [
            f"  - id: {'t' + str(n) if n % 7 else repr(f'lot: {n}, #x')}",
            f"    closed: {date.fromordinal(closed).isoformat()}",
            f"    units: {100_000 + 37 * n}",
            f"    unit_price: {'0.20' if n % 3 else '0.125'}",
            f"    unit: {{shares: 1, warrants: {'0.5' if n % 2 else '1'},"
            f" flow_through: {'true' if n % 5 == 0 else 'false'}}}",
            "    warrant:",
            "      exercise:",
            "        - {price: 0.25, months: 12}",
            f"        - {{price: {'0.30' if n % 4 else '0.35'}, months: {12 + n % 3}}}",
        ]
        if n % 6 == 0:
            lines.append("      acceleration: {trigger: 0.40, trading_days: 10, notice_days: 30}")
        lines += [
            "    fees:",
            f"      cash: {{percent: {6 + n % 2}}}",
            "      options: {percent_of_units: 6, terms: same_as_warrants}",
        ]
    return "\n".join(lines) + "\n"


@cache
def long_report(tranches: int = 2_000) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.yaml"
        path.write_text(long_book(tranches))
        return api.terms(path).report


@cache
def bundled() -> dict[str, list[Report]]:
    run = api.run(SCENARIOS / "flat.yaml").report
    walk = api.run(SCENARIOS / "random.yaml").report
    return {
        "terms": [api.terms(SEED_BOOK).report],
        "calendar": [api.calendar(SEED_BOOK, stamp=None).report],
        "securities": [api.securities(SEED_BOOK, date(2008, 12, 31), "0.28").report],
        "run": [run],
        "random": [walk],
        "compare": [api.compare([SCENARIOS / "flat.yaml", SCENARIOS / "rally.yaml"]).report],
        "value": [api.value(SEED_BOOK, date(2008, 6, 30), Decimal("0.28"), 0.8).report],
        "two runs": [run, walk],
    }


def reports() -> list[tuple[str, list[Report]]]:
    return [*bundled().items(), ("long", [long_report()])]


@pytest.mark.parametrize("format", TEXT_FORMATS, ids=str)
def test_every_format_is_written_as_before(format: Format) -> None:
    for name, found in reports():
        widths = [None, 80, 132] if format is Format.TABLE else [None]
        for width in widths:
            new = render(found, format, width)
            old = render_reference.render(found, format, width)
            assert new == old, f"{name} in {format} at width {width}"


def test_a_long_report_fitted_to_narrow_terminals_is_as_before() -> None:
    report = long_report()
    for width in (40, 60, 100):
        assert render([report], Format.TABLE, width) == render_reference.render(
            [report], Format.TABLE, width
        )


def cells(workbook: bytes) -> dict:
    """Everything a reader of the workbook sees: values, formats, bold, wrapping, panes, widths."""
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    seen: dict = {"sheets": book.sheetnames}
    for sheet in book.worksheets:
        seen[sheet.title, "panes"] = sheet.freeze_panes
        seen[sheet.title, "widths"] = {
            letter: dimension.width
            for letter, dimension in sheet.column_dimensions.items()
            if dimension.customWidth
        }
        for row in sheet.iter_rows():
            for found in row:
                if found.value is None:
                    continue
                seen[sheet.title, found.coordinate] = (
                    found.value,
                    found.data_type,
                    found.number_format,
                    bool(found.font.b),
                    bool(found.alignment.wrap_text),
                    found.alignment.vertical,
                )
    return seen


def test_every_workbook_reads_back_as_before() -> None:
    for name, found in reports():
        new = render(found, Format.XLSX)
        old = render_reference.render(found, Format.XLSX)
        assert isinstance(new, bytes) and isinstance(old, bytes)
        assert cells(new) == cells(old), name


@pytest.mark.parametrize("text", [" led", "trailed ", "\tand tabbed", "two\nlines", "in  side"])
def test_a_workbook_keeps_the_spaces_a_text_begins_or_ends_with(text: str) -> None:
    table = Table("lots", (Column("id", "id"), Column("label", "label")), (("t1", text),))
    found = [Report("Spaced", (table,))]
    assert cells(render(found, Format.XLSX)) == cells(render_reference.render(found, Format.XLSX))
    with zipfile.ZipFile(io.BytesIO(render(found, Format.XLSX))) as archive:
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet2.xml"))
    written = [t for t in sheet.iter(f"{{{MAIN}}}t") if t.text == text]
    kept = written[0].get("{http://www.w3.org/XML/1998/namespace}space") if written else "absent"
    # spreadsheet programs drop a text's outer spaces unless it is marked
    assert kept == ("preserve" if text != text.strip() else None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab'\"&<>\n\r\t é", max_size=12))
def test_attributes_are_quoted_as_the_standard_library_quotes_them(text: str) -> None:
    from xml.sax.saxutils import quoteattr

    assert attribute(text) == quoteattr(text)


def test_a_workbook_is_the_same_bytes_each_time() -> None:
    report = bundled()["terms"]
    assert render(report, Format.XLSX) == render(report, Format.XLSX)


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=4) | st.dates())
def test_figures_are_quoted_as_the_resolver_reads_them(figure: Decimal | date) -> None:
    text = figure.isoformat() if isinstance(figure, date) else f"{figure:f}"
    as_text = Resolver().resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    assert _plain_allowed(text) == as_text
    assert render_reference._yaml({"x": text}) == yaml_text(
        [{"x": text}], False, render_reference._yaml
    )


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(values, st.integers(0, 3))
def test_json_is_written_as_json_dumps_writes_it(value: object, depth: int) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)
    assert _json(value, depth) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="abcz_ -:#'", min_size=1, max_size=6),
        st.lists(
            st.dictionaries(st.sampled_from(["note", "where", "x y"]), values, max_size=3),
            max_size=3,
        )
        | values,
        min_size=1,
        max_size=3,
    )
)
def test_yaml_is_written_as_pyyaml_writes_it(document: dict) -> None:
    """(Reports never share an object between their parts, which PyYAML would anchor.)"""
    document = (
        json.loads(json.dumps(document)) if all(isinstance(k, str) for k in document) else document
    )
    twice = [document, copy.deepcopy(document)]
    for many in (False, True):
        expected = render_reference._yaml(twice if many else document)
        assert yaml_text(twice if many else [document], many, render_reference._yaml) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"[a-zA-Z][a-zA-Z0-9_/.-]{0,10}", fullmatch=True)
    | st.sampled_from(["yes", "No", "ON", "off", "Null", "true", "y", "n", "e1", "t0", "a:b"])
)
def test_names_are_written_plain_exactly_where_pyyaml_writes_them_plain(name: str) -> None:
    document = {"id": name, "rows": [{"id": name}]}
    assert yaml_text([document], False, render_reference._yaml) == render_reference._yaml(document)


long_texts = st.builds(
    lambda lead, words, trail: lead + " ".join(words) + trail,
    st.sampled_from(["", " "]),
    st.lists(st.text(alphabet="ab':#-,x", min_size=1, max_size=14), min_size=1, max_size=40),
    st.sampled_from(["", " ", ":"]),
)
"""Notes and clauses long enough to fold, their spaces lone, some quoted and some not."""


@settings(max_examples=400, deadline=None)
@given(long_texts, st.sampled_from(["k", "note", "a_much_longer_key_than_usual"]), st.booleans())
def test_long_texts_are_folded_as_pyyaml_folds_them(text: str, key: str, listed: bool) -> None:
    document = {"notes": [{key: text, "where": "book.yaml:1:2"}]} if listed else {key: text}
    expected = render_reference._yaml(document)
    assert yaml_text([document], False, render_reference._yaml) == expected


def test_yaml_reads_back_as_the_json_data() -> None:
    import yaml

    for name, found in reports():
        written = render(found, Format.YAML)
        assert isinstance(written, str)
        assert yaml.safe_load(written) == json.loads(render(found, Format.JSON)), name
