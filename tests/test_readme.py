"""The README is true: its commands run as shown and its example book is valid."""

import re

import yaml
from conftest import ROOT, run

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, re.S)


def test_the_readme_opens_with_the_two_set_up_commands():
    language, first_block = BLOCKS[0]
    lines = first_block.strip().splitlines()
    assert language == "sh"
    assert len(lines) == 2
    assert lines[0].startswith("pip install . && placements ")
    assert lines[1].startswith('pip install -e ".[test]" && ')
    assert "pytest" in lines[1]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    assert "README.md" in script
    assert "lines == 2" in script


YAML_EXAMPLES = [block for language, block in BLOCKS if language == "yaml"]


def test_the_example_scenario_is_valid(tmp_path):
    (example,) = [block for block in YAML_EXAMPLES if block.startswith("name:")]
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    (tmp_path / "scenarios").mkdir()
    path = tmp_path / "scenarios" / "example.yaml"
    path.write_text(example)
    result = run("run", path, "--format", "json")
    assert result.code == 0, result.stderr
    document = result.json()
    assert document["scenario"] == "Rally through the step-ups"
    assert document["exercises"][0] == {
        "date": "2008-05-01",
        "series": "2007-11-mf-t4/warrants",
        "count": 1337597,
        "price": "0.25",
        "proceeds": "334399.25",
    }


def test_the_example_book_is_valid(tmp_path):
    (example,) = [block for block in YAML_EXAMPLES if block.startswith("issuer:")]
    assert yaml.safe_load(example)["issuer"]["name"] == "Example Resources Corp."
    path = tmp_path / "example.yaml"
    path.write_text(example)
    result = run("terms", path, "--format", "json")
    assert result.code == 0, result.stderr
    (tranche,) = result.json()["tranches"]
    assert tranche["units"] == 1000000
    assert tranche["cash_fees"] == "8900.00"
    assert tranche["shares_issued"] == 1000000 + 20000 + 10000
    assert tranche["warrants"] == 500000 + 5000
    assert tranche["finder_options"] == 70000
    assert tranche["free_trading_from"] == "2024-07-16"
    assert run("check", path).code == 0


def test_the_benchmark_script_runs(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "benchmark.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for heading in ("1. Monte Carlo", "2. Synthetic book", "3. Start-up"):
        assert heading in result.stdout
    assert "engine agrees with the loop          yes" in result.stdout


def test_the_random_walk_example_runs(tmp_path):
    (example,) = [block for block in YAML_EXAMPLES if "random_walk:" in block.split("\n")[1]]
    path = tmp_path / "walk.yaml"
    path.write_text(f"book: {ROOT / 'seeds' / 'rocmec.yaml'}\nstart: 2007-09-21\nend: 2009-12-31\n")
    with path.open("a") as file:
        file.write(example)
    result = run("run", path, "--paths", "50", "--format", "json")
    assert result.code == 0, result.stderr
    assert result.json()["price"] == (
        "random walk from 0.28, volatility 80%, drift 0%, 50 paths, seed 2007, draws 3 (bridged)"
    )
