"""Properties of cue sheets and stats over generated plays."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stagecast.cueing import cue_for, lines_of
from stagecast.cuesheets.sheet import SheetLine, cue_sheet, first_letters
from stagecast.reports.statistics import stats
from stagecast.text import word_count, words
from tests.strategies import plays


def _sheet_speeches(play, performer):
    sheet = cue_sheet(play, performer)
    return [e for s in sheet.scenes for e in s.entries if isinstance(e, SheetLine)]


@settings(max_examples=80, deadline=None)
@given(play=plays())
def test_each_speech_is_on_exactly_its_performers_sheets(play) -> None:
    for speech in play.speeches():
        owners = {p.id for p in play.performers if set(p.roles) & set(speech.speakers)}
        for performer in play.performers:
            count = sum(1 for e in _sheet_speeches(play, performer.id) if e.cue.speech is speech)
            assert count == (1 if performer.id in owners else 0)


@settings(max_examples=80, deadline=None)
@given(play=plays(), n=st.integers(1, 10))
def test_each_cue_is_cue_for_and_at_most_n_words(play, n: int) -> None:
    for performer in play.performers:
        sheet = cue_sheet(play, performer.id, n)
        lines = [e for s in sheet.scenes for e in s.entries if isinstance(e, SheetLine)]
        assert [e.cue.speech for e in lines] == list(lines_of(play, performer.id))
        for entry in lines:
            assert entry.cue == cue_for(play, entry.cue.speech, performer.id, n)
            if entry.cue.previous is not None:
                assert len(words(entry.cue.previous.words)) <= n
                assert entry.cue.previous.speech.number < entry.cue.speech.number
            else:
                assert entry.cue.opening in ("scene opens", "after the interval")


@settings(max_examples=80, deadline=None)
@given(play=plays())
def test_stats_words_add_up(play) -> None:
    data = stats(play)
    assert sum(r["words"] for r in data["roles"]) == data["total_words"]
    single = all(len(play.performers_of(r.id)) <= 1 for r in play.roles)

    def who(role: str) -> str:
        return next((p.id for p in play.performers_of(role)), "unassigned")

    # A group line said by one performer in two of its roles is said (and counted) once.
    twice = any(len({who(r) for r in s.speakers}) < len(s.speakers) for s in play.speeches())
    if single and not twice:
        assert sum(p["words"] for p in data["performers"]) + data["unassigned"]["words"] == data["total_words"]
    for performer in data["performers"]:
        theirs = [s for s in play.speeches() if set(s.speakers) & set(performer["roles"])]
        assert performer["words"] == sum(word_count(s) for s in theirs) == cue_sheet(play, performer["id"]).words


@given(text=st.lists(st.sampled_from(["To", "begin", "with,", "we", "went", "Pavlodar.", "don't", "қала", "—"]),
                     max_size=30).map(" ".join))
def test_first_letters_keeps_one_letter_per_word(text: str) -> None:
    short = first_letters(text)
    assert [w[0] for w in words(text)] == words(short)
    assert all(len(w) == 1 for w in words(short))


def test_first_letters_example_from_the_issue() -> None:
    assert first_letters("To begin with, we went to Pavlodar.") == "T b w, w w t P."
