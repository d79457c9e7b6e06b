"""The shared rules: slug, numbering, conflicts, word counts, stress parsing."""

from __future__ import annotations

import pytest

from stagecast.model import Direction, Interval, Meta, Paren, Performer, Play, Role, Scene, Speech, Text
from stagecast.rules import (
    conflicts,
    number_speeches,
    role_id_for,
    role_id_problem,
    role_words,
    roles_needed,
    slug,
    slugs,
    total_words,
)
from stagecast.text import display_text, parse_text, spoken_text, with_accents, word_count


def speech(*speakers: str, text: str = "Hello there.") -> Speech:
    parts, problems = parse_text(text)
    assert not problems
    return Speech(speakers=speakers, parts=parts)


def test_slug_transliterates_cyrillic_and_kazakh() -> None:
    assert slug("Татьяна") == "tatyana"
    assert slug("Артур Әлиұлы") == "artur-aliuly"
    assert slug("Actor A") == "actor-a"
    assert slug("Ça va? / Crème") == "ca-va-creme"


def test_slug_escapes_other_scripts_and_is_never_empty() -> None:
    assert slug("東京") == "u6771-u4eac"
    assert slug("???") == "untitled"
    assert slug("") == "untitled"


def test_slug_avoids_windows_reserved_names_and_long_names() -> None:
    assert slug("CON") == "con-"
    assert slug("Aux") == "aux-"
    assert len(slug("word " * 40)) <= 60


def test_slugs_resolve_collisions_in_order() -> None:
    assert slugs(["Actor A", "actor a", "Actor-A", "B"]) == ["actor-a", "actor-a-2", "actor-a-3", "b"]


def test_numbering_runs_through_the_whole_play_across_intervals() -> None:
    one = Scene("one", "One", (speech("a"), Direction("x"), speech("b")))
    two = Scene("two", "Two", (speech("a"),))
    numbered = number_speeches([one, Interval(15), two])
    numbers = [i.number for part in numbered if isinstance(part, Scene) for i in part.items if isinstance(i, Speech)]
    assert numbers == [1, 2, 3]


def _play(scenes: tuple[Scene, ...], performers: tuple[Performer, ...]) -> Play:
    roles = tuple(Role(r, r.title()) for r in ("a", "b", "c"))
    return Play(Meta("T"), roles, performers, scenes)


def test_conflict_when_a_performer_is_needed_for_two_roles_in_one_scene() -> None:
    scenes = (
        Scene("s1", "S1", (speech("a"), speech("b"))),
        Scene("s2", "S2", (speech("a"), Direction("C waits.", roles=("c",)))),
    )
    play = _play(scenes, (Performer("p", "P", ("a", "b")), Performer("q", "Q", ("c", "a"))))
    found = conflicts(play)
    assert [(c.performer, c.scene, c.roles) for c in found] == [("p", "s1", ("a", "b")), ("q", "s2", ("a", "c"))]
    assert found[0].describe(play) == "P plays A and B, who are both in scene 's1'"


def test_no_conflict_for_doubling_across_scenes() -> None:
    scenes = (Scene("s1", "S1", (speech("a"),)), Scene("s2", "S2", (speech("b"),)))
    assert conflicts(_play(scenes, (Performer("p", "P", ("a", "b")),))) == ()


def test_group_speech_makes_both_speakers_needed() -> None:
    scene = Scene("s", "S", (speech("a", "b"),))
    assert roles_needed(scene) == ("a", "b")
    assert len(conflicts(_play((scene,), (Performer("p", "P", ("a", "b")),)))) == 1


def test_word_count_excludes_parentheticals_and_stress_marks() -> None:
    s = speech("a", text="We left (beat) within the hour. Зам+ок — stand-by, don't.")
    assert word_count(s) == 8  # we left within the hour замок stand-by don't


def test_group_speech_words_count_for_each_speaker() -> None:
    play = _play((Scene("s", "S", (speech("a", "b", text="All of us."), speech("c", text="Me."))),), ())
    assert role_words(play) == {"a": 3, "b": 3, "c": 1}
    assert total_words(play) == 7 == sum(role_words(play).values())


def test_stress_marks_plus_and_combining_acute_mean_the_same() -> None:
    plus, _ = parse_text("з+амок")
    acute, _ = parse_text("за\u0301мок")
    assert plus == acute == (Text("замок", (1,)),)
    assert with_accents(plus[0]) == "за\u0301мок"


def test_stress_indices_survive_nfc_and_space_tidying() -> None:
    parts, _ = parse_text("  Cafe\u0301   and   зам+ок  ")
    assert parts == (Text("Cafe and замок", (3, 12)),)
    precomposed, _ = parse_text("Caf\u00e9")
    assert precomposed == (Text("Café"),)


def test_double_plus_is_a_literal_plus() -> None:
    parts, problems = parse_text("Two ++ two")
    assert problems == () and parts == (Text("Two + two"),)


def test_stress_problems_are_located_by_offset() -> None:
    _, problems = parse_text("ab +c")
    assert [(p.offset, p.message) for p in problems] == [
        (3, "stress mark '+' before 'c', which is not a vowel (write ++ for a plus sign)")
    ]


def test_parentheticals_are_printed_not_spoken() -> None:
    s = speech("a", text="Hello (beat), you (to the audience) there.")
    assert s.parts == (Text("Hello "), Paren("beat"), Text(", you "), Paren("to the audience"), Text(" there."))
    assert spoken_text(s) == "Hello, you there."
    assert display_text(s) == "Hello (beat), you (to the audience) there."


def test_unmatched_and_nested_brackets_are_located() -> None:
    _, stray = parse_text("(a) b) c")
    assert [(p.offset, p.message) for p in stray] == [(5, "')' without a matching '('")]
    _, nested = parse_text("Hello (he laughs (a lot) loudly) there.")
    assert [(p.offset, p.message) for p in nested][0] == (17, "brackets cannot be nested inside an inline direction")


@pytest.mark.parametrize("role_id, problem, fix", [
    ("tatyana", None, "tatyana"),
    ("mobilised-man", None, "mobilised-man"),
    ("саша", None, "саша"),
    ("", "is blank", ""),
    ("   ", "is blank", ""),
    ("Sasha", "has a capital letter", "sasha"),
    ("SASHA", "has capital letters", "sasha"),
    ("big man", "has a space", "big-man"),
    ("Big  Man", "has capital letters and a space", "big-man"),
    ("man,woman", "has a comma", "man-woman"),
    ("Man, Woman", "has capital letters, a space and a comma", "man-woman"),
    ("Вера", "has a capital letter", "вера"),
])
def test_role_id_rule_and_the_id_it_suggests(role_id: str, problem: str | None, fix: str) -> None:
    assert role_id_problem(role_id) == problem
    assert role_id_for(role_id) == fix
    assert role_id_problem(fix) == (None if fix else "is blank")
