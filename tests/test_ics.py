"""calendar --format ics: a feed with stable UIDs, windows and reminders, read back with icalendar."""

import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import SEED_BOOK, run
from hypothesis import given, settings
from hypothesis import strategies as st

from placements.render.ics import NAMESPACE, uid

icalendar = pytest.importorskip("icalendar")

SECOND_BOOK = """\
issuer: {name: Other Gold Corp., ticker: "TSXV:OGC"}
tranches:
  - id: 2008-05-pp
    closed: 2008-05-01
    units: 1000000
    unit_price: 0.10
    unit: {shares: 1, warrants: 1}
    warrant:
      exercise:
        - {price: 0.15, months: 12}
        - {price: 0.20, months: 12}
    hold: {months: 4}
"""


def feed(*args):
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "feed.ics"
        result = run("calendar", *args, "-o", target)
        assert result.code == 0, result.stderr
        data = target.read_bytes()
    # RFC 5545 lines end in CRLF, and only there
    assert data.count(b"\r\n") == data.count(b"\n")
    return icalendar.Calendar.from_ical(data)


def events(calendar):
    return [component for component in calendar.walk("VEVENT")]


def by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in events(calendar)}


def test_the_feed_holds_every_dated_event_of_the_book():
    found = by_summary(feed(SEED_BOOK))
    assert set(found) == {
        "TSXV:RMI 2007-09-ft: closing",
        "TSXV:RMI 2007-11-mf-t4: closing",
        "TSXV:RMI 2007-09-ft: free trading",
        "TSXV:RMI 2007-11-mf-t4: free trading",
        "TSXV:RMI 2007-09-ft/warrants: step-up",
        "TSXV:RMI 2007-11-mf-t4/warrants: step-up",
        "TSXV:RMI 2007-11-mf-t4/finder-options: step-up",
        "TSXV:RMI 2007-09-ft/warrants: expiry",
        "TSXV:RMI 2007-11-mf-t4/warrants: expiry",
        "TSXV:RMI 2007-11-mf-t4/finder-options: expiry",
    }
    free = found["TSXV:RMI 2007-09-ft: free trading"]
    assert free["DTSTART"].dt == date(2008, 1, 22)
    assert free["DTEND"].dt == date(2008, 1, 23)
    step = found["TSXV:RMI 2007-11-mf-t4/warrants: step-up"]
    assert step["DTSTART"].dt == date(2008, 11, 22)
    assert str(step["DESCRIPTION"]) == (
        "last day at 0.25; 0.30 from the next day\nCount: 2,675,194."
    )
    assert found["TSXV:RMI 2007-09-ft/warrants: expiry"]["DTSTART"].dt == date(2009, 9, 21)


def test_uids_are_unique_and_stable_across_runs_and_windows():
    first = {str(e["SUMMARY"]): str(e["UID"]) for e in events(feed(SEED_BOOK))}
    again = {str(e["SUMMARY"]): str(e["UID"]) for e in events(feed(SEED_BOOK))}
    window = {
        str(e["SUMMARY"]): str(e["UID"])
        for e in events(feed(SEED_BOOK, "--from", "2008-06-01", "--to", "2008-12-31"))
    }
    assert first == again
    assert len(set(first.values())) == len(first)
    assert window and all(first[summary] == uid for summary, uid in window.items())


def test_the_window_keeps_the_events_between_from_and_to():
    found = events(feed(SEED_BOOK, "--from", "2008-06-01", "--to", "2008-12-31"))
    assert sorted(e["DTSTART"].dt for e in found) == [
        date(2008, 9, 21),
        date(2008, 11, 22),
        date(2008, 11, 22),
    ]


def test_remind_adds_an_alarm_before_each_step_up_and_expiry_only():
    for event in events(feed(SEED_BOOK, "--remind", "14")):
        alarms = event.walk("VALARM")
        if str(event["CATEGORIES"].cats[0]) in ("step-up", "expiry"):
            assert len(alarms) == 1
            assert alarms[0]["TRIGGER"].dt == timedelta(days=-14)
            assert str(alarms[0]["ACTION"]) == "DISPLAY"
        else:
            assert alarms == []


def test_any_number_of_books_make_one_feed(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(SECOND_BOOK)
    found = by_summary(feed(SEED_BOOK, other))
    assert len(found) == 10 + 4
    assert found["TSXV:OGC 2008-05-pp/warrants: step-up"]["DTSTART"].dt == date(2009, 5, 1)
    assert len({str(event["UID"]) for event in events(feed(SEED_BOOK, other))}) == 14


def test_long_lines_are_folded_and_text_escaped():
    from placements.render.ics import Entry
    from placements.render.ics import feed as make_feed

    text = make_feed(
        "x",
        [Entry("k", date(2008, 1, 1), "a, b; c\\d " + "é" * 60, "one\ntwo", "c")],
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = events(icalendar.Calendar.from_ical(text))[0]
    assert str(event["SUMMARY"]) == "a, b; c\\d " + "é" * 60
    assert str(event["DESCRIPTION"]) == "one\ntwo"


def test_ics_prints_to_standard_output_too():
    result = run("calendar", SEED_BOOK, "--format", "ics")
    assert result.code == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR\n")


def test_other_commands_refuse_ics():
    result = run("terms", SEED_BOOK, "--format", "ics")
    assert result.code == 2
    assert "ics is written by calendar only" in result.stderr


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_event_uids_are_name_based_uuids(key: str) -> None:
    assert uid(key) == f"{uuid.uuid5(NAMESPACE, key)}@placements"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab, ;\\\né"), max_size=300))
def test_any_text_is_folded_to_75_octets_and_reads_back(text: str) -> None:
    from placements.render.ics import Entry
    from placements.render.ics import feed as make_feed

    made = make_feed(
        "x", [Entry("k", date(2008, 1, 1), "s" + text, "d" + text, "c")], datetime(2026, 1, 1)
    )
    lines = made.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    event = events(icalendar.Calendar.from_ical(made))[0]
    assert str(event["SUMMARY"]) == "s" + text
    assert str(event["DESCRIPTION"]) == "d" + text
