"""Marked stress is heard: the phoneme strings eSpeak NG is given and what it then says.

The за́мок / замо́к strings were checked by hand (see stagecast/audio/stress.py):
castle [ˈzamək] and lock [zɐˈmok]. eSpeak on its own says both as zam'ok.
"""

from __future__ import annotations

import pytest

from stagecast.audio.engines.base import ACUTE, EngineVoice, Utterance
from stagecast.audio.stress import IPA, MarkedWord, is_ipa_vowel, phoneme_input, russian_vowel, split_marked

RU = EngineVoice("zle/ru", "ru")


def marked(word: str, *vowels: int) -> str:
    out = list(word)
    for index in sorted(vowels, reverse=True):
        out.insert(index + 1, ACUTE)
    return "".join(out)


def test_split_marked_finds_only_words_with_marks():
    text = f"Это мой {marked('замок', 1)}, а не дом."
    assert split_marked(text) == ["Это мой ", MarkedWord("замок", (1,)), ", а не дом."]


def test_phoneme_input_moves_stress_and_reduces_vowels():
    tokens = "z|a|m|'o|k".split("|")  # eSpeak's own phonemes for замок
    assert phoneme_input(MarkedWord("замок", (1,)), tokens, "ru") == ("z|'a|m|V|k", None)
    # The stress eSpeak already uses: the word is left to eSpeak.
    assert phoneme_input(MarkedWord("замок", (3,)), tokens, "ru") == (None, None)


def test_the_brief_vowel_espeak_puts_before_r_is_no_syllable():
    tokens = "s|t|@-|r|a|n|'A".split("|")  # eSpeak's own phonemes for страна: @- is not a vowel of the word
    assert phoneme_input(MarkedWord("страна", (3,)), tokens, "ru") == ("s|t|@-|r|'a|n|a", None)
    assert phoneme_input(MarkedWord("страна", (5,)), tokens, "ru") == (None, None)  # no note when eSpeak agrees
    assert phoneme_input(MarkedWord("русский", (1,)), "@-|r|'u|s|s|k|;|i|j".split("|"), "ru") == (None, None)


def test_a_latin_word_in_a_russian_line_keeps_its_own_stress_and_says_why():
    said, note = phoneme_input(MarkedWord("iPhone", (3,)), "'aI|f|@U|n".split("|"), "ru")
    assert said is None and "a word in Latin letters is read by eSpeak's English rules" in note
    said, note = phoneme_input(MarkedWord("зaмок", (1,)), "z|a|m|'o|k".split("|"), "ru")  # a Latin "a"
    assert said is None and "it mixes Latin and Cyrillic letters ('a' is Latin)" in note


def test_phoneme_input_reports_words_it_cannot_align():
    said, note = phoneme_input(MarkedWord("record", (1,)), ["r", "I", "k", "'O@", "d", "@"], "en")
    assert said is None
    assert "not honoured" in note and "record" in note


def test_a_y_after_a_vowel_outside_russian_is_no_syllable():
    said, note = phoneme_input(MarkedWord("tengay", (4,)), "t|'E|N|g|eI".split("|"), "en")
    assert (said, note) == ("t|E|N|g|'eI", None)
    # Other vowel pairs are left alone: in "create" they are two syllables and a silent e.
    said, note = phoneme_input(MarkedWord("create", (3,)), "k|r|i:|'eI|t".split("|"), "en")
    assert said is None and "3 vowel letters do not match eSpeak's 2 vowels" in note


def test_other_languages_move_only_the_stress():
    said, _ = phoneme_input(MarkedWord("Almaty", (5,)), "'O2|l|m|@|t#|i".split("|"), "en")
    assert said == "O2|l|m|@|t#|'i"


@pytest.mark.parametrize(("word", "index", "stressed", "expected"), [
    ("молоко", 1, False, "V"),   # unstressed о → [ə] (eSpeak makes the pretonic one [ɐ])
    ("замок", 1, True, "a"),
    ("телефон", 1, False, "i"),  # е after a soft consonant → [ɪ]
    ("жена", 1, False, "y"),     # е after ж → [ɨ]
    ("часы", 1, False, "i"),     # а after ч → [ɪ]
    ("этаж", 0, False, "E#"),
    ("ёлка", 3, False, "a"),     # final а (eSpeak writes a#)
    ("сегодня", 6, False, "V"),  # final я → [ə]
    ("абрикос", 0, False, "a"),  # word-initial а
])
def test_russian_vowel_rules(word, index, stressed, expected):
    assert russian_vowel(word, index, "?", stressed) == expected


@pytest.fixture(scope="module")
def espeak():
    from stagecast.audio.engines.espeak import EspeakEngine

    return EspeakEngine()


def engine_text(espeak, text: str) -> str:
    espeak._lib().set_voice("zle/ru", None, None)
    return espeak.engine_text(Utterance(text, "ru"))[0]


def test_castle_and_lock_get_the_phonemes_checked_by_hand(espeak):
    castle = engine_text(espeak, marked("замок", 1))
    lock = engine_text(espeak, marked("замок", 3))
    assert castle == "[[z|'a|m|V|k]]"
    assert lock == "замок"  # eSpeak's own reading is already замо́к
    assert espeak.spoken_phonemes(Utterance(marked("замок", 1), "ru"), RU) == "z|'A|m|V|k"
    assert espeak.spoken_phonemes(Utterance(marked("замок", 3), "ru"), RU) == "z|a|m|'o|k"


def test_without_our_help_espeak_says_both_the_same(espeak):
    espeak._lib().set_voice("zle/ru", None, None)
    for raw in (marked("замок", 1), marked("замок", 3), "замок"):
        assert espeak._lib().trace(raw, phonemes=False) == "z|a|m|'o|k"
    assert "\u0301" not in engine_text(espeak, marked("замок", 1))


@pytest.mark.parametrize(("word", "vowel", "spoken"), [
    ("Дикой", 3, "d;|i|k|'o|j"),
    ("мука", 3, "m|u|k|'A"),
    ("орган", 3, "a|r|g|'A|n_"),
    ("облака", 5, "V|b|l|a|k|'A"),
    ("пятью", 1, "p|;|'ja|t;|j|ju"),
    ("Алматы", 3, "a|l|m|'A|t|y"),
    ("сестра", 1, "s;|'e|s|t|@-|r|a#"),
    ("остров", 4, "V|s|t|@-|r|'o|f"),
    ("кровать", 2, "k|@-|r|'o|v|V|t;"),
])
def test_more_russian_words_are_said_with_the_marked_stress(espeak, word, vowel, spoken):
    assert espeak.spoken_phonemes(Utterance(marked(word, vowel), "ru"), RU) == spoken


def test_stress_in_a_sentence_changes_only_the_marked_word(espeak):
    text = f"Это мой {marked('замок', 1)}, а не {marked('замок', 3)}."
    assert engine_text(espeak, text) == "Это мой [[z|'a|m|V|k]], а не замок."


def test_brackets_in_a_speech_never_become_phoneme_input(espeak):
    assert engine_text(espeak, f"[[x]] {marked('замок', 1)}") == "[ [x] ] [[z|'a|m|V|k]]"


def test_a_new_way_of_carrying_stress_remakes_only_the_clips_of_marked_lines(monkeypatch):
    from stagecast.audio import cache

    marked_line, plain_line = Utterance(marked("страна", 3), "ru"), Utterance("страна", "ru")
    before = [cache.clip_key("espeak", "1.52", RU, u) for u in (marked_line, plain_line)]
    monkeypatch.setattr(cache, "STRESS_VERSION", cache.STRESS_VERSION + 1)
    after = [cache.clip_key("espeak", "1.52", RU, u) for u in (marked_line, plain_line)]
    assert before[0] != after[0] and before[1] == after[1]


# The same move on eSpeak's IPA, which Piper's voices read (tokens: espeak_TextToPhonemes in IPA
# mode with "|" between phonemes, eSpeak NG 1.52).

def test_the_ipa_stress_move_reduces_russian_vowels_as_espeak_would():
    tokens = "z|a|m|ˈo|k".split("|")  # замок
    assert phoneme_input(MarkedWord("замок", (1,)), tokens, "ru", IPA) == ("zˈɑmʌk", None)
    assert phoneme_input(MarkedWord("замок", (3,)), tokens, "ru", IPA) == (None, None)  # eSpeak agrees
    # молоко: the stress moves to the first о, the last one reduces to [ʌ].
    assert phoneme_input(MarkedWord("молоко", (1,)), "m|ʌ|ɭ|ʌ|k|ˈo".split("|"), "ru", IPA) == ("mˈoɭʌkʌ", None)


def test_the_ipa_stress_move_keeps_glides_and_skips_the_brief_vowel_before_r():
    # объявление: я after ъ is the glide vowel "ja"; е after a soft л reduces to [i].
    tokens = "ʌ|b|j|ja|v|ɭʲ|ˈe|nʲ|i|j|ɪ".split("|")
    assert phoneme_input(MarkedWord("объявление", (3,)), tokens, "ru", IPA) == ("ʌbjˈjavɭʲinʲiji", None)
    # сестра: eSpeak's brief vowel before р is an empty token in IPA, never a syllable.
    tokens = "sʲ|i|s|t||r|ˈɑ".split("|")
    assert phoneme_input(MarkedWord("сестра", (1,)), tokens, "ru", IPA) == ("sʲˈestra", None)


def test_the_ipa_stress_move_outside_russian_moves_only_the_mark():
    assert phoneme_input(MarkedWord("record", (3,)), "ɹ|ˈɛ|k|ɚ|d".split("|"), "en-us", IPA) == ("ɹɛkˈɚd", None)
    assert phoneme_input(MarkedWord("tengay", (4,)), "t|ˈɛ|ŋ|ɡ|eɪ".split("|"), "en-us", IPA) == ("tɛŋɡˈeɪ", None)
    assert phoneme_input(MarkedWord("Алматы", (5,)), "ɑ|ɫ|m|ˈɑ|t|ə".split("|"), "kk", IPA) == ("ɑɫmɑtˈə", None)
    # A second mark is secondary stress.
    said, _ = phoneme_input(MarkedWord("Almaty", (5, 3)), "ˈɔ|l|m|ə|ɾ|i".split("|"), "en-us", IPA)
    assert said == "ɔlmˌəɾˈi"


def test_ipa_vowels_are_told_from_glides_and_consonants():
    assert [is_ipa_vowel(t) for t in ("ˈɑ", "eɪ", "ɚ", "ja", "ˌaʊ", "ɛ")] == [True] * 6
    assert [is_ipa_vowel(t) for t in ("j", "ʊ̯", "", "ɭʲ", "ŋ", "tʃʲ")] == [False] * 6
    said, note = phoneme_input(MarkedWord("idea", (0,)), "aɪ|d|ˈiə".split("|"), "en-us", IPA)
    assert said is None and note == ("stress mark on 'idea' not honoured: its 3 vowel letters do not match "
                                     "eSpeak's 2 vowels (aɪ|d|ˈiə)")
