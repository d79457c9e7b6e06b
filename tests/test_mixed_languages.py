"""Speeches in several languages (issue 16, item 4): the rules that split a speech into runs,
the ``[kk: …]`` span in the script and everything printed from it, and the real path with eSpeak
NG — a speech's parts in the timeline and a performer's gap as long as all of them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast import load_play, render_audio
from stagecast.audio.mixed import language_runs
from stagecast.audio.render import AudioOptions
from stagecast.cli import cli
from stagecast.model import Paren, Text
from stagecast.readers.language_codes import span_lang
from stagecast.text import parse_text, word_count
from stagecast.writers.to_yaml import write_folder
from tests.audio_support import Track
from tests.conftest import need_tool

PLAY = """\
title: Two Tongues
language: en
roles:
  anna: {name: Anna, lang: en}
  artur: {name: Artur, lang: en, other_langs: [kk]}
  lena: {name: Lena, lang: ru}
performers:
  actor-a: {name: Actor A, plays: [anna]}
  actor-b: {name: Actor B, plays: [artur, lena]}
scenes:
  - id: kitchen
    title: Kitchen
    body:
      - anna: "Your mum is right. Мама всегда права."
      - artur: "Hello. Сәлем, қалың қалай?"
      - lena: "Я выложила фото в Instagram, okay? Всё."
      - anna: "We say [kk: Рахмет] here."
"""


def runs(raw: str, lang: str, others: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    parts, problems = parse_text(raw, span_lang)
    assert not problems
    return [(run_lang, "".join(p.text if isinstance(p, Text) else f"({p.text})" for p in said))
            for run_lang, said in language_runs(parts, lang, others)]


# -- splitting rules ---------------------------------------------------------------------------

def test_cyrillic_in_an_english_speech_is_russian_with_the_punctuation_before_it_staying_english():
    assert runs("Your mum is right. Мама всегда права.", "en") == [
        ("en", "Your mum is right. "), ("ru", "Мама всегда права.")]


def test_a_cyrillic_run_with_a_kazakh_letter_is_kazakh():
    assert runs("Hello. Сәлем, қалың қалай?", "en") == [("en", "Hello. "), ("kk", "Сәлем, қалың қалай?")]


def test_the_declared_other_language_decides_a_run_without_kazakh_letters():
    assert runs("Hi. Привіт, як справи?", "en", ("uk",)) == [("en", "Hi. "), ("uk", "Привіт, як справи?")]
    assert runs("Hi. Привет, как дела?", "en", ("kk",)) == [("en", "Hi. "), ("kk", "Привет, как дела?")]
    # і is Ukrainian too: with Ukrainian declared it does not make a run Kazakh
    assert runs("Hi. Він тут.", "en", ("uk",)) == [("en", "Hi. "), ("uk", "Він тут.")]
    assert runs("Hi. Він тут.", "en") == [("en", "Hi. "), ("kk", "Він тут.")]


def test_latin_in_a_russian_speech_is_english_or_the_declared_latin_language():
    assert runs("Он сказал: okay, let us go.", "ru") == [("ru", "Он сказал: "), ("en", "okay, let us go.")]
    assert runs("Он сказал: guten Tag, mein Freund.", "ru", ("kk", "de")) == [
        ("ru", "Он сказал: "), ("de", "guten Tag, mein Freund.")]


def test_one_latin_word_inside_a_russian_sentence_stays_with_the_speech_voice():
    assert runs("Я выложила фото в Instagram вчера.", "ru") == [("ru", "Я выложила фото в Instagram вчера.")]
    assert runs("I love my Мама, really.", "en") == [("en", "I love my "), ("ru", "Мама, "), ("en", "really.")]


def test_one_word_that_is_a_sentence_of_its_own_is_read_in_its_language():
    assert runs("Thanks. Спасибо. Bye now.", "en") == [("en", "Thanks. "), ("ru", "Спасибо. "), ("en", "Bye now.")]


def test_a_speech_wholly_in_the_other_script_is_one_run_in_that_language():
    assert runs("Спасибо.", "en") == [("ru", "Спасибо.")]
    assert runs("Good night", "ru") == [("en", "Good night")]


def test_a_span_is_its_own_run_and_a_parenthetical_goes_with_the_run_before_it():
    assert runs("We say [kk: Рахмет] (smiles) here.", "en") == [
        ("en", "We say "), ("kk", "Рахмет (smiles)"), ("en", " here.")]
    assert runs("[ru: Ну], (beat) so.", "en") == [("ru", "Ну, (beat)"), ("en", " so.")]


def test_a_span_can_mark_kazakh_in_a_russian_speech_where_the_script_cannot_tell():
    assert runs("Он сказал: [kk: Бар, бар], и ушёл.", "ru") == [
        ("ru", "Он сказал: "), ("kk", "Бар, бар"), ("ru", ", и ушёл.")]


def test_digits_and_punctuation_alone_never_make_a_run():
    assert runs("Room 12 — Мама, 1990 год!", "en") == [("en", "Room 12 — "), ("ru", "Мама, 1990 год!")]
    assert runs("Звоните 112, please.", "ru") == [("ru", "Звоните 112, please.")]
    assert runs("Сәлем [kk: ...]", "en") == [("kk", "Сәлем ...")]


def test_stress_marks_stay_on_their_vowels_in_each_run():
    parts, _ = parse_text("L+ook. Это зам+ок.", span_lang)
    (_, first), (lang, second) = language_runs(parts, "en")
    assert first == (Text("Look. ", (1,)),)
    assert lang == "ru" and second == (Text("Это замок.", (7,)),)


# -- the span in the script --------------------------------------------------------------------

def test_a_span_is_read_as_text_in_its_language_and_any_other_bracket_is_literal():
    parts, problems = parse_text("See [sic] [Note: x] and [KK: С+әлем]!", span_lang)
    assert problems == ()
    assert parts == (Text("See [sic] [Note: x] and "), Text("Сәлем", (1,), "kk"), Text("!"))
    assert parse_text("[kk: x] (beat)")[0] == (Text("[kk: x] "), Paren("beat"))  # an importer's text: literal


def write(tmp_path: Path, text: str = PLAY) -> Path:
    folder = tmp_path / "play"
    folder.mkdir()
    (folder / "play.yaml").write_text(text, encoding="utf-8")
    return folder


def test_span_errors_are_located_with_what_to_write(tmp_path):
    body = PLAY.replace('      - anna: "We say [kk: Рахмет] here."\n',
                        '      - anna: "We say [kz: Рахмет] here."\n'
                        '      - anna: "Or [kk: (beat) Сәлем]."\n'
                        '      - anna: "And [ru: unclosed"\n')
    folder = write(tmp_path, body)
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    where = folder / "play.yaml"
    assert result.stderr == (
        f"{where}:17:24: error: language span '[kz: …]' names the country code 'kz' (did you mean 'kk'?); a span is "
        "written with a language code like en, ru, kk or uk: [kk: Сәлем]\n"
        f"{where}:18:24: error: an inline direction cannot be inside a language span; close the span with ']' first\n"
        f"{where}:19:20: error: '[ru: ' is never closed; a language span is written [kk: Сәлем], with ']' at its end\n"
        "3 errors found\n")


def test_other_langs_must_be_language_codes(tmp_path):
    folder = write(tmp_path, PLAY.replace("other_langs: [kk]", "other_langs: [kz, ru]"))
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == (f"{folder / 'play.yaml'}:5:48: error: other language of role 'artur' must be a language "
                             "code, not the country code 'kz' (did you mean 'kk'?)\n1 error found\n")


def test_the_pdf_prints_the_span_as_its_text_alone(tmp_path):
    pdftotext = need_tool("pdftotext", "reads the PDF's text back")
    folder = write(tmp_path)
    out = tmp_path / "script.pdf"
    result = CliRunner().invoke(cli, ["pdf", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = subprocess.run([pdftotext, "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "We say Рахмет here." in text
    assert "[kk" not in text and "]" not in text


def test_cue_sheets_and_word_counts_show_the_text_unchanged(tmp_path):
    folder = write(tmp_path)
    result = CliRunner().invoke(cli, ["cues", str(folder), "--performer", "Actor B"])
    assert result.exit_code == 0, result.output
    assert "Cue: We say Рахмет here." not in result.stdout  # Actor B's cue is the line before Lena's
    sheet = CliRunner().invoke(cli, ["cues", str(folder), "--performer", "Actor A"]).stdout
    assert "ANNA: We say Рахмет here." in sheet
    speech = load_play(folder).speeches()[-1]
    assert word_count(speech) == 4


def test_the_yaml_export_writes_spans_and_other_langs_back(tmp_path):
    folder = write(tmp_path)
    play = load_play(folder)
    write_folder(play, tmp_path / "copy")
    written = (tmp_path / "copy" / "play.yaml").read_text(encoding="utf-8")
    assert "other_langs: [kk]" in written
    again = load_play(tmp_path / "copy")
    assert again.speeches()[-1].parts == play.speeches()[-1].parts
    assert again.role("artur").other_langs == ("kk",)


# -- the real path with eSpeak NG ---------------------------------------------------------------

@pytest.fixture(scope="module")
def tracks(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    folder = write(root)
    play = load_play(folder)
    full, own = root / "out" / "full.wav", root / "out" / "actor-a.wav"
    render_audio(play, AudioOptions(output=full, cache_dir=root / "cache", engine="espeak"))
    render_audio(play, AudioOptions(output=own, cache_dir=root / "cache", engine="espeak", performer="actor-a",
                                    gap_factor=1.5))
    return Track(full), Track(own)


def test_a_speech_in_two_languages_has_its_parts_in_the_timeline(tracks):
    full, _ = tracks
    first = full.items("speech")[0]
    parts = first["parts"]
    assert [p["lang"] for p in parts] == ["en", "ru"]
    assert [p["voice"] for p in parts] == ["espeak:gmw/en", "espeak:zle/ru"]
    assert [p["text"] for p in parts] == ["Your mum is right.", "Мама всегда права."]
    assert parts[0]["start_ms"] == first["start_ms"] and parts[-1]["end_ms"] == first["end_ms"]
    assert parts[0]["end_ms"] == parts[1]["start_ms"] and parts[1]["start_ms"] - parts[0]["start_ms"] > 500
    assert full.peak(parts[1]["start_ms"], parts[1]["end_ms"]) > 3000  # the Russian part is heard
    assert first["text"] == "Your mum is right. Мама всегда права."
    assert [i["id"] for i in full.items("speech") if "parts" not in i] == []  # every speech here mixes


def test_a_kazakh_letter_run_is_spoken_by_the_kazakh_voice(tracks):
    full, _ = tracks
    artur = full.items("speech")[1]
    # Artur's English and Kazakh are not those of the role before him who speaks them too (roles sharing
    # a language get distinct voices, here eSpeak NG variants)
    assert [(p["lang"], p["voice"]) for p in artur["parts"]] == [("en", "espeak:gmw/en+m1"),
                                                                 ("kk", "espeak:trk/kk+m1")]
    lena = full.items("speech")[2]
    assert [p["lang"] for p in lena["parts"]] == ["ru", "en", "ru"]


def test_captions_stay_one_cue_per_speech(tracks):
    full, _ = tracks
    vtt = full.path.with_suffix(".vtt").read_text(encoding="utf-8")
    assert vtt.count("-->") == 4
    assert "<v Anna>Your mum is right. Мама всегда права." in vtt


def test_the_gap_of_a_mixed_line_is_as_long_as_all_its_parts(tracks):
    full, own = tracks
    said = full.items("speech")[0]
    gap = own.items("gap")[0]
    assert gap["id"] == said["id"]
    assert abs((gap["end_ms"] - gap["start_ms"]) - 1.5 * (said["end_ms"] - said["start_ms"])) <= 2
    assert [p["lang"] for p in gap["parts"]] == ["en", "ru"]
    assert gap["parts"][0]["start_ms"] == gap["start_ms"] and gap["parts"][-1]["end_ms"] == gap["end_ms"]
    assert own.peak(gap["start_ms"], gap["end_ms"]) == 0


def test_one_cyrillic_word_in_an_english_sentence_is_read_in_its_language():
    # An English voice cannot say Cyrillic at all: the lone-word rule is for Latin names in Russian.
    assert runs("Not рахмет and сәлем, those are souvenirs.", "en") == [
        ("en", "Not "), ("ru", "рахмет "), ("en", "and "), ("kk", "сәлем, "), ("en", "those are souvenirs.")]


def test_rehearse_speaks_a_mixed_line_in_both_voices_as_the_track_does(tracks, tmp_path, monkeypatch):
    """`rehearse` and `play` cues are the same joined clip the track plays, not the whole line in English."""
    from stagecast.playback.spoken import SpokenVoice
    from stagecast.voice_settings import VoiceConfig

    full, _ = tracks
    monkeypatch.setenv("STAGECAST_CACHE_DIR", str(tmp_path / "cache"))
    heard: list[Path] = []

    class Ear:
        def play(self, path: Path) -> None:
            heard.append(path)

    play = load_play(write(tmp_path))
    SpokenVoice.create(play, lambda: VoiceConfig(engine="espeak"), Ear()).speech(play.speeches()[0])
    said = full.items("speech")[0]
    import wave

    with wave.open(str(heard[0]), "rb") as clip:
        length_ms = clip.getnframes() / clip.getframerate() * 1000
    assert abs(length_ms - (said["end_ms"] - said["start_ms"])) <= 2
    assert [p["voice"] for p in said["parts"]] == ["espeak:gmw/en", "espeak:zle/ru"]
