"""``stagecast schedule``: the availability file's errors, the planner's promises, and the
three outputs — the .ics read back with a real iCalendar library and held to RFC 5545's rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli
from stagecast.schedule.availability import Absence, Availability, Session
from stagecast.schedule.availability_yaml import read_availability
from stagecast.schedule.calendar_ics import fold, render_ics
from stagecast.schedule.planner import naive_calls, performers_in, plan_calls

AVAILABILITY = Path(__file__).parent / "data" / "schedule" / "availability.yaml"


def run(*args: str):
    return CliRunner().invoke(cli, ["schedule", *args])


def test_the_sample_table(sample_path: Path) -> None:
    result = run(str(sample_path), "--availability", str(AVAILABILITY))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == """\
# Here.Almaty — rehearsal calls

Times in Asia/Almaty; each scene rehearsed for 3× its running time, rounded up to 5 minutes. \
Performers wait 10 min in all between their calls.

| date | time | scenes | called |
|---|---|---|---|
| Tue 2026-12-08 | 18:00–18:15 | The Mobilised Man (15 min) | Actor A |
| Tue 2026-12-08 | 18:15–18:25 | Prologue (10 min) | Actor A, Actor B, Actor E |
| Tue 2026-12-08 | 18:25–18:35 | Afterwards (10 min) | Actor A, Actor B, Actor D |
| Tue 2026-12-08 | 18:35–18:50 | The Couple (15 min) | Actor B, Actor D, Actor E |
| Tue 2026-12-08 | 18:50–19:05 | Tatyana (15 min) | Actor E |
| Thu 2026-12-10 | 18:00–18:10 | Artur (10 min) | Actor C |
"""


def test_the_ics_imports_with_a_real_icalendar_library(sample_path: Path, tmp_path: Path, sample_play) -> None:
    icalendar = pytest.importorskip("icalendar")
    out = tmp_path / "calls.ics"
    result = run(str(sample_path), "--availability", str(AVAILABILITY), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 6
    first = events[0]
    # 18:00 in Almaty (UTC+5) is 13:00 UTC, written as UTC.
    assert first.decoded("DTSTART") == datetime(2026, 12, 8, 13, 0, tzinfo=UTC)
    assert first.decoded("DTEND") == datetime(2026, 12, 8, 13, 15, tzinfo=UTC)
    prologue = events[1]
    attendees = prologue.get("ATTENDEE")
    assert [a.params["CN"] for a in attendees] == ["Actor A", "Actor B", "Actor E"]
    assert "Prologue" in str(prologue.get("DESCRIPTION"))
    assert len({str(e.get("UID")) for e in events}) == 6
    for event in events:
        scene_titles = str(event.get("DESCRIPTION")).split("\n")[0].removeprefix("Scenes: ").split("; ")
        scenes = [s for s in sample_play.scenes if s.title in scene_titles]
        wanted = {sample_play.performer(p).name for s in scenes for p in performers_in(sample_play, s)}
        got = event.get("ATTENDEE")
        got = [got] if not isinstance(got, list) else got
        assert {a.params["CN"] for a in got} == wanted


def test_the_ics_keeps_rfc_5545s_line_rules(sample_play) -> None:
    title = "Здесь.Алматы; монологи из глубины старого торгового центра, с песнями"
    play = replace(sample_play, meta=replace(sample_play.meta, title=title))
    availability = Availability("Europe/London", (Session(date(2027, 1, 4), time(18), time(21)),))
    data = render_ics(play, plan_calls(play, availability), availability, stamp=datetime(2027, 1, 1, tzinfo=UTC))
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long lines were folded, not cut
    for line in lines:
        line.decode("utf-8")  # no UTF-8 character split across a fold
    assert all(line.endswith(b"Z") for line in lines if line.startswith((b"DTSTART", b"DTEND", b"DTSTAMP")))
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:Здесь.Алматы\\; монологи из глубины старого торгового центра\\, с песнями: Prologue" in unfolded


@pytest.mark.parametrize("line", ["A" * 75, "A" * 76, "Ж" * 80, "DESCRIPTION:" + "é" * 100])
def test_folding_splits_at_75_octets_and_unfolds_to_the_line(line: str) -> None:
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert all(part.startswith(b" ") for part in folded[1:])
    assert b"".join([folded[0], *(part[1:] for part in folded[1:])]).decode("utf-8") == line


def test_nobody_is_called_when_unavailable(sample_play) -> None:
    day = date(2027, 1, 4)
    # Actor E (the Prologue, Tatyana, the Couple) cannot come before 19:00: their scenes go after it.
    availability = Availability("Europe/London", (Session(day, time(18), time(21)),),
                                (Absence("actor-e", day, time(18), time(19)),))
    plan = plan_calls(sample_play, availability)
    assert not plan.unplaced
    for call in plan.calls:
        if "actor-e" in call.performers:
            assert call.start >= time(19), call


def test_a_scene_that_cannot_be_placed_is_named_with_why(sample_path: Path, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("timezone: UTC\nsessions:\n  - {date: 2027-01-04, from: '18:00', to: '18:10'}\n"
                                     "unavailable:\n  actor-c: [{date: 2027-01-04}]\n", encoding="utf-8")
    result = run(str(sample_path), "--availability", str(tmp_path / "a.yaml"))
    assert result.exit_code == 0
    assert "warning: scene 'artur' is not scheduled: no session has room for it when all its performers are free\n" \
        in result.stderr
    assert "warning: scene 'couple' is not scheduled: needs 15 min, longer than any session (10 min)\n" in result.stderr
    assert "Not scheduled: The Couple: needs 15 min, longer than any session (10 min)." in result.stdout


def test_the_planner_never_keeps_people_waiting_longer_than_the_plays_order(sample_play) -> None:
    availability = read_availability(AVAILABILITY, sample_play)
    assert plan_calls(sample_play, availability).idle_minutes == 10
    assert naive_calls(sample_play, availability).idle_minutes == 55


def test_rate_scales_rehearsal_time(sample_path: Path) -> None:
    result = run(str(sample_path), "--availability", str(AVAILABILITY), "--rate", "6")
    assert "| Prologue (15 min) |" in result.stdout
    assert "for 6× its running time" in result.stdout


def test_a_pdf_by_suffix(sample_path: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "calls.pdf"
    result = run(str(sample_path), "--availability", str(AVAILABILITY), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = PdfReader(out).pages[0].extract_text()
    assert "Prologue" in text and "Actor E" in text and "18:15–18:25" in text


BAD = """\
timezone: Asia/Almati
sessions:
  - {date: 2026-12-08, from: "18:00", to: "21:00"}
  - {date: 2026-12-08, from: "20:00", to: "22:00"}
  - {date: 2026-02-30, from: "18:00", to: "21:00"}
  - {date: 2026-12-09, from: "25:00", to: "21:00"}
  - {date: 2026-12-10, from: 19:00, to: "18:00"}
unavailable:
  actr-c:
    - {date: 2026-12-08}
  Actor B:
    - {date: 2026-12-08, from: "18:00"}
  artur:
    - {date: tuesday}
"""


def test_every_problem_of_the_availability_file_located_in_one_pass(sample_path: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(BAD, encoding="utf-8")
    Path("calls.ics").write_bytes(b"the user's own calendar")
    result = run(str(sample_path), "--availability", "a.yaml", "-o", "calls.ics")
    assert result.exit_code == 1
    assert result.stderr == """\
a.yaml:1:11: error: unknown timezone 'Asia/Almati' (did you mean 'Asia/Almaty'?); give an IANA name such as \
Europe/London or Asia/Almaty
a.yaml:4:5: error: overlapping availability: this session on 2026-12-08 overlaps the one at line 3; join them into one entry
a.yaml:5:12: error: date '2026-02-30' is not a day of the calendar; check the month and the day
a.yaml:6:30: error: 'from' time '25:00' must be a 24-hour time HH:MM, e.g. 18:30
a.yaml:7:41: error: the session on 2026-12-10 ends at 18:00, not after it starts (19:00); a session ends on the \
day it starts
a.yaml:9:3: error: unknown performer 'actr-c' (did you mean 'actor-c'?)
a.yaml:11:3: error: unknown performer 'Actor B' (did you mean 'actor-b'? 'Actor B' is that performer's name; the \
file uses their id)
a.yaml:12:26: error: an absence of 'Actor B' gives 'from' without 'to'; give both, or neither for the whole day
a.yaml:13:3: error: unknown performer 'artur' ('artur' is a role, played by actor-c; name the performer)
a.yaml:14:14: error: date 'tuesday' must be written YYYY-MM-DD, e.g. 2026-12-08
10 errors found
"""
    assert Path("calls.ics").read_bytes() == b"the user's own calendar"


@pytest.mark.parametrize(("text", "message"), [
    ("timezone: almaty\nsessions: []\n",
     "a.yaml:1:11: error: unknown timezone 'almaty' (did you mean 'Asia/Almaty'?); give an IANA name such as "
     "Europe/London or Asia/Almaty\na.yaml:2:11: error: no sessions: list at least one {date, from, to}\n"),
    ("sessions:\n  - {date: 2027-01-04, from: '18:00', until: '21:00'}\n",
     "a.yaml:1:1: error: the availability file needs 'timezone'\n"
     "a.yaml:2:5: error: a session needs 'to'\n"
     "a.yaml:2:39: error: unknown key 'until' in a session (expected one of: date, from, to)\n"),
    ("timezone: UTC\nsessions: [{date: 2027-01-04, from: '18:00', to: '21:00'}]\nunavailable:\n"
     "  actor-a:\n    - {date: 2027-01-04}\n    - {date: 2027-01-04, from: '19:00', to: '20:00'}\n",
     "a.yaml:6:7: error: overlapping availability: this absence of 'actor-a' on 2027-01-04 overlaps the one at "
     "line 5; join them into one entry\n"),
])
def test_more_availability_mistakes(sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    text: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(text, encoding="utf-8")
    result = run(str(sample_path), "--availability", "a.yaml")
    assert result.exit_code == 1
    assert result.stderr == message + f"{message.count('error:')} error{'s' if message.count('error:') > 1 else ''} found\n"


def test_an_output_named_like_the_availability_file_is_refused_and_it_stays(sample_path: Path, tmp_path: Path) -> None:
    mine = tmp_path / "availability.yaml"
    mine.write_bytes(AVAILABILITY.read_bytes())
    result = run(str(sample_path), "--availability", str(mine), "-o", str(mine))
    assert result.exit_code == 2
    assert f"Error: -o {mine}: the schedule is written as md, pdf, ics, not .yaml\n" in result.stderr
    assert mine.read_bytes() == AVAILABILITY.read_bytes()


def test_an_alternate_cast_is_called_for_the_scenes_it_plays(sample_path: Path, tmp_path: Path) -> None:
    """With `--cast`, the cast's performer is called (and their absences count), not the main one."""
    import shutil

    folder = tmp_path / "script"
    shutil.copytree(sample_path, folder)
    play_yaml = folder / "play.yaml"
    play_yaml.write_text(play_yaml.read_text(encoding="utf-8") + "casts:\n  understudy: {artur: actor-b}\n",
                         encoding="utf-8")
    result = run(str(folder), "--availability", str(AVAILABILITY), "--cast", "understudy")
    assert result.exit_code == 0, result.stderr
    artur = next(line for line in result.stdout.splitlines() if "| Artur (" in line)
    assert artur.endswith("| Actor B |"), result.stdout


def test_the_pdf_prints_the_languages_quotation_marks(sample_play) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from stagecast.schedule.schedule_pdf import render_pdf

    play = replace(sample_play, meta=replace(sample_play.meta, title='The "Here" evenings'))
    availability = read_availability(AVAILABILITY, play)
    text = PdfReader(BytesIO(render_pdf(play, plan_calls(play, availability), availability))).pages[0].extract_text()
    assert "The “Here” evenings — rehearsal calls" in text
