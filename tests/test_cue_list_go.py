"""The cue list's GO points (issue 22, item 7): each entry stays on the page of its GO line, and
each GO point names the speech it follows (#N) and the page of the script PDF that holds it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pdfplumber
from click.testing import CliRunner

from stagecast.cli import cli

TAG = re.compile(r"^(LIGHTS|SOUND) [LS]\d+")
GO = re.compile(r"^GO (after|as the scene opens)")


def _run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


LONG = "A long slow fade from the window light to the cold blue of the night outside, held"


def _many_cues(folder: Path, cues: int = 70) -> Path:
    """Scenes of speeches, each followed by a light or sound cue whose label takes one to three
    lines: with entries of so many heights, page breaks fall between an entry and its GO line."""
    (folder / "scenes").mkdir(parents=True)
    scenes = []
    for first in range(1, cues + 1, 9):
        body = []
        for n in range(first, min(first + 9, cues + 1)):
            who = "anna" if n % 2 else "boris"
            body.append(f'  - {who}: "Line {n} of the scene, with a few more words to say before the cue."')
            label = ("Fade up", LONG, f"{LONG} until {LONG.lower()}")[n % 3 if n % 4 else 0]
            body.append(f'  - {"light" if n % 2 else "sound"}: "{label}"\n    number: {"L" if n % 2 else "S"}{n}')
        scenes.append(f"scenes/s{first}.yaml")
        (folder / scenes[-1]).write_text(f"id: s{first}\ntitle: From cue {first}\nbody:\n" + "\n".join(body) + "\n",
                                         encoding="utf-8")
    (folder / "play.yaml").write_text(
        "title: Many Cues\nroles:\n  anna: {name: Anna}\n  boris: {name: Boris}\n"
        f"performers:\n  a: {{name: Actor A, plays: [anna, boris]}}\nscenes: [{', '.join(scenes)}]\n", encoding="utf-8")
    return folder


def _pages(path: Path) -> list[list[str]]:
    with pdfplumber.open(path) as pdf:
        return [(page.extract_text() or "").splitlines() for page in pdf.pages]


def test_an_entry_is_on_the_page_of_its_go_line(tmp_path: Path) -> None:
    """Before: "LIGHTS L7" could sit at the foot of page 1 with its GO line on page 2."""
    play = _many_cues(tmp_path / "play")
    out = tmp_path / "cuelist.pdf"
    _run("cuelist", str(play), "-o", str(out))
    pages = _pages(out)
    assert len(pages) >= 3
    for number, lines in enumerate(pages, 1):
        tags = [line for line in lines if TAG.match(line)]
        gos = [line for line in lines if GO.match(line)]
        assert len(tags) == len(gos), f"page {number}: {tags[-1:]} without its GO line, or a GO line without its cue"
    assert sum(len([line for line in lines if TAG.match(line)]) for lines in pages) == 70


def _words(text: str) -> str:
    return " ".join(text.split())


def _csv(play: Path, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_run("cuelist", str(play), "--format", "csv", *args).stdout)))


def test_each_go_names_the_speech_and_the_script_page_that_holds_it(sample_path: Path, tmp_path: Path) -> None:
    cuelist, script = tmp_path / "cuelist.pdf", tmp_path / "script.pdf"
    _run("cuelist", str(sample_path), "-o", str(cuelist))
    _run("pdf", str(sample_path), "-o", str(script))
    text = _words(" ".join(" ".join(lines) for lines in _pages(cuelist)))
    assert "LIGHTS L6 The chair fades; house lights up for the interval GO after: #59 ARTUR, p. 9: " \
           "…in. Into the house, and into the country." in text
    assert "LIGHTS L7 Daylight through a window; the glow of the laptop screen GO after the interval, p. 11" in text
    script_pages = [_words(" ".join(lines)) for lines in _pages(script)]
    rows = _csv(sample_path)
    for row in rows:
        page = script_pages[int(row["page"]) - 1]
        if row["speech"]:
            speaker, words = row["follows"].split(": ", 1)
            assert f"GO after: #{row['speech']} {speaker}, p. {row['page']}: {words}" in text
            assert words.lstrip("…") in page, f"#{row['speech']}'s last words are not on script page {row['page']}"
        else:  # the scene's heading is on that page
            assert f"{row['scene']} " in page and f", p. {row['page']}" in text
    assert sum(bool(row["speech"]) for row in rows) == 8


def test_the_pages_are_those_of_the_script_on_the_same_paper(sample_path: Path, tmp_path: Path) -> None:
    """The CSV keeps its columns and adds speech and page at the end; --paper letter moves the
    pages as it moves them in `stagecast pdf --paper letter`."""
    a4, letter = _csv(sample_path), _csv(sample_path, "--paper", "letter")
    assert list(a4[0]) == ["number", "kind", "label", "file", "scene", "follows", "speech", "page"]
    assert a4[2]["number"] == "L2" and (a4[2]["speech"], a4[2]["page"]) == ("13", "5")
    assert a4[0]["speech"] == "" and a4[0]["page"] == "4"  # scene opens: the page of the scene's heading
    assert [r["page"] for r in a4] != [r["page"] for r in letter]
    script = tmp_path / "letter.pdf"
    _run("pdf", str(sample_path), "--paper", "letter", "-o", str(script))
    pages = [_words(" ".join(lines)) for lines in _pages(script)]
    for row in letter:
        if row["speech"]:
            last = row["follows"].split(": ", 1)[1].lstrip("…")
            assert last in pages[int(row["page"]) - 1], row


RUSSIAN = """\
title: Дворик
language: ru
roles:
  sasha: {name: Саша}
  vera: {name: Вера}
performers:
  kim: {name: Дмитрий Ким, plays: [sasha, vera]}
scenes:
  - id: morning
    title: Утро
    body:
      - sound: Птицы
        number: З1
      - sasha: Доброе утро.
      - vera: Доброе.
      - light: Затемнение
        number: С1
"""


def test_go_points_in_the_plays_language(tmp_path: Path) -> None:
    (tmp_path / "play.yaml").write_text(RUSSIAN, encoding="utf-8")
    out = tmp_path / "cuelist.pdf"
    _run("cuelist", str(tmp_path / "play.yaml"), "-o", str(out))
    text = _words(" ".join(" ".join(lines) for lines in _pages(out)))
    assert "ЗВУК З1 Птицы Даётся в начале сцены, стр. 4" in text
    assert "Даётся после: #2 ВЕРА, стр. 4: Доброе." in text
    md = _run("cuelist", str(tmp_path / "play.yaml")).stdout
    assert "| # | вид | сигнал | файл | сцена | даётся после | реплика | стр. |" in md
    assert "| С1 | свет | Затемнение |  | Утро | ВЕРА: Доброе. | #2 | 4 |" in md
