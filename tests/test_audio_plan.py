"""The track plan: what each mode says, leaves silent or turns into a gap (pure, no audio)."""

from __future__ import annotations

import pytest

from stagecast import load_play
from stagecast.audio.engines.base import ACUTE
from stagecast.audio.plan import PlanOptions, plan_track
from tests.audio_support import write_play


@pytest.fixture
def play(tmp_path):
    return load_play(write_play(tmp_path / "play"))


def items(sections):
    return [i for s in sections for i in s.items]


def test_full_read_through_speaks_every_speech_and_keeps_directions_silent(play):
    sections = plan_track(play, PlanOptions())
    kinds = [(i.id, i.kind) for i in items(sections)]
    assert kinds == [("d1", "direction"), ("s1", "speech"), ("s2", "speech"), ("p1", "pause"), ("s3", "speech"),
                     ("c1", "sound"), ("s4", "speech"), ("s5", "speech"), ("i1", "pause"), ("s6", "speech"),
                     ("s7", "speech")]
    direction = items(sections)[0]
    assert direction.say is None and direction.seconds == 1.0
    assert [s.id for s in sections] == ["gate", "interval-1", "road"]


def test_parentheticals_are_never_spoken_and_pronunciations_apply_to_speech_only(play):
    by_id = {i.id: i for i in items(plan_track(play, PlanOptions()))}
    assert by_id["s2"].say.utterance.text == "It is. Straight on, past the old castle."
    assert by_id["s1"].say.utterance.text == f"Good evening. Is this the road to Almaty{ACUTE}?"
    assert by_id["s1"].text == "Good evening. Is this the road to Almaty?"  # captions keep the spelling


def test_rehearsal_turns_all_the_performers_lines_into_gaps(play):
    got = [(i.id, i.kind) for i in items(plan_track(play, PlanOptions("rehearsal", "actor-b")))]
    assert ("s2.tone", "tone") in got and ("s2", "gap") in got
    assert ("s4", "gap") in got  # Olga: the performer's second role
    assert ("s5", "gap") in got  # a group speech they share
    assert ("s1", "speech") in got and ("s3", "speech") in got


def test_gap_measures_the_line_in_its_own_voice(play):
    gap = next(i for i in items(plan_track(play, PlanOptions("rehearsal", "actor-b"))) if i.id == "s4")
    assert gap.say.role == "olga" and gap.say.utterance.lang == "ru"


def test_no_tone_means_no_tone_items(play):
    got = items(plan_track(play, PlanOptions("rehearsal", "actor-a", tone=False)))
    assert not [i for i in got if i.kind == "tone"]


def test_cues_mode_plays_each_cue_then_the_gap(play):
    got = [(i.id, i.kind) for i in items(plan_track(play, PlanOptions("cues", "actor-a", tone=False)))]
    # s1 opens the scene after a direction; s3 answers s2 (with the pause between); s5 answers
    # s4 (the door sound comes before s4, so it is no part of s5's cue); s6 opens scene two.
    assert got == [("d1", "direction"), ("s1", "gap"), ("s2", "speech"), ("p1", "pause"), ("s3", "gap"),
                   ("s4", "speech"), ("s5", "gap"), ("s6", "gap")]


def test_narrate_reads_directions_and_scene_titles(play):
    got = items(plan_track(play, PlanOptions(narrate=True)))
    assert got[0].id == "gate.title" and got[0].say.utterance.text == "At the gate"
    direction = next(i for i in got if i.id == "d1")
    assert direction.say.role is None and direction.say.utterance.text == "Enter Anna and Boris."


def test_one_scene(play):
    sections = plan_track(play, PlanOptions(scene="road"))
    assert [s.id for s in sections] == ["road"]


def test_speech_ids_are_the_same_in_every_mode(play):
    full = {i.id for i in items(plan_track(play, PlanOptions())) if i.kind == "speech"}
    rehearsal = {i.id for i in items(plan_track(play, PlanOptions("rehearsal", "actor-a")))
                 if i.kind in ("speech", "gap")}
    assert full == rehearsal


def test_group_line_of_roles_with_different_languages_is_in_the_play_language() -> None:
    from stagecast.model import Meta, Play, Role, Scene, Speech, Text
    from stagecast.rules import speech_lang

    babushka, man = Role("babushka", "Babushka", lang="ru"), Role("man", "Man", lang="en")
    together = Speech(("babushka", "man"), (Text("Next stop!"),), number=1)
    alone = Speech(("babushka",), (Text("Да."),), number=2)
    play = Play(Meta("T", lang="en"), (babushka, man), (), (Scene("s", "S", (together, alone)),))
    assert speech_lang(play, together) == "en"
    assert speech_lang(play, alone) == "ru"


def test_a_mark_written_on_the_word_wins_over_the_pronunciation_table():
    from stagecast.audio.utterance import Pronouncer
    from stagecast.model import Pronunciation, Text

    table = Pronouncer.build((Pronunciation("замок", "зам+ок", "ru"),), "ru")
    assert table.apply(Text("Старый замок.")) == f"Старый замо{ACUTE}к."
    # з+амок: the author marked this one, so the table (замо́к) must not replace it
    assert table.apply(Text("Старый замок.", stress=(8,))) == f"Старый за{ACUTE}мок."
