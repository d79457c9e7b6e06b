"""Language tags: read in any case, written back in BCP 47's usual case; country codes caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagecast import load_play
from stagecast.readers.language_codes import normalise, suggestion


@pytest.mark.parametrize(("typed", "read"), [("ru", "ru"), ("RU", "ru"), ("en-gb", "en-GB"), ("EN-GB", "en-GB"),
                                             ("sr-latn", "sr-Latn"), ("es-419", "es-419"), ("kaz", "kk"),
                                             ("RUS", "ru"), ("yue", "yue")])
def test_tags_in_any_case_are_read_in_the_usual_case(typed: str, read: str) -> None:
    assert normalise(typed) == read


@pytest.mark.parametrize("typed", ["kz", "ua", "xq", "english", "ru_RU", "r", "ru-"])
def test_what_is_no_language_tag_is_refused(typed: str) -> None:
    assert normalise(typed) is None


@pytest.mark.parametrize(("typed", "meant"), [("kz", "kk"), ("UA", "uk"), ("Kazakh", "kk"), ("русский", "ru"),
                                              ("ru_RU", "ru-RU"), ("by-BY", "be"), ("xq", None)])
def test_the_code_that_was_meant(typed: str, meant: str | None) -> None:
    assert suggestion(typed) == meant


def test_the_model_holds_the_normalised_tags(tmp_path: Path) -> None:
    play = tmp_path / "play.yaml"
    play.write_text("title: T\nlanguage: RU\nroles:\n  tom: {name: Tom, lang: EN-gb}\n"
                    "performers:\n  a: {name: A, plays: [tom]}\n"
                    "scenes:\n  - id: one\n    body:\n      - tom: Hello.\n        lang: KK\n", encoding="utf-8")
    loaded = load_play(play)
    assert (loaded.meta.lang, loaded.roles[0].lang, loaded.scenes[0].items[0].lang) == ("ru", "en-GB", "kk")
