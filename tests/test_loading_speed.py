"""Issue 17: the shortcuts that make loading and start-up fast change no answer.

Each shortcut has a long way it must agree with: value classes with frozen
dataclasses, the one-pass reading of a clean mapping with the reader's own,
the bound on aliases with a walk of every value, remembered answers with
fresh ones. And the work a large book costs is done once per tranche.
"""

import copy
import dataclasses
import inspect
import pickle
import weakref
from dataclasses import field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import SEED_BOOK, run
from hypothesis import given
from hypothesis import strategies as st

from placements.core import dates, memo
from placements.core.problems import InputError, Location, Origin
from placements.core.terms import series
from placements.core.terms.book import Tranche
from placements.core.values import value
from placements.load import shapes, yamlfile
from placements.load.book import load_book
from placements.load.reader import Reader, shown
from placements.load.yamlfile import Cursor, parse_yaml
from placements.schema.kinds import Field, Kind, Shape, Whole


def both_ways():
    """The same two classes, made by ``dataclass(frozen=True)`` and by ``value``."""
    made = []
    for decorate in (dataclasses.dataclass(frozen=True), value):

        @decorate
        class Price:
            amount: Decimal
            currency: str = "CAD"
            history: tuple[int, ...] = field(default_factory=tuple)
            note: str = field(default="", repr=False, compare=False)

        @decorate
        class Quote:
            price: Price
            size: int = 100

        made.append((Price, Quote))
    return made


amounts = st.decimals(allow_nan=False, allow_infinity=False, places=2)


@given(amounts, amounts, st.sampled_from(["CAD", "USD"]), st.text(max_size=5))
def test_value_classes_behave_as_frozen_dataclasses(first, second, currency, note):
    answers = []
    for Price, Quote in both_ways():
        a, b = Price(first, currency, note=note), Price(second, currency)
        quote = Quote(a)
        answers.append(
            (
                repr(a).split(".")[-1],
                repr(quote).replace("both_ways.<locals>.", ""),
                a == b,
                a == Price(first, currency),
                hash(a) == hash(Price(first, currency, note="other")),
                dataclasses.asdict(quote),
                [f.name for f in dataclasses.fields(Quote)],
                Price.__match_args__,
                str(inspect.signature(Price)).replace("<factory>", "FACTORY"),
                repr(dataclasses.replace(quote, size=5)).replace("both_ways.<locals>.", ""),
                a.history,
                vars(a),
            )
        )
        with pytest.raises(
            dataclasses.FrozenInstanceError, match="cannot assign to field 'amount'"
        ):
            a.amount = Decimal(1)  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'size'"):
            del quote.size  # type: ignore[misc]
    assert answers[0] == answers[1]


def test_keyword_only_value_classes_behave_as_dataclasses():
    made = []
    for decorate in (dataclasses.dataclass(frozen=True, kw_only=True), value(kw_only=True)):

        @decorate
        class Row:
            id: str
            count: int | None = None
            total: int

        row = Row(id="t1", total=3)
        made.append(
            (repr(row).split(".")[-1], row == Row(id="t1", total=3), str(inspect.signature(Row)))
        )
        with pytest.raises(TypeError):
            Row("t1", None, 3)  # type: ignore[misc]
    assert made[0] == made[1]


def test_value_refuses_what_it_does_not_make():
    with pytest.raises(TypeError, match="defines __eq__"):

        @value
        class Odd:
            count: int

            def __eq__(self, other: object) -> bool:
                return True


def test_domain_values_stay_frozen():
    tranche = load_book(SEED_BOOK).tranches[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        tranche.units = 1  # type: ignore[misc]
    assert dataclasses.replace(tranche, units=7).units == 7


def test_locations_and_origins_compare_by_value():
    at = Location("book.yaml", 3, 5)
    assert at == Location("book.yaml", 3, 5) and hash(at) == hash(Location("book.yaml", 3, 5))
    assert at != Location("book.yaml", 3, 6)
    assert repr(at) == "Location(file='book.yaml', line=3, column=5)"
    assert str(at) == "book.yaml:3:5" and str(Location("book.yaml")) == "book.yaml"
    origin = Origin(at, "tranches[0]", {"units": Location("book.yaml", 4, 12)})
    assert origin == Origin(Location("book.yaml", 3, 5), "tranches[0]", origin.fields)
    assert origin.of("units") == Location("book.yaml", 4, 12) and origin.of("id") == at


def test_a_read_origin_is_the_origin_written_out():
    book = load_book(SEED_BOOK)
    origin = book.tranches[1].origin
    written = Origin(origin.at, origin.path, dict(origin.fields))
    assert origin == written
    assert (origin.at.line, origin.path) == (written.at.line, "tranches[1]")
    assert (origin.at.line, origin.of("units").line) == (35, 38)  # as seeds/rocmec.yaml has it


def test_a_loaded_book_copies_and_pickles():
    book = load_book(SEED_BOOK)
    assert copy.deepcopy(book) == book
    assert pickle.loads(pickle.dumps(book)) == book


MAPPINGS = {
    "clean": "a: 1\nb: [2]\n",
    "unknown key": "a: 1\nc: 2\n",
    "duplicate key": "a: 1\na: 2\n",
    "missing key": "b: 2\n",
    "merge key": "base: &b {a: 1}\nm:\n  <<: *b\n  b: 2\n",
    "list key": "? [1]\n: 2\na: 1\n",
    "empty key": "'': 1\na: 1\n",
    "explicit merge key": "base: &b {a: 1}\nm:\n  !!merge x: *b\n  b: 2\n",
}


class _Written(Kind):
    """Any value, read as it is shown back to the user: never a problem."""

    def read(self, reader: Reader, cursor: Cursor) -> str:
        return shown(cursor)


_M = Shape(
    "m",
    [Field("a", Whole("a whole number"), "A.", required=True), Field("b", _Written(), "B.")],
    doc="A mapping of a number and anything.",
    build=lambda values, origin: (values, origin.at, origin.path, dict(origin.fields)),
)


@pytest.mark.parametrize("name", MAPPINGS)
def test_one_pass_reading_agrees_with_the_reader(name):
    root = parse_yaml(MAPPINGS[name], "m.yaml")
    merged = name in ("merge key", "explicit merge key")
    cursor = root.child(root.node.value[1][1], "m") if merged else root
    quick, long = Reader(), Reader()
    read = shapes.read_shape(quick, cursor, _M)
    assert read == shapes._read_long_way(long, cursor, _M, shapes._Plan(_M))
    assert (quick.problems, quick.warnings) == (long.problems, long.warnings)
    if name == "clean":
        assert read[0] == {"a": 1, "b": "a list"} and not quick.problems
        assert shapes._PLANS[_M].layouts[("a", "b")] is not None  # read the one-pass way
    elif name in ("merge key", "explicit merge key"):
        assert read is not None and read[0]["a"] == 1  # merged, the long way
    else:
        assert quick.problems  # left to the reader, which reports it


def test_the_alias_bound_counts_every_value(monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_VALUES", 12)
    # 1 root + 2 x 2 keys/values + the list's 3 items + the alias's 3 again = 11
    parse_yaml("a: &x [1, 2, 3]\nb: *x\n", "ok.yaml")
    with pytest.raises(Exception, match="aliases expand to too many values"):
        parse_yaml("a: &x [1, 2, 3]\nb: *x\nc: 4\n", "big.yaml")  # 13
    with pytest.raises(Exception, match="aliases expand to too many values"):
        parse_yaml("[" + ", ".join(["1"] * 12) + "]\n", "flat.yaml")


def test_tags_are_the_safe_loaders():
    text = (
        "a: 'x'\nb: \"1\"\nc: !!str 1\nd: 2\ne: ~\nf: ''\ng: 2007-01-01\nh: 1.5\ni: yes\n"
        "j: [1, {k: 2}]\nl: ! [3]\nm: ! {n: 4}\nq:\n  - r\n  - {s: t}\n"
    )
    # a tag for something else is refused (tests/test_robust.py): !!set among them
    with pytest.raises(InputError, match="a tag this tool does not read"):
        parse_yaml(text + "o: !!set {p}\n", "t.yaml")

    def tags(node: yaml.Node) -> list[str]:
        if isinstance(node, yaml.ScalarNode):
            return [node.tag]
        if isinstance(node, yaml.SequenceNode):
            return [node.tag, *(tag for item in node.value for tag in tags(item))]
        pairs = [tag for key, value in node.value for tag in (*tags(key), *tags(value))]
        return [node.tag, *pairs]

    plain, ours = yaml.compose(text, Loader=yaml.SafeLoader), parse_yaml(text, "t.yaml").node
    assert tags(ours) == tags(plain)
    assert tags(ours)[-5:] == [
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:str",
    ]


class Open:
    """An object with an instance dict: its answers are kept in it."""


class Slotted:
    """One without: its answers are kept beside a weak reference to it."""

    __slots__ = ("__weakref__",)


@pytest.mark.parametrize("Thing", [Open, Slotted])
def test_answers_are_remembered_per_object_while_it_lives(Thing: type):
    made = []

    @memo.per_object
    def fresh(thing: object) -> object:
        made.append(thing)
        return object()

    one, other = Thing(), Thing()
    assert fresh(one) is fresh(one) and fresh(other) is not fresh(one)
    assert len(made) == 2
    del one  # a new object may now take its id: it must get an answer of its own
    assert fresh(Thing()) is not None and len(made) == 3


def test_an_answer_of_none_is_remembered_and_a_remembered_value_is_equal_as_before():
    made = []

    @memo.per_object
    def nothing(thing: object) -> None:
        made.append(thing)

    price = both_ways()[1][0]
    first, second = price(Decimal("1.50")), price(Decimal("1.50"))
    assert (nothing(first), nothing(first), len(made)) == (None, None, 1)
    assert first == second and hash(first) == hash(second) and repr(first) == repr(second)


def test_a_scenario_run_turns_each_tranche_into_series_once(tmp_path: Path, monkeypatch):
    lines = ["issuer: {name: Many}", "tranches:"]
    for n in range(30):
        lines += [
            f"  - id: t{n}",
            f"    closed: 2020-{n % 12 + 1:02d}-15",
            f"    units: {1000 + n}",
            "    unit_price: 0.20",
            "    unit: {shares: 1, warrants: 1}",
            "    warrant: {exercise: [{price: 0.30, months: 24}]}",
        ]
    (tmp_path / "book.yaml").write_text("\n".join(lines) + "\n")
    (tmp_path / "s.yaml").write_text(
        "book: book.yaml\nstart: 2020-01-01\nend: 2022-12-31\nprice: {constant: 0.35}\n"
        "exercise: {policy: before_step_up}\n"
    )
    built: list[Tranche] = []
    original = series._series_of

    def counted(tranche: Tranche):
        built.append(tranche)
        return original(tranche)

    monkeypatch.setattr(series, "_series_of", counted)
    result = run("run", tmp_path / "s.yaml", "--format", "json")
    assert result.code == 0, result.stderr
    assert len(built) == 30 == len({id(t) for t in built})


def test_the_cli_freezes_its_survivors_before_the_interpreter_exits(monkeypatch):
    """A process's last collections scan only what is not frozen (7 s of a 12 s large run)."""
    import gc
    import sys

    from placements import cli

    monkeypatch.setattr(sys, "argv", ["placements", "--help"])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit):
            cli.main()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("Thing", [Open, Slotted])
def test_answers_of_dead_objects_are_let_go(Thing: type):
    """Remembered answers do not outlive their objects for long: the memory stays in proportion."""

    class Answer:
        pass

    @memo.per_object
    def answer(thing: Thing) -> Answer:
        return Answer()

    things = [Thing() for _ in range(3000)]
    answers = [weakref.ref(answer(thing)) for thing in things]
    assert all(ref() is not None for ref in answers)
    del things
    others = [Thing() for _ in range(6000)]  # enough new answers that the memory sweeps
    assert all(answer(thing) is answer(thing) for thing in others)
    assert all(ref() is None for ref in answers)


def test_values_remembered_from_one_file_are_read_anew_where_they_are_wrong(tmp_path: Path):
    """The memory of clean values outlives a file; a problem or warning is still found each time."""
    clean = (
        "issuer: {name: One}\n"
        "tranches:\n"
        "  - {id: t1, closed: 2020-01-15, units: 1000, unit_price: 0.5,\n"
        "     unit: {shares: 1, warrants: 0.5},\n"
        "     warrant: {exercise: [{price: 0.75, months: 12}]}, fees: {cash: {percent: 6}}}\n"
    )
    wrong = (
        "issuer: {name: Two}\n"
        "tranches:\n"
        "  - {id: t1, closed: 2020-01-15, units: 0.5, unit_price: 0.5,\n"
        "     unit: {shares: 1, warrants: 0.5},\n"
        "     warrant: {exercise: [{price: 0.75, months: 12}]}, fees: {cash: {percent: 0.5}}}\n"
    )
    (tmp_path / "one.yaml").write_text(clean)
    (tmp_path / "two.yaml").write_text(wrong)
    assert load_book(tmp_path / "one.yaml").tranches[0].unit_price == Decimal("0.5")
    for _ in range(2):  # the warning is found again, not remembered away
        with pytest.raises(InputError) as raised:
            load_book(tmp_path / "two.yaml")
        found = [(p.field, p.location.line, p.is_warning) for p in raised.value.problems]
        assert found == [
            ("tranches[0].units", 3, False),
            ("tranches[0].fees.cash.percent", 5, True),
        ]


@given(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.integers(min_value=-130_000, max_value=130_000),
)
def test_months_are_added_as_relativedelta_adds_them(start: date, months: int):
    from dateutil.relativedelta import relativedelta

    try:
        expected: date | type[ValueError] = start + relativedelta(months=months)
    except ValueError:
        expected = ValueError
    try:
        got: date | type[ValueError] = dates.add_months(start, months)
    except ValueError:
        got = ValueError
    assert got == expected


def test_month_ends_are_clipped_and_leap_years_kept():
    assert dates.add_months(date(2023, 10, 31), 4) == date(2024, 2, 29)
    assert dates.add_months(date(2100, 1, 31), 1) == date(2100, 2, 28)  # not a leap year
    assert dates.add_months(date(2000, 3, 31), -1) == date(2000, 2, 29)
    assert dates.add_months(date(2020, 1, 15), -13) == date(2018, 12, 15)
    assert dates.months_later(date(2399, 1, 1), 12) is None
