"""Issue 17: the quick composer of block YAML builds libyaml's own tree, or leaves the file to it.

Every tree is compared node by node with the one libyaml composes: class,
tag, value, style and both marks (their class and every field). Where the
quick composer gives up, the file is libyaml's as before, so each test also
checks that it gives up on whatever libyaml refuses.
"""

import random
import re
import string
from pathlib import Path

import fuzzing
import pytest
import yaml
from conftest import ROOT, SEED_BOOK, run
from hostile import HOSTILE, hostile
from hypothesis import given, settings
from hypothesis import strategies as st

from placements.core.text import plain_lines
from placements.load import blockyaml, yamlfile

LIBYAML = yamlfile._Loader
"""libyaml's composer as the loader uses it (the tags as the safe loader resolves them)."""


def differences(ours: yaml.Node, theirs: yaml.Node) -> list[str]:
    """Where two node trees differ (empty when they are the same), walked without recursion."""
    found: list[str] = []
    stack = [("root", ours, theirs)]
    while stack and len(found) < 5:
        path, a, b = stack.pop()
        # our scalars are libyaml's class, their marks made when asked for
        kind = yaml.ScalarNode if type(a) is blockyaml.Scalar else type(a)
        if kind is not type(b):
            found.append(f"{path}: {type(a).__name__} is not {type(b).__name__}")
            continue
        style = "style" if isinstance(a, yaml.ScalarNode) else "flow_style"
        for name in ("tag", style):
            if getattr(a, name) != getattr(b, name):
                found.append(f"{path}: {name} {getattr(a, name)!r} != {getattr(b, name)!r}")
        for name in ("start_mark", "end_mark"):
            x, y = getattr(a, name), getattr(b, name)
            fields = [(m.name, m.index, m.line, m.column, m.buffer, m.pointer) for m in (x, y)]
            if type(x) is not type(y) or fields[0] != fields[1]:
                found.append(f"{path}: {name} {fields[0]} != {fields[1]}")
        if isinstance(a, yaml.ScalarNode):
            if type(a.value) is not type(b.value) or a.value != b.value:
                found.append(f"{path}: value {a.value!r} != {b.value!r}")
        elif len(a.value) != len(b.value):
            found.append(f"{path}: {len(a.value)} entries != {len(b.value)}")
        elif isinstance(a, yaml.MappingNode):
            for n, ((ka, va), (kb, vb)) in enumerate(zip(a.value, b.value, strict=True)):
                stack += [(f"{path}[{n}].key", ka, kb), (f"{path}[{n}].value", va, vb)]
        else:
            stack += [
                (f"{path}[{n}]", x, y)
                for n, (x, y) in enumerate(zip(a.value, b.value, strict=True))
            ]
    return found


def libyaml(text: str) -> yaml.Node | Exception | None:
    """libyaml's tree of ``text``, or the error it raises."""
    try:
        return yaml.compose(text, Loader=LIBYAML)
    except (yaml.YAMLError, RecursionError) as error:
        return error


def agrees(text: str) -> bool:
    """Whether the quick tree of ``text`` is libyaml's (True), or it was left to libyaml (False).

    Fails the test if the quick composer built a tree where libyaml has none, or another tree.
    """
    ours = blockyaml.compose(text, yamlfile.MAX_VALUES)
    if ours is None:
        return False
    theirs = libyaml(text)
    assert isinstance(theirs, yaml.Node), f"libyaml gives {theirs!r} for {text!r}"
    assert not differences(ours, theirs), (differences(ours, theirs), text)
    return True


BUNDLED = sorted(ROOT.glob("placements/examples/**/*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_file_is_composed_as_libyaml_composes_it(path):
    agrees(path.read_text(encoding="utf-8"))


def test_books_and_scenarios_take_the_quick_way():
    """Not a vacuous agreement: the files books are written as are composed here."""
    quick = [path.name for path in BUNDLED if agrees(path.read_text(encoding="utf-8"))]
    assert {"rocmec.yaml", "example-offering.yaml", "flat.yaml", "random.yaml"} <= set(quick)


def test_a_large_synthetic_book_is_composed_as_libyaml_composes_it():
    from benchmark import synthetic_yaml

    assert agrees(synthetic_yaml(300))


# Documents in the subset, made by hypothesis -------------------------------------------

WORDS = [
    "units", "unit_price", "0.20", "0.25", "12", "-5", "6%", "1_000", "0x10", "1e3", ".5",
    "2007-09-21", "2007-09-21 10:00:00", "yes", "No", "on", "OFF", "true", "~", "null",
    "Null", "=", "<<", "same_as_warrants", "a b", "a  b", "x:y", "a#b", "http://x.ca/p?q=1",
    "é", "Rocmec Mining Inc.", "😀 x", "a'b", 'a"b', "a&b", "a*b", "a!b", "a|b", "a>b",
    "-x", "a-", "100%", "1,000", "[x]y",
]  # fmt: skip
KEYS = ["id", "units", "price", "a b", "2007-09-21", "12", "yes", "é", "x.y", "=", "<<", "a-b"]


def plain_words() -> st.SearchStrategy[str]:
    return st.sampled_from(WORDS) | st.text(
        string.ascii_letters + string.digits + "._-", min_size=1, max_size=8
    )


def flow_words() -> st.SearchStrategy[str]:
    """Plain words that stay one scalar inside a flow collection."""
    return plain_words().filter(lambda w: not set(w) & set(",[]{}:#") and w[0] != "-")


def quoted(word: str, double: bool) -> str:
    return f'"{word}"' if double else "'" + word.replace("'", "''") + "'"


def quoted_words() -> st.SearchStrategy[str]:
    words = st.sampled_from([*WORDS, "", " ", "a: b", "# not a comment", "it's"])
    double = words.filter(lambda w: '"' not in w and "\\" not in w)
    return st.builds(quoted, words, st.just(False)) | st.builds(quoted, double, st.just(True))


def spaces() -> st.SearchStrategy[str]:
    return st.sampled_from(["", "", "", " ", "  "])


def flows(depth: int = 0) -> st.SearchStrategy[str]:
    scalar = flow_words() | quoted_words()
    inner = scalar if depth >= 2 else scalar | st.deferred(lambda: flows(depth + 1))
    pad = spaces()
    mapping = st.builds(
        lambda pairs, a, b: "{" + a + ", ".join(f"{k}: {v}" for k, v in pairs) + b + "}",
        st.lists(st.tuples(flow_words(), inner), max_size=3),
        pad,
        pad,
    )
    sequence = st.builds(
        lambda items, a, b: "[" + a + (", " if a else ",  ").join(items) + b + "]",
        st.lists(inner, max_size=3),
        pad,
        pad,
    )
    return mapping | sequence


def tails() -> st.SearchStrategy[str]:
    """What may end a line after its value: spaces, a comment."""
    return st.sampled_from(["", "", "", "  ", " # a comment", "   #: also - [a comment]"])


def scalar_values() -> st.SearchStrategy[str]:
    starts = set("-&*!|>[{%@`?:#")
    return plain_words().filter(lambda w: w[0] not in starts or w == "-5") | quoted_words()


@st.composite
def block(draw: st.DrawFn, indent: int, depth: int, kind: str = "mapping") -> list[str]:
    """The lines of a block mapping (or list) at ``indent``."""
    lines: list[str] = []
    at = " " * indent
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", "# note", at + "# note", "     # x"])))
        if kind == "mapping":
            key = draw(st.sampled_from(KEYS)) + draw(st.sampled_from(["", "", " "]))
            lead = f"{at}{key}:"
        else:
            lead = f"{at}-" + draw(st.sampled_from([" ", " ", "   "]))
        choice = draw(st.integers(0, 5 if depth < 3 else 1))
        if choice == 0:
            lines.append(lead + (" " if kind == "mapping" else "") + draw(scalar_values()))
        elif choice == 1:
            lines.append(lead + (" " if kind == "mapping" else "") + draw(flows()))
        elif choice == 2 and kind == "mapping":
            lines.append(lead + draw(tails()))  # nothing on the key's line: a null, or a block
            nested = draw(st.sampled_from(["null", "mapping", "list", "indentless"]))
            if nested == "mapping":
                lines += draw(block(indent + draw(st.integers(1, 4)), depth + 1))
            elif nested in ("list", "indentless"):
                deeper = indent if nested == "indentless" else indent + draw(st.integers(1, 3))
                lines += draw(block(deeper, depth + 1, "list"))
        elif choice in (2, 3) and kind == "list":
            # an item that is a mapping, its first key on the dash's line
            inner = draw(block(len(lead), depth + 1))
            first = next(n for n, line in enumerate(inner) if line.strip()[:1] not in ("", "#"))
            inner[first] = lead + inner[first][len(lead) :]
            lines += inner
        else:
            lines.append(lead + (" " if kind == "mapping" else "") + draw(scalar_values()))
        lines[-1] += draw(tails()) if not lines[-1].endswith(":") else ""
    return lines


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = draw(block(0, 0))
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(["# a book", "", "  # indented"])))
    ending = draw(st.sampled_from(["\n", "\n", "", "\n\n", "\n# end\n", "\n  "]))
    return "\n".join(lines) + ending


@settings(max_examples=400, deadline=None)
@given(documents())
def test_documents_in_the_subset_are_composed_as_libyaml_composes_them(text):
    theirs = libyaml(text)
    if isinstance(theirs, yaml.Node):
        assert agrees(text), f"left to libyaml: {text!r}"
    else:  # the generator's mistake (a duplicate indentation, say): libyaml's to refuse
        assert blockyaml.compose(text, yamlfile.MAX_VALUES) is None


# Outside the subset, and hostile: left to libyaml ---------------------------------------

OUTSIDE = {
    "anchor and alias": "a: &x 1\nb: *x\n",
    "merge of an anchor": "base: &b {a: 1}\nm:\n  <<: *b\n",
    "tag": "a: !!str 1\n",
    "non-specific tag": "a: ! [3]\n",
    "document start": "---\na: 1\n",
    "document end": "a: 1\n...\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "block scalar": "a: |\n  two\n  lines\n",
    "folded scalar": "a: >\n  two\n",
    "multi-line plain": "a: one\n  two\n",
    "multi-line quoted": "a: 'one\n  two'\n",
    "escape": 'a: "\\x41"\n',
    "multi-line flow": "a: {b: 1,\n   c: 2}\n",
    "tab": "a:\t1\n",
    "carriage return": "a: 1\r\nb: 2\r\n",
    "NEL": "a: 1\x85b: 2\n",
    "line separator": "a: 1\u2028b: 2\n",
    "byte order mark": "\ufeffa: 1\n",
    "control": "a: \x01\n",
    "complex key": "? [1]\n: 2\n",
    "quoted key": "'a b': 1\n",
    "flow key": "{a: 1}: 2\n",
    "empty item": "a:\n  -\n  - 1\n",
    "nested item": "a:\n  - - 1\n",
    "null in flow": "a: {b: , c: 1}\n",
    "key only in flow": "a: {b, c: 1}\n",
    "trailing comma": "a: [1, 2,]\n",
    "root list": "- a\n- b\n",
    "root scalar": "just words\n",
    "root flow": "{a: 1}\n",
    "indented root": "  a: 1\n  b: 2\n",
    "empty": "",
    "only comments": "# nothing\n\n",
    "mapping in a scalar": "a: b: c\n",
    "item where a key belongs": "a: 1\n- b\n",
    "key where an item belongs": "a:\n  - 1\n  b: 2\n",
    "odd indentation": "a:\n    b: 1\n  c: 2\n",
    "value after its key's line": "a:\n  1\n",
    "reserved character": "a: @b\n",
    "long key": "k" * 1100 + ": 1\n",
    "long flow key": "a: {" + "k" * 1100 + ": 1}\n",
    "colon in a flow scalar": "a: {b: c:d}\n",
    "comment without a space": "a: [1]#c\n",
    "deep flow": "a: " + "[" * 60 + "]" * 60 + "\n",
    "deep blocks": "".join(" " * n + f"k{n}:\n" for n in range(60)) + " " * 60 + "v: 1\n",
}


@pytest.mark.parametrize("name", OUTSIDE)
def test_outside_the_subset_the_file_is_left_to_libyaml(name):
    assert blockyaml.compose(OUTSIDE[name], yamlfile.MAX_VALUES) is None


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_texts_are_left_to_libyaml_or_agree(kind):
    text = hostile(kind, 200_000)
    agrees(text)
    agrees("a: " + text + "\n")
    agrees("a:\n  - " + text.replace("\n", " ") + "\n")


LONG = 300_000


@pytest.mark.parametrize(
    "text",
    [
        "a" + " " * LONG + "b\n",  # a key's pattern tried at every space would take minutes
        " " * LONG + "a\n",
        "- " + " " * LONG + "a\n",
        "a: " + "'" + "''" * LONG + "\n",
        "a: [" + " " * LONG + "\n",
        "a: " + "x " * LONG + "# c\n",
    ],
    ids=["spaces in a key", "indentation", "after a dash", "quotes", "flow", "plain"],
)
def test_long_lines_are_read_once(text):
    agrees(text)


def test_a_flat_file_with_too_many_values_is_refused_as_before(monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_VALUES", 12)
    text = "a: [" + ", ".join(["1"] * 11) + "]\n"  # 1 + 2 + 11 = 14 values, no alias
    assert blockyaml.compose(text, 12) is None and blockyaml.compose(text, 14) is not None
    with pytest.raises(Exception, match="aliases expand to too many values"):
        yamlfile.parse_yaml(text, "flat.yaml")


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_mutated_bundled_files_are_composed_as_libyaml_composes_them_or_left_to_it(rng):
    texts = fuzzing.seeds(random.Random(0))
    name = rng.choice([name for name in texts if name.endswith(".yaml")])
    text = texts[name]
    for _ in range(rng.choice([1, 2, 3])):
        text = fuzzing.mutate(text, rng)
    agrees(text)


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_documents_with_a_character_changed_agree_or_are_left_to_libyaml(text, data):
    at = data.draw(st.integers(0, len(text)))
    character = data.draw(st.sampled_from([*" -:#'\"[]{},&*!|>?%@`\n", "  ", "- ", ": "]))
    agrees(text[:at] + character + text[at + 1 :] if data.draw(st.booleans()) else text[:at])


# The same answers through the CLI, whichever composes the file ---------------------------

BROKEN = """issuer:
  name: Broken Resources
shares_outstanding: {count: 5000000, as_of: 2019-12-31}
tranches:
  - id: t1
    closed: 2020-02-30
    units: -100
    unit_price: {price: 0.2}
    unit: {shares: 1, warrants: 0.5, bonus: 1}
    warrant:
      exercise: [{price: 0.25, months: 12}, {price: 0.30}]
  - id: t1
    closed: 2020-03-01
    unitz: 5
"""


@pytest.mark.parametrize("command", ["check", "terms", "calendar"])
@pytest.mark.parametrize("book", ["seed", "broken"])
def test_the_cli_says_the_same_whichever_composes_the_file(
    command, book, tmp_path: Path, monkeypatch
):
    path = SEED_BOOK if book == "seed" else tmp_path / "book.yaml"
    if book == "broken":
        path.write_text(BROKEN, encoding="utf-8")
    assert blockyaml.compose(path.read_text(encoding="utf-8"), yamlfile.MAX_VALUES) is not None
    quick = run(command, path, "--format", "json")
    monkeypatch.setattr(blockyaml, "compose", lambda text, most: None)
    slow = run(command, path, "--format", "json")
    assert (quick.code, quick.stdout, quick.stderr) == (slow.code, slow.stdout, slow.stderr)
    assert quick.code == (0 if book == "seed" else 2)


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=string.printable, max_size=12)
    | st.sampled_from(["yes", "Off", "null", "~", "t0", "tranche", "<<", "=", "1:20", ".inf", "!x"])
    | st.sampled_from(["2020-01-15", "2020-1-5", "100123", "0123", "1_000", "NULL", "on", "t.1"])
    | st.from_regex(r"[0-9]{1,5}(-[0-9]{1,3}){0,2}|[a-zA-Z][a-zA-Z0-9_/.:-]{0,6}", fullmatch=True)
)
def test_a_plain_scalar_is_tagged_as_the_safe_loader_tags_it(text: str) -> None:
    from placements.pyyaml import plain_tag

    resolved = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))
    assert plain_tag(text) == resolved


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x300) | st.sampled_from("\t\r\x7f\x85\u2028")))
def test_plain_lines_are_printable_ascii_and_line_breaks_alone(text):
    assert plain_lines(text) is (re.search("[^\x20-\x7e\n]", text) is None)
    assert plain_lines(f"key: {text}\n") is plain_lines(text)
