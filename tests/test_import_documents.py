"""`stagecast import` of scripts in plain text and Markdown (the script recogniser, issue 23):
each convention, the guesses listed and commented, pinned speakers, and refusing what has no play."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from stagecast.api import load_play
from stagecast.cli import cli
from stagecast.model import Direction, Paren, Speech, Text

ENGLISH = """\
The Visit
A play in one act

Characters
TATYANA, a woman from Siberia
ARTUR — a Kazakh born in Russia

ACT ONE

Scene 1

(A kitchen. Morning.)

TATYANA: Good morning. (beat) Tea?
ARTUR. No, thank you.
TATYANA (quietly): More for me then.
(She drinks.)
ARTUR
I will go now.
It is late.
ALL: Goodbye!

Scene 2

TATYANA: Alone again.
"""

RUSSIAN = """\
Визит

Действующие лица
Татьяна, 40 лет
Артур, её сосед

Действие первое

Явление 1

Татьяна. Доброе утро.
Артур. Здравствуйте.
ТАТЬЯНА (тихо). Садитесь.
[Артур садится.]
Артур. Спасибо.
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def spoken(speech: Speech) -> str:
    return " ".join(" ".join(p.text for p in speech.parts if isinstance(p, Text)).split())


def imported(tmp_path: Path, name: str, text: str, *options: str):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = run("import", str(source), "-o", str(tmp_path / "play"), *options)
    return result


def test_an_english_text_script_in_every_convention(tmp_path):
    result = imported(tmp_path, "visit.txt", ENGLISH)
    assert result.exit_code == 0, result.output
    play = load_play(tmp_path / "play")
    assert play.meta.title == "The Visit"
    assert [(r.id, r.name, r.description) for r in play.roles] == [
        ("tatyana", "Tatyana", "a woman from Siberia"), ("artur", "Artur", "a Kazakh born in Russia")]
    assert [s.title for s in play.scenes] == ["Scene 1", "Scene 2"]
    assert play.scenes[0].setting == "A kitchen. Morning."
    speeches = play.speeches()
    assert [(s.speakers, spoken(s)) for s in speeches] == [
        (("tatyana",), "Good morning. Tea?"), (("artur",), "No, thank you."), (("tatyana",), "More for me then."),
        (("artur",), "I will go now. It is late."), (("tatyana", "artur"), "Goodbye!"), (("tatyana",), "Alone again.")]
    assert Paren("beat") in speeches[0].parts and speeches[2].delivery == "quietly"
    assert speeches[4].label == "ALL"
    assert isinstance(play.scenes[0].items[3], Direction)
    assert "2 scenes, 2 roles, 6 speeches; 1 guess to look at (read as text)" in result.output


def test_each_guess_is_reported_with_its_line_and_commented_in_the_yaml(tmp_path):
    result = imported(tmp_path, "visit.txt", ENGLISH)
    assert ("visit.txt:21:1: warning: guess (line 21): 'ALL' read as one speech by everyone on stage "
            "(tatyana, artur)") in result.output
    scene = (tmp_path / "play" / "scenes" / "01-scene-1.yaml").read_text(encoding="utf-8")
    assert "# guess: 'ALL' read as one speech by everyone on stage (tatyana, artur)\n- tatyana, artur:" in scene


def test_a_russian_text_script(tmp_path):
    result = imported(tmp_path, "vizit.txt", RUSSIAN)
    assert result.exit_code == 0, result.output
    play = load_play(tmp_path / "play")
    assert play.meta.lang == "ru"
    assert [(r.id, r.name, r.description) for r in play.roles] == [
        ("tatyana", "Татьяна", "40 лет"), ("artur", "Артур", "её сосед")]
    assert [a.title for a in play.acts] == ["Действие первое"]
    assert [(s.speakers[0], spoken(s), s.delivery) for s in play.speeches()] == [
        ("tatyana", "Доброе утро.", None), ("artur", "Здравствуйте.", None), ("tatyana", "Садитесь.", "тихо"),
        ("artur", "Спасибо.", None)]
    direction = play.scenes[0].items[3]
    assert isinstance(direction, Direction) and direction.text == "Артур садится." and direction.roles == ("artur",)


def test_markdown_bold_names_and_headings(tmp_path):
    text = "# Two\n\n## Scene 1\n\n**Anna:** Hello there.\n\n*Anna waves.*\n\n**Bob:** Hi.\n\n**Anna:** Bye.\n"
    result = imported(tmp_path, "two.md", text)
    assert result.exit_code == 0, result.output
    play = load_play(tmp_path / "play")
    assert play.meta.title == "Two"
    assert [(s.speakers, spoken(s)) for s in play.speeches()] == [
        (("anna",), "Hello there."), (("bob",), "Hi."), (("anna",), "Bye.")]
    assert play.scenes[0].items[1] == Direction("Anna waves.", ("anna",), loc=play.scenes[0].items[1].loc)


def test_pinned_speakers_decide_who_speaks(tmp_path):
    text = "Notes. These are notes.\nAnna. Hello.\nBob. Hi.\nAnna. Bye.\n"
    names = tmp_path / "names.txt"
    names.write_text("Anna\n# a comment\nBob\n", encoding="utf-8")
    result = imported(tmp_path, "two.txt", text, "--speakers", str(names))
    assert result.exit_code == 0, result.output
    play = load_play(tmp_path / "play")
    assert [r.id for r in play.roles] == ["anna", "bob"]
    assert len(play.speeches()) == 3
    result = imported(tmp_path, "two.txt", text, "--speaker", "Anna", "--force")
    assert [s.speakers for s in load_play(tmp_path / "play").speeches()] == [("anna",), ("anna",)]


def test_a_speaker_met_once_is_a_guess(tmp_path):
    result = imported(tmp_path, "x.txt", "Anna: One.\nBob: Two.\nAnna: Three.\n")
    assert "x.txt:2:1: warning: guess (line 2): speaker 'Bob' is met only once: check it is a speaker" in result.output


def test_text_with_no_speeches_is_refused_and_nothing_is_written(tmp_path):
    result = imported(tmp_path, "notes.txt", "Shopping list\nmilk\nbread and butter\n")
    assert result.exit_code == 1
    assert (
        "notes.txt:1:1: error: no speeches recognised: found 3 lines of text, but no line that names a speaker") in result.output
    assert "hint: name the speakers with --speaker NAME" in result.output
    assert not (tmp_path / "play").exists()


def test_a_screenplay_typography_is_undone(tmp_path):
    """(MORE) at a page's foot, (CONT'D) at the next page's head, page numbers, END OF PLAY."""
    text = ("The Cut\n\nSCENE 1\n\nBOB\nIt was a long day and\n(MORE)\n\n2.\n\nBOB (CONT'D)\nI am tired.\n\n"
            "ANNA\nGo to bed.\n\nBOB\nI will.\n\nEND OF PLAY\n")
    result = imported(tmp_path, "cut.txt", text)
    assert result.exit_code == 0, result.output
    play = load_play(tmp_path / "play")
    assert [(s.speakers, spoken(s)) for s in play.speeches()] == [
        (("bob",), "It was a long day and I am tired."), (("anna",), "Go to bed."), (("bob",), "I will.")]
    assert [type(i).__name__ for i in play.scenes[0].items] == ["Speech", "Speech", "Speech"]


def test_pinned_speakers_for_a_format_that_names_its_own_are_refused(tmp_path):
    result = imported(tmp_path, "x.fountain", "INT. ROOM\n\nBOB\nHi.\n", "--speaker", "BOB")
    assert result.exit_code == 2
    assert "error: --speaker and --speakers pin the speakers of a script in Word, OpenDocument, PDF or text; " in result.output
    assert "was read as fountain, which names its speakers itself; nothing was written" in result.output
    assert not (tmp_path / "play").exists()


def test_an_unreadable_speakers_file_is_a_usage_error(tmp_path):
    result = imported(tmp_path, "x.txt", "ANNA: Hi.\n", "--speakers", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "cannot read the speakers file" in result.output and "No such file or directory" in result.output
