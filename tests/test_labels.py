"""The words stagecast prints itself, in the play's language (and in the play's own wording)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast import load_play
from stagecast.cli import cli
from stagecast.cuesheets.sheet import cue_sheet
from stagecast.cuesheets.sheet_text import render_html, render_md, render_txt
from stagecast.interchange import write_play_folder
from stagecast.labels import EN, FIELDS, labels_for, plural_category
from stagecast.pdf.script import build_script_pdf
from stagecast.web.page import PageInput, render_page
from tests.pdf_support import page_texts

DOCS = Path(__file__).parent.parent / "docs" / "format.md"

RUSSIAN = """\
title: Дворик
language: ru
roles:
  sasha: {name: Саша}
  vera: {name: Вера}
performers:
  kim: {name: Дмитрий Ким, plays: [sasha]}
  lee: {name: Анна Ли, plays: [vera]}
acts:
  - id: one
    title: Первое действие
    scenes:
      - id: morning
        title: Утро
        body:
          - enter: [sasha, vera]
          - sound: Птицы
            number: З1
          - sasha: Доброе утро.
          - vera: Доброе.
          - pause: 2
          - exit: vera
  - interval: 15
  - id: two
    title: Второе действие
    scenes:
      - id: night
        title: Ночь
        body:
          - vera: Поздно.
          - sasha: Знаю.
"""


@pytest.fixture
def russian(tmp_path: Path):
    (tmp_path / "play.yaml").write_text(RUSSIAN, encoding="utf-8")
    return tmp_path / "play.yaml"


@pytest.mark.parametrize(("lang", "counts"), [
    ("en", {1: "one", 2: "other", 5: "other", 21: "other"}),
    ("ru", {1: "one", 2: "few", 4: "few", 5: "many", 11: "many", 12: "many", 21: "one", 22: "few", 1.5: "few"}),
    ("uk", {1: "one", 3: "few", 14: "many", 101: "one"}),
    ("kk", {1: "other", 2: "other"}),
    ("pl", {1: "one", 2: "few", 5: "many", 21: "many", 22: "few"}),
    ("be", {1: "one", 21: "one", 3: "few", 11: "many"}),
])
def test_plural_categories(lang: str, counts: dict[float, str]) -> None:
    assert {n: plural_category(lang, n) for n in counts} == counts


def test_counts_and_names_in_each_language() -> None:
    ru, uk, kk, de = (labels_for(lang) for lang in ("ru", "uk", "kk", "de-AT"))
    assert [ru.count("minutes", n) for n in (1, 3, 15, 21)] == ["1 минута", "3 минуты", "15 минут", "21 минута"]
    assert uk.count("minutes", 2) == "2 хвилини" and kk.count("minutes", 1) == "1 минут"
    assert ru.number("enter", ["Саша"]) == "Входит Саша."
    assert ru.number("exit", ["Саша", "Вера", "Бахыт"]) == "Уходят Саша, Вера и Бахыт."
    assert kk.number("enter", ["Айгүл", "Сәуле"]) == "Айгүл және Сәуле кіреді."
    assert de.number("enter", ["Anna"]) == "Enter Anna."  # a language without labels of its own: English


def test_a_play_rewords_a_label_in_every_form() -> None:
    own = labels_for("ru", (("minutes", "{n} мин"), ("enter.one", "Появляется {names}.")))
    assert [own.count("minutes", n) for n in (1, 5)] == ["1 мин", "5 мин"]
    assert own.number("enter", ["Саша"]) == "Появляется Саша."
    assert own.number("enter", ["Саша", "Вера"]) == "Входят Саша и Вера."


def test_every_language_words_every_label_with_only_its_values() -> None:
    from stagecast.labels import BUILT_IN

    for lang, table in BUILT_IN.items():
        assert {k.split(".")[0] for k in table} == {k.split(".")[0] for k in EN}, lang
        for key, text in table.items():
            used = set(re.findall(r"\{(\w+)\}", text))
            assert used <= FIELDS[key.split(".")[0]], (lang, key)


def test_the_docs_list_every_label() -> None:
    listed = set(re.findall(r"^\| `([\w.]+)` \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE))
    assert set(EN) <= listed


def test_a_russian_play_reads_with_russian_entrances_and_interval(russian: Path) -> None:
    play = load_play(russian)
    morning = play.scenes[0]
    assert [i.text for i in morning.items if hasattr(i, "text") and hasattr(i, "kind")][:1] == ["Входят Саша и Вера."]
    assert morning.items[-1].text == "Уходит Вера."
    assert play.intervals[0].title == "Антракт"


def test_a_russian_script_pdf(russian: Path) -> None:
    pages = page_texts(build_script_pdf(load_play(russian)).data)
    text = "\n".join(pages)
    assert "Действующие лица" in pages[1] and "играет Дмитрий Ким" in pages[1]
    assert "Содержание" in pages[2] and "Антракт (15 минут)" in pages[2]
    assert all(f"стр. {n} из {len(pages)}" in page for n, page in enumerate(pages, 1) if n > 1)
    assert "ЗВУК З1" in text and "Пауза (2 с)." in text and "Входят Саша и Вера." in text
    assert not re.search(r"\b(page|Characters|Contents|Interval|minutes|Enter)\b", text)


def test_russian_cue_sheets(russian: Path) -> None:
    sheet = cue_sheet(load_play(russian), "kim")
    txt = render_txt(sheet)
    assert txt.splitlines()[1:6] == ["Роль с репликами (Дмитрий Ким)", "Роли: Саша", "Сцены: Утро; Ночь", "Реплик: 2",
                                     "Слов: 3"]
    assert "Реплика: начало сцены   [Входят Саша и Вера.]   [Звук З1: Птицы]" in txt
    assert "Реплика: ВЕРА: Поздно." in txt
    assert render_md(sheet).startswith("# Дворик — роль с репликами (Дмитрий Ким)\n")
    html = render_html(sheet)
    assert "<p>Роль с репликами (<strong>Дмитрий Ким</strong>)</p>" in html and "<strong>Реплика:</strong>" in html
    lee = render_txt(cue_sheet(load_play(russian), "lee"))
    assert "Реплика: после антракта" in lee


def test_a_russian_rehearsal_page(russian: Path) -> None:
    page = render_page(PageInput(load_play(russian), (), (), {}))
    assert "<title>Дворик — репетиция</title>" in page
    assert "<label>Исполнитель" in page and "первые буквы" in page
    assert "Клавиши: <kbd>Пробел</kbd> пуск/пауза" in page and "<kbd>←</kbd>/<kbd>→</kbd>" in page
    assert '"everyone":"Все (читка)"' in page and '"now":"Сейчас: {who}"' in page
    assert '"interval":"Антракт (15 минут)"' in page


def test_labels_of_the_plays_own_reach_every_output(russian: Path, tmp_path: Path) -> None:
    russian.write_text(RUSSIAN.replace("language: ru\n", "language: ru\nlabels:\n  interval: Перерыв\n"
                                       "  page_of: \"— {page} —\"\n  cue: Подача\n"), encoding="utf-8")
    play = load_play(russian)
    assert play.intervals[0].title == "Перерыв"
    pages = page_texts(build_script_pdf(play).data)
    assert "— 2 —" in pages[1] and "Перерыв (15 минут)" in pages[2]
    assert "Подача: начало сцены" in render_txt(cue_sheet(play, "kim"))
    write_play_folder(play, tmp_path / "copy")  # the YAML writer keeps the play's labels: it reads back equal
    assert load_play(tmp_path / "copy") == play


def test_labels_are_checked(tmp_path: Path) -> None:
    play = tmp_path / "play.yaml"
    play.write_text(RUSSIAN.replace("language: ru\n", "language: ru\nlabels:\n  pagee_of: x\n"
                                    "  page_of: \"стр. {page}/{total}\"\n  minutes.some: x\n  contents: \"{\"\n"
                                    "  minutes.few: \"{n:d} мин\"\n  enter.few: x\n"),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(play)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:6] == [
        f"{play}:4:3: error: unknown label 'pagee_of' (did you mean 'page_of'?)",
        f"{play}:5:12: error: label 'page_of' uses {{total}}, which it is not given (it is given: {{page}}, {{pages}})",
        f"{play}:6:3: error: label 'minutes' has no form '.some' (its forms are .one, .few, .many, .other)",
        f"{play}:7:13: error: label 'contents' has a {{ or }} that opens or closes nothing; "
        "write {{ or }} for a brace itself",
        f"{play}:8:16: error: label 'minutes.few' writes {{n:d}}; write just {{n}}",
        f"{play}:9:3: error: label 'enter' has no form '.few' (its forms are .one, .other)"]


def test_the_audio_timeline_names_the_interval_in_the_plays_language(russian: Path) -> None:
    from stagecast.audio.plan import PlanOptions, plan_track

    items = [i for section in plan_track(load_play(russian), PlanOptions()) for i in section.items]
    assert [i.text for i in items if i.id == "i1"] == ["Антракт (15 минут)"]


def test_numbers_as_the_language_writes_them() -> None:
    ru, en = labels_for("ru"), labels_for("en")
    assert (ru.grouped(12345), en.grouped(12345)) == ("12\u00a0345", "12,345")
    assert (ru.count("minutes", 1.5), en.count("minutes", 1.5)) == ("1,5 минуты", "1.5 minutes")


def test_a_long_russian_part_prints_as_a_pdf_cue_sheet(tmp_path: Path) -> None:
    from stagecast.cuesheets.sheet_pdf import render_pdf

    long = " ".join(["слово"] * 1200)
    (tmp_path / "play.yaml").write_text(RUSSIAN.replace("Доброе утро.", long), encoding="utf-8")
    text = "\n".join(page_texts(render_pdf(cue_sheet(load_play(tmp_path / "play.yaml"), "kim"))))
    assert "Слов: 1 201" in text and "роль с репликами (Дмитрий Ким)" in text


def test_a_russian_cue_list_pdf(russian: Path) -> None:
    from stagecast.cuesheets.cue_list import cue_list
    from stagecast.cuesheets.sheet_pdf import render_cuelist_pdf

    play = load_play(russian)
    text = "\n".join(page_texts(render_cuelist_pdf(play, cue_list(play))))
    assert "Дворик: сигналы" in text and "1 сигнал по ходу спектакля" in text
    assert "ЗВУК З1" in text and "Даётся в начале сцены" in text and "стр. 1 из 1" in text
    from stagecast.cuesheets.cue_list import render_md

    md = render_md(play, cue_list(play))
    assert md.startswith("# Дворик — сигналы\n\n1 сигнал по ходу спектакля;")
    assert "| # | вид | сигнал | файл | сцена | даётся после |" in md and "| З1 | звук | Птицы |  | Утро | начало сцены |" in md


def test_labels_with_braces_and_keys_never_break_the_page(russian: Path) -> None:
    russian.write_text(RUSSIAN.replace("language: ru\n", "language: ru\nlabels:\n"
                                       "  keys: \"Клавиши {{по-русски}} <b>: {space}\"\n"
                                       "  now: \"{{сейчас}} {who} $&\"\n"), encoding="utf-8")
    page = render_page(PageInput(load_play(russian), (), (), {}))
    assert '<p class="keys">Клавиши {по-русски} &lt;b&gt;: <kbd>Пробел</kbd></p>' in page
    assert '"now":"{сейчас} {who} $&"' in page


def test_a_group_line_joins_its_speakers_in_the_plays_language(russian: Path) -> None:
    from stagecast.labels import speaker_label

    russian.write_text(RUSSIAN.replace("- sasha: Знаю.", "- sasha, vera: Знаем."), encoding="utf-8")
    play = load_play(russian)
    assert speaker_label(play, play.scenes[1].items[1]) == "Саша и Вера"
    assert "#4 САША (вместе: Вера): Знаем." in render_txt(cue_sheet(play, "kim"))


def test_a_labels_wrong_value_name_gets_the_closest() -> None:
    from stagecast.labels import label_problem

    assert label_problem("exit.one", "{name} уходит.") == (
        "text", "label 'exit.one' uses {name}, which it is not given (did you mean {names}? it is given: {names}, {who})")
    assert label_problem("contents", "{page}") == ("text", "label 'contents' uses {page}, but it takes no values in braces")


def test_a_form_the_language_never_uses_is_a_warning(tmp_path: Path) -> None:
    play = tmp_path / "play.yaml"
    play.write_text(RUSSIAN.replace("language: ru\n", "language: de\nlabels:\n  minutes.few: \"{n} Min.\"\n"),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(play)])
    assert result.exit_code == 0
    assert (f"{play}:4:3: warning: label 'minutes.few' is never used: de numbers take the forms .one, .other"
            in result.stderr)


def test_a_group_line_is_printed_by_one_rule_in_every_output(russian: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from stagecast.pdf.script import ScriptPdfOptions, build_script_pdf
    from stagecast.revisions.compare import compare
    from stagecast.revisions.diff_formats import render

    russian.write_text(RUSSIAN.replace("- sasha: Знаю.", "- sasha, vera: Знаем."), encoding="utf-8")
    pdf = tmp_path / "script.pdf"
    pdf.write_bytes(build_script_pdf(load_play(russian), ScriptPdfOptions()).data)
    printed = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "САША И ВЕРА" in printed and "САША, ВЕРА" not in printed

    def labelled(text: str):
        russian.write_text(RUSSIAN.replace("- sasha: Знаю.", f"- speech: {text}\n            by: [sasha, vera]\n"
                                           "            label: ВСЕ"), encoding="utf-8")
        return load_play(russian)

    old, new = labelled("Знаем."), labelled("Знаем все.")
    assert "#4 ВСЕ (САША): Знаем все." in render_txt(cue_sheet(new, "kim"))
    assert "ВСЕ (САША И ВЕРА): Знаем {+все+}." in render(compare(old, new, "old", "new"), "text", None)
