"""Releases that cannot be read: one located line each, exit status 2, nothing written."""

import pytest
from conftest import ROOT, run

from placements.extract import text as release_text

SEPTEMBER = ROOT / "seeds" / "001_cc6d11cc4f05d607.txt"


def refused(tmp_path, *releases) -> list[str]:
    """Run extract with an output file; assert it failed cleanly and wrote nothing."""
    before = set(tmp_path.iterdir())
    target = tmp_path / "book.yaml"
    result = run("extract", *releases, "-o", target)
    assert result.code == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert set(tmp_path.iterdir()) == before
    return result.stderr.splitlines()


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    assert refused(tmp_path, path) == [f"{path}: the file is empty (expected a press release)"]


def test_a_file_of_blank_lines_is_empty(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("\n   \n\t\n")
    assert refused(tmp_path, path) == [f"{path}: the file is empty (expected a press release)"]


def test_a_binary_file(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00closing release")
    assert refused(tmp_path, path) == [
        f"{path}:1:1: a binary file, not a release (got byte 0x03; expected a plain-text press release)"
    ]


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Soci\u00e9t\u00e9 Min\u00e8re Inc.\nunits at $0.10\n".encode("latin-1"))
    assert refused(tmp_path, path) == [
        f"{path}:1:1: not UTF-8 text (got byte 0xe9; expected a text file)"
    ]


def test_a_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(release_text, "MAX_RELEASE_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text(SEPTEMBER.read_text(encoding="utf-8"))
    size = path.stat().st_size
    assert refused(tmp_path, path) == [
        f"{path}: the release is too large to read (got {size:,} bytes; expected at most 1,000 bytes)"
    ]


def test_the_real_size_limit_is_a_megabyte(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"units " * (1024 * 1024 // 6 + 1))
    (line,) = refused(tmp_path, path)
    assert line.endswith("expected at most 1,048,576 bytes)")


def test_a_missing_file(tmp_path):
    path = tmp_path / "nowhere.txt"
    assert refused(tmp_path, path) == [
        f"{path}: no such release (got {path}; expected an existing file)"
    ]


def test_every_bad_file_is_reported_and_nothing_is_drafted_from_the_good_one(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    lines = refused(tmp_path, SEPTEMBER, empty, binary)
    assert [line.split(":")[0] for line in lines] == [str(empty), str(binary)]


def test_a_financing_with_no_date_at_all_is_drafted_with_a_stand_in_closing(tmp_path):
    """Not bad input: the terms are there, only the date is not, and the TODO says so."""
    path = tmp_path / "undated.txt"
    path.write_text(
        "Quarry Point Mining Corp. closed a placement of 2,000,000 units at $0.10 per unit. "
        "Each unit is one share and no warrant.\n"
    )
    result = run("extract", path)
    assert result.code == 0, result.stderr
    assert "    closed: 1900-01-01" in result.stdout
    assert "# TODO: the release states no date at all; 1900-01-01 stands" in result.stdout
    assert "units: 2000000" in result.stdout


@pytest.mark.parametrize("name", ["book.docx", "nowhere/book.yaml"])
def test_a_bad_output_is_refused_before_reading(tmp_path, name):
    result = run("extract", SEPTEMBER, "-o", tmp_path / name)
    assert result.code == 2
    assert "--output" in result.stderr
    assert list(tmp_path.iterdir()) == []
