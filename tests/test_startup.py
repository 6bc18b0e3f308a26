"""Issue 17: the start-up shortcuts change nothing a user sees.

A command run alone is built without the others; PyYAML is imported with
its patterns compiled when first used; table commands leave numpy and pandas
unimported. Each is checked against the long way round.
"""

import json
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT, SEED_BOOK
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from placements.cli import _name, app, app_for
from placements.core.scenario.searches import distinct

RANDOM_SCENARIO = ROOT / "scenarios" / "random.yaml"

COMMANDS = sorted(name for command in app.registered_commands if (name := _name(command)))


def test_every_command_has_a_name():
    assert len(COMMANDS) == len(app.registered_commands) >= 12


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("rest", [["--help"], ["--no-such-option"], []])
def test_a_command_built_alone_answers_as_in_the_whole_app(name, rest):
    runner = CliRunner()
    whole = runner.invoke(app, [name, *rest])
    alone = runner.invoke(app_for([name, *rest]), [name, *rest])
    assert (alone.exit_code, alone.stdout, alone.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


@pytest.mark.parametrize("arguments", [[], ["--help"], ["-h", "check"], ["chek"], ["Check"]])
def test_anything_but_a_command_name_first_gets_the_whole_app(arguments):
    assert app_for(arguments) is app


def test_a_command_alone_is_still_a_group_of_one():
    alone = CliRunner().invoke(app_for(["terms", str(SEED_BOOK)]), ["terms", str(SEED_BOOK)])
    assert alone.exit_code == 0
    assert alone.stdout == CliRunner().invoke(app, ["terms", str(SEED_BOOK)]).stdout


def python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


DOCUMENT = """
plain: [1, -2, 0x1f, 0o17, 1_000, 0.25, 1e3, .inf, -.nan, yes, No, on, ~, null, '', 2020-02-29]
stamps: [2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10]
text: [abc, "1", '0.20', "=", "\u00e9"]
merge: {<<: {a: 1}, b: 2}
"""


def test_pyyaml_reads_as_it_does_when_imported_plainly():
    read = "print(repr(yaml.safe_load({document!r})), repr(yaml.compose({document!r})))"
    lazily = python(f"from placements.pyyaml import yaml\n{read.format(document=DOCUMENT)}")
    plainly = python(f"import yaml\n{read.format(document=DOCUMENT)}")
    assert lazily == plainly
    assert "0.25" in lazily and "datetime.date(2020, 2, 29)" in lazily


def test_only_pyyamls_own_patterns_wait_and_re_is_restored():
    found = python(
        "import re\n"
        "from placements.pyyaml import yaml\n"
        "print(type(yaml.reader.Reader.NON_PRINTABLE).__name__)\n"
        "print(yaml.reader.Reader.NON_PRINTABLE.search('ok\\x07').start())\n"
        "print(re.compile.__module__, isinstance(re.compile('a'), re.Pattern))\n"
    )
    assert found.split("\n")[:3] == ["_PatternWhenUsed", "2", "re True"]


@pytest.mark.parametrize("command", ["terms", "calendar", "check"])
def test_table_commands_import_neither_numpy_nor_pandas_nor_other_formats(command):
    code = (
        "import sys, json\n"
        f"sys.argv = ['placements', {command!r}, {str(SEED_BOOK)!r}]\n"
        "from placements.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    status = done.code\n"
        f"print(json.dumps([status, [m for m in {UNNEEDED!r} if m in sys.modules]]))\n"
    )
    status, heavy = json.loads(python(code).splitlines()[-1])
    assert (status, heavy) == (0, [])


UNNEEDED = (
    "numpy",
    "pandas",
    "placements.load.holdings",  # a book is not holdings: its top keys tell
    "placements.render.documents",  # JSON and YAML
    "placements.render.ics",  # the feed, written only for --format ics
)


def test_the_console_script_runs_without_the_cyclic_collector_from_its_first_import():
    found = python(
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('collector on' if gc.isenabled() else 'collector off'))\n"
        "sys.argv = ['placements', '--help']\n"
        "from placements.command import main\n"
        "main()\n"
    )
    assert found.splitlines()[-1] == "collector off"
    assert "placements.command:main" in (SEED_BOOK.parent.parent / "pyproject.toml").read_text()


def console_script(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "placements", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_console_script_ends_at_once_with_every_line_printed_and_the_status_kept(write):
    from benchmark import synthetic_yaml

    book = write("book.yaml", synthetic_yaml(300))
    arguments = ["terms", str(book), "--format", "csv"]
    done = console_script(*arguments)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == CliRunner().invoke(app, arguments).stdout
    assert done.stdout.count("\n") > 300


def test_the_console_script_still_fails_with_status_2_and_says_why(write):
    done = console_script("terms", str(write("book.yaml", "tranches: 7\n")))
    assert done.returncode == 2
    assert "tranches" in done.stderr
    assert "Traceback" not in done.stderr


def test_ending_at_once_runs_exit_handlers_and_says_a_message_given_as_the_status():
    code = (
        "import atexit, sys\n"
        "from placements.collector import exit_at_once\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "sys.stdout.write('unflushed ')\n"
        "exit_at_once('no such thing')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "unflushed handler ran\n",
        "no such thing\n",
    )


def test_a_library_caller_keeps_nothing_it_loads(write):
    import weakref

    from benchmark import synthetic_yaml

    from placements.api import load_book

    book = load_book(write("book.yaml", synthetic_yaml(2)))
    gone = weakref.ref(book)
    del book
    assert gone() is None


def test_a_random_walk_run_does_not_import_numpys_masked_arrays():
    # np.unique would import numpy.ma only to ask whether its array is masked
    code = (
        "import sys\n"
        f"sys.argv = ['placements', 'run', {str(RANDOM_SCENARIO)!r}, '--paths', '200', '--quiet']\n"
        "from placements.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    status = done.code\n"
        "print(status, 'numpy' in sys.modules, 'numpy.ma' in sys.modules)\n"
    )
    assert python(code).splitlines()[-1] == "0 True False"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=60))
def test_distinct_values_are_numpys_unique(values):
    array = np.array(values, dtype=np.int64)
    assert np.array_equal(distinct(array), np.unique(array))
    assert np.array_equal(distinct(array.reshape(-1, 1)), np.unique(array))


def test_the_console_script_draws_a_walk_apart_and_prints_what_the_library_does():
    """The console script forks a process to draw a walk of many chunks (here three of
    8,192 paths, on Linux); what it prints is what a run in this process prints."""
    arguments = ["run", str(RANDOM_SCENARIO), "--paths", "20000", "--format", "json"]
    # the console script's main, told to say when it forks
    code = (
        "import os, sys\n"
        "fork = os.fork\n"
        "os.fork = lambda: (sys.stderr.write('forked\\n'), fork())[1]\n"
        f"sys.argv = ['placements', *{arguments!r}]\n"
        "from placements.command import main\n"
        "main()\n"
    )
    script = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    here = CliRunner().invoke(app, arguments)
    forked = "forked\n" if sys.platform.startswith("linux") else ""
    assert (script.returncode, script.stderr) == (0, forked)
    assert here.exit_code == 0
    assert json.loads(script.stdout) == json.loads(here.stdout)
    assert json.loads(here.stdout)["paths"] == 20000
