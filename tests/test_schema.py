"""One schema for every format: the JSON Schema editors read, the reference page, a new field."""

import json
import re

import jsonschema
import pytest
import yaml
from conftest import ROOT, run

EXAMPLES = ROOT / "placements" / "examples"


class TextDates(yaml.SafeLoader):
    """YAML as an editor's language server reads it: an unquoted date stays text."""


TextDates.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema_of(name: str) -> dict:
    result = run("schema", name)
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = schema_of(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(name: str, text: str) -> list[str]:
    document = yaml.load(text, Loader=TextDates)
    return [error.message for error in validator(name).iter_errors(document)]


def test_the_bundled_book_validates_against_the_printed_schema():
    assert errors("book", (EXAMPLES / "seeds" / "rocmec.yaml").read_text()) == []


@pytest.mark.parametrize("path", sorted((EXAMPLES / "scenarios").glob("*.yaml")), ids=str)
def test_each_bundled_scenario_validates(path):
    assert errors("scenario", path.read_text()) == []


def test_the_readme_examples_validate():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    book = next(block for block in blocks if block.startswith("issuer:"))
    scenario = next(block for block in blocks if block.startswith("name:"))
    assert errors("book", book) == []
    assert errors("scenario", scenario) == []


def test_a_typo_fails_validation_as_it_fails_check(write):
    text = (EXAMPLES / "seeds" / "rocmec.yaml").read_text().replace("unit_price:", "unit_prise:")
    found = errors("book", text)
    assert "Additional properties are not allowed ('unit_prise' was unexpected)" in found
    assert "'unit_price' is a required property" in found
    result = run("check", write("book.yaml", text))
    assert result.code == 2
    assert "unknown key; did you mean 'unit_price'? (got unit_prise;" in result.stdout


def test_units_and_gross_together_validate():
    # releases state both (issue 12): the computed gross stays the rule, a difference is noted
    text = """
issuer: {name: X}
tranches:
  - {id: t, closed: 2020-01-15, units: 100, gross_proceeds: 20, unit_price: 0.2}
"""
    assert not errors("book", text)


def test_percents_validate_with_or_without_the_sign():
    text = """
issuer: {name: X}
tranches:
  - id: t
    closed: 2020-01-15
    units: 100
    unit_price: 0.2
    fees: {cash: {percent: 7%}, shares: {percent_of_units: 2}}
"""
    assert errors("book", text) == []


def test_the_schema_files_shipped_with_the_examples_are_current():
    for name in ("book", "scenario", "holdings"):
        shipped = (EXAMPLES / "schema" / f"{name}.schema.json").read_text()
        assert shipped == run("schema", name).stdout


def test_the_bundled_files_name_their_schema():
    assert (
        (EXAMPLES / "seeds" / "rocmec.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../schema/book.schema.json\n")
    )
    for path in (EXAMPLES / "scenarios").glob("*.yaml"):
        assert path.read_text().startswith(
            "# yaml-language-server: $schema=../schema/scenario.schema.json\n"
        ), path


def test_the_format_reference_is_current():
    """docs/formats.md is generated; regenerate it with `placements schema --reference`."""
    page = (ROOT / "docs" / "formats.md").read_text()
    assert page == run("schema", "--reference").stdout


def test_the_reference_documents_every_key_the_loader_reads():
    page = run("schema", "--reference").stdout
    for key in ("gross_proceeds", "percent_of_units", "trading_days_per_year", "exchange"):
        assert f"| `{key}` |" in page
    assert "| `notice_days` | a whole number from 0 to 3,650 | `30` |" in page


def test_drafts_from_extract_validate():
    result = run("extract", ROOT / "seeds" / "000_401a3251704480ad.txt")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("# yaml-language-server: $schema=book.schema.json\n")
    assert errors("book", result.stdout) == []


# The exchange: one Field in placements/schema/book.py, and Issuer.exchange.


def test_the_exchange_is_read_and_shown(write):
    book = write(
        "book.yaml",
        """
        issuer: {name: X Corp, exchange: CSE}
        tranches:
          - {id: t, closed: 2020-01-15, units: 100, unit_price: 0.2}
        """,
    )
    result = run("terms", book, "--format", "json")
    assert result.code == 0, result.stderr
    assert result.json()["issuer"] == {
        "name": "X Corp",
        "ticker": None,
        "exchange": "CSE",
        "currency": "CAD",
    }


def test_an_unknown_exchange_is_a_located_error(write):
    book = write(
        "book.yaml",
        """
        issuer: {name: X Corp, exchange: NYSE}
        tranches:
          - {id: t, closed: 2020-01-15, units: 100, unit_price: 0.2}
        """,
    )
    assert run("check", book).code == 2
    line = run("terms", book).stderr.strip()
    assert line == (
        f"{book}:1:34: issuer.exchange: not a known choice "
        "(got NYSE; expected one of TSXV, CSE, TSX, NEO)"
    )
