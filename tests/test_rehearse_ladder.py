"""``stagecast rehearse`` through a pipe: the ladder's modes, prompts by degrees, hiding a line,
short cues, and the drill's spaced repetition."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli
from stagecast.playback import state
from tests.two_voices import two_voices


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("STAGECAST_STATE_DIR", str(folder))
    return folder


def _rehearse(sample: Path, *args: str, keys: str) -> str:
    result = CliRunner().invoke(cli, ["rehearse", str(sample), "-p", "Actor D", "--no-sound", *args], input=keys)
    assert result.exit_code == 0, result.output
    return result.stdout


def _asked(out: str) -> list[str]:
    return [line.split("] #")[1].split()[0] for line in out.splitlines() if line.startswith("[")]


def test_a_prompt_comes_by_degrees_first_word_next_few_whole_line(sample_path: Path, state_dir: Path) -> None:
    out = _rehearse(sample_path, "--from", "111", keys="p\np\np\n\nq\n")
    prompts = out.split("  Your line… (Enter when done)\n", 1)[1].split("\n\n[2/3]")[0]
    assert prompts == ("  Prompt: I'm…\n"
                       "  Prompt: I'm going home. Next…\n"
                       "  Prompt: I'm going home. Next week. Back to Russia. I've got the ticket, I've packed. "
                       "I even know what I'll say at the border. And I wanted to say thank you.")  # no "Line:" again


def test_learn_shows_the_line_before_you_say_it_and_perform_never_unasked(sample_path: Path, state_dir: Path) -> None:
    learn = _rehearse(sample_path, "--from", "97", "--mode", "learn", keys="\nq\n")
    assert learn.startswith("Rehearsing Actor D in Here.Almaty: 6 lines, learn mode (text only: --no-sound)\n")
    assert ("[1/6] #97 THE MAN\n  Cue: THE INTERVIEWER: Is that a joke?\n  Line: (beat) Half.\n  Now you… (Enter when done)\n\n"
            "[2/6] #99 THE MAN\n") in learn
    perform = _rehearse(sample_path, "--from", "97", "--mode", "perform", keys="\nq\n")
    assert "[1/6] #97 THE MAN\n  Cue: THE INTERVIEWER: Is that a joke?\n  Your line… (Enter when done)\n\n[2/6]" in perform
    assert "Half." not in perform


def test_short_cues_in_rehearse(sample_path: Path, state_dir: Path) -> None:
    out = _rehearse(sample_path, "--from", "111", "--cue-words", "3", keys="q\n")
    assert "  Cue: THE DIRECTOR: …always more tea.\n" in out


def test_first_letters_never_reveal_your_own_line_as_the_cue_of_a_monologue(sample_path: Path,
                                                                            state_dir: Path) -> None:
    out = _rehearse(sample_path, "--from", "114", "--first-letters", keys="l\nq\n")
    assert "  Cue: (you) …a h. S I r. M o l.\n" in out
    assert "  Line: С. Я е д.\n" in out
    assert "More or less" not in out and "hour" not in out


def test_first_words_shows_n_words_and_hides_the_rest(sample_path: Path, state_dir: Path) -> None:
    out = _rehearse(sample_path, "--from", "109", "--first-words", "3", keys="l\nq\n")
    assert "  Line: Excuse me. Are ___ ___ ________? _____. ____ __ _____, _______ _______ ___ __ ___.\n" in out


def test_hiding_a_line_leaves_its_inline_direction_readable_and_uncounted(sample_path: Path,
                                                                          state_dir: Path) -> None:
    # #97 is "(beat) Half.": the direction is not a word to learn, as on the page and the cue sheet
    words = _rehearse(sample_path, "--from", "97", "--mode", "perform", "--first-words", "1", keys="l\nq\n")
    assert "  Line: (beat) Half.\n" in words
    letters = _rehearse(sample_path, "--from", "97", "--mode", "perform", "--first-letters", keys="l\nq\n")
    assert "  Line: (beat) H.\n" in letters


def test_first_letters_and_first_words_together_are_refused(sample_path: Path, state_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["rehearse", str(sample_path), "-p", "Actor D", "--no-sound",
                                      "--first-letters", "--first-words", "2"], input="q\n")
    assert result.exit_code == 2
    assert "Error: --first-letters and --first-words are two ways of hiding a line: choose one" in result.output


def test_the_drill_brings_a_prompted_line_back_sooner_and_shows_the_weakest(sample_path: Path,
                                                                           state_dir: Path) -> None:
    drill = ["--scene", "afterwards", "--shuffle", "--seed", "3"]
    first = _rehearse(sample_path, *drill, keys="\np\n" + "\n" * 6)
    # #109 needed a prompt: it comes back three lines later in the same run
    assert _asked(first) == ["114", "109", "113", "111", "109"]
    assert first.endswith("Done: 5 lines.\nWeakest lines, by scene (prompts needed):\n  Afterwards\n"
                          "    #109 THE SPECTATOR (1 prompt): Excuse me. Are you the director? Sorry. "
                          "I'll be quick, they're running out of tea.\n")
    saved = state.load(state.state_path("Here.Almaty", "actor-d"))
    assert saved == {"version": 1, "drill": {"109": 0, "111": 2, "113": 2, "114": 2}}
    # and next time it is asked first; the others keep the same seed's order
    second = _rehearse(sample_path, *drill, keys="\n" * 4)
    assert _asked(second) == ["109", "114", "113", "111"]
    assert second.endswith("Done: 4 lines.\nNo prompts needed. Well done.\n")
    assert state.load(state.state_path("Here.Almaty", "actor-d"))["drill"] == {"109": 1, "111": 3, "113": 3,
                                                                              "114": 3}


def test_a_drill_keeps_the_place_a_run_in_order_stopped_at(sample_path: Path, state_dir: Path) -> None:
    _rehearse(sample_path, "--from", "111", keys="q\n")
    _rehearse(sample_path, "--scene", "afterwards", "--shuffle", "--seed", "3", keys="p\nq\n")
    resumed = _rehearse(sample_path, keys="q\n")
    assert "Resuming at #111" in resumed


def test_a_short_cue_is_heard_as_short_as_it_is_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log, fake = tmp_path / "played.txt", tmp_path / "fakeplay"
    fake.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\n', encoding="utf-8")
    fake.chmod(0o755)
    play = tmp_path / "play.yaml"
    play.write_text(two_voices("Two voices", [("ann", "Is anyone there at all, this late, in the rain?"),
                                              ("bob", "Only me.")]), encoding="utf-8")
    (tmp_path / "voices.yaml").write_text("engine: espeak\n", encoding="utf-8")
    monkeypatch.setenv("STAGECAST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("STAGECAST_STATE_DIR", str(tmp_path / "state"))
    heard = {}
    for words in ([], ["--cue-words", "3"]):
        log.unlink(missing_ok=True)
        result = CliRunner().invoke(cli, ["rehearse", str(play), "-p", "Actor B", "--player", str(fake), *words],
                                    input="q\n")
        assert result.exit_code == 0, result.output
        [cue] = log.read_text(encoding="utf-8").split()
        with wave.open(cue, "rb") as clip:
            heard[bool(words)] = clip.getnframes() / clip.getframerate()
    assert "  Cue: ANN: …in the rain?\n" in result.stdout
    assert heard[True] < heard[False] / 2  # three words of eleven, not the whole speech


@pytest.mark.parametrize(("args", "message"), [
    (["--scene", "prologue"], "error: Actor D has no lines in Prologue\n"
                              "hint: their scenes: couple (The Couple), afterwards (Afterwards)\n"),
    (["--from", "200"], "error: Actor D has no lines from #200 on\n"
                        "hint: their lines are #63 to #114; --from N starts at speech number N\n"),
])
def test_a_selection_without_your_lines_is_a_usage_error_not_a_run_of_none(sample_path: Path, state_dir: Path,
                                                                          args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["rehearse", str(sample_path), "-p", "Actor D", "--no-sound", *args], input="\n")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert not state_dir.exists()  # nothing saved for a run that never started


def test_a_stressed_word_is_one_word_when_hiding_a_line(sample_path: Path, state_dir: Path) -> None:
    # #57 is "Не Алм+аты. Алмат+ы.": its stress marks are inside words, as the cue sheet reads them
    def line(*hide: str) -> str:
        result = CliRunner().invoke(cli, ["rehearse", str(sample_path), "-p", "Actor C", "--no-sound", "--from", "57",
                                          "--mode", "perform", *hide], input="l\nq\n")
        return next(t for t in result.stdout.splitlines() if t.startswith("  Line: "))

    assert line("--first-letters") == "  Line: Н А. А."  # not "Н А́т. А́."
    assert line("--first-words", "2") == "  Line: Не Алма\u0301ты. ______."
