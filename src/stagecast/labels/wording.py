"""The words stagecast itself puts into documents ("Characters", "page 3 of 12", "Cue:",
"Enter Tatyana."), in the play's language.

English, Russian, Ukrainian and Kazakh are built in (the play's ``language:`` picks one, by its
primary subtag); any other language gets English. A play may reword any label, or give a
whole language of its own, with ``labels:`` in play.yaml (docs/format.md), which is read
into :attr:`stagecast.model.Play.labels` and laid over the built-in ones here.

A label is a ``str.format`` template; its ``{names}`` are the values the writer fills in
(:data:`FIELDS`). Counted labels (``minutes``) have one form per plural category of the
language: ``one``/``other`` in English, ``one``/``few``/``many`` in Russian and Ukrainian.
"""

from __future__ import annotations

import difflib
import html
import string
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from ..cueing import AFTER_INTERVAL, SCENE_OPENS

if TYPE_CHECKING:
    from ..model import Play, Speech

EN: dict[str, str] = {
    # the script PDF
    "characters": "Characters",
    "played_by": "played by {who}",
    "contents": "Contents",
    "copy_for": "Copy for {name}",
    "copy_note": "Your lines are highlighted; the words you come in on are underlined.",
    "continued": "(continued)",
    "page_of": "page {page} of {pages}",
    "interval": "Interval",
    "minutes.one": "{n} minute",
    "minutes.other": "{n} minutes",
    "pause": "Pause ({seconds} s)",
    "sound_tag": "SOUND",
    "light_tag": "LIGHTS",
    "cue_tag": "CUE",
    # directions stagecast writes for a bare enter:/exit:
    "enter.one": "Enter {names}.",
    "enter.other": "Enter {names}.",
    "exit.one": "Exit {names}.",
    "exit.other": "Exit {names}.",
    "and": "and",
    # cue sheets
    "sheet": "Cue sheet: {name}",
    "sheet_for": "cue sheet for {name}",
    "roles": "Roles",
    "scenes": "Scenes",
    "speeches": "Speeches",
    "words": "Words",
    "none": "none",
    "cue_words": "Cues give the last {n} words before each line.",
    "cue": "Cue",
    "you": "(you)",
    "with": "(with {names})",
    "scene_opens": "scene opens",
    "after_interval": "after the interval",
    "sound": "Sound",
    "light": "Light",
    "other_cue": "Cue",
    "speech": "Speech",
    # the operators' cue list (PDF)
    "cue_list": "{title}: cue list",
    "cue_list_header": "Cue list",
    "cues_note.one": "{n} cue in running order; it GOes on the words shown after it.",
    "cues_note.other": "{n} cues in running order; each one GOes on the words shown after it.",
    "go_after": "GO after: {cue}",
    "col_kind": "kind",
    "col_cue": "cue",
    "col_file": "file",
    "col_scene": "scene",
    "col_go": "GO after",
    "go_scene_opens": "GO as the scene opens",
    "go_after_interval": "GO after the interval",
    "group_and": "&",
    "space_key": "Space",
    # the rehearsal page
    "rehearsal": "{title} — rehearsal",
    "performer": "Performer",
    "scene": "Scene",
    "first_letters": "first letters",
    "choose_performer": "Choose your performer",
    "jump_to_scene": "Jump to a scene",
    "rehearsal_track": "Rehearsal track",
    "documents": "Documents",
    "everyone": "Everyone (read-through)",
    "keys": "Keys: {space} play/pause · {arrows} previous/next line · {r} reveal the current line · "
            "tap or {enter} on your line to show it",
    "now": "Now: {who}",
    "your_line": "YOUR LINE — {who}",
    "line_shown": "Your line, shown",
    "line_hidden": "Your line, hidden: tap to show",
    "no_audio": "No audio in this build: read along, and tap your lines to check them.",
    "script_pdf": "Script (PDF)",
    "cue_list_pdf": "Cue list (PDF)",
    "stats_json": "Stats (JSON)",
    "my_changes": "What changed for me",
    "my_sheet_pdf": "My cue sheet (PDF)",
    "my_sheet_md": "My cue sheet (Markdown)",
    "my_script_pdf": "My marked script (PDF)",
    "rebuilding": "This page is being rebuilt. It reloads itself when the build is done; if it stays like this, "
                  "the build was stopped before the end: run stagecast build again.",
}

RU: dict[str, str] = {
    "characters": "Действующие лица",
    "played_by": "играет {who}",
    "played_by.other": "играют {who}",
    "contents": "Содержание",
    "copy_for": "Экземпляр: {name}",
    "copy_note": "Ваш текст выделен; слова, на которых вы вступаете, подчёркнуты.",
    "continued": "(продолжение)",
    "page_of": "стр. {page} из {pages}",
    "interval": "Антракт",
    "minutes.one": "{n} минута",
    "minutes.few": "{n} минуты",
    "minutes.many": "{n} минут",
    "pause": "Пауза ({seconds} с)",
    "sound_tag": "ЗВУК",
    "light_tag": "СВЕТ",
    "cue_tag": "СИГНАЛ",
    "enter.one": "Входит {names}.",
    "enter.other": "Входят {names}.",
    "exit.one": "Уходит {names}.",
    "exit.other": "Уходят {names}.",
    "and": "и",
    "sheet": "Роль с репликами ({name})",
    "sheet_for": "роль с репликами ({name})",
    "roles": "Роли",
    "scenes": "Сцены",
    "speeches": "Реплик",
    "words": "Слов",
    "none": "нет",
    "cue_words": "Реплика — последние слова перед вашим текстом, не больше {n}.",
    "cue": "Реплика",
    "you": "(вы)",
    "with": "(вместе: {names})",
    "scene_opens": "начало сцены",
    "after_interval": "после антракта",
    "sound": "Звук",
    "light": "Свет",
    "other_cue": "Сигнал",
    "speech": "Реплика",
    "cue_list": "{title}: сигналы",
    "cue_list_header": "Сигналы",
    "cues_note.one": "{n} сигнал по ходу спектакля; каждый даётся на словах, приведённых после него.",
    "cues_note.few": "{n} сигнала по ходу спектакля; каждый даётся на словах, приведённых после него.",
    "cues_note.many": "{n} сигналов по ходу спектакля; каждый даётся на словах, приведённых после него.",
    "go_after": "Даётся после: {cue}",
    "col_kind": "вид",
    "col_cue": "сигнал",
    "col_file": "файл",
    "col_scene": "сцена",
    "col_go": "даётся после",
    "go_scene_opens": "Даётся в начале сцены",
    "go_after_interval": "Даётся сразу после антракта",
    "group_and": "и",
    "space_key": "Пробел",
    "rehearsal": "{title} — репетиция",
    "performer": "Исполнитель",
    "scene": "Сцена",
    "first_letters": "первые буквы",
    "choose_performer": "Выберите исполнителя",
    "jump_to_scene": "Перейти к сцене",
    "rehearsal_track": "Запись для репетиции",
    "documents": "Документы",
    "everyone": "Все (читка)",
    "keys": "Клавиши: {space} пуск/пауза · {arrows} предыдущая/следующая реплика · {r} показать текущую "
            "реплику · нажмите на свою реплику или {enter}, чтобы её открыть",
    "now": "Сейчас: {who}",
    "your_line": "ВАША РЕПЛИКА — {who}",
    "line_shown": "Ваша реплика открыта",
    "line_hidden": "Ваша реплика скрыта: нажмите, чтобы открыть",
    "no_audio": "В этой сборке нет звука: читайте с листа и нажимайте на свои реплики, чтобы проверить себя.",
    "script_pdf": "Пьеса (PDF)",
    "cue_list_pdf": "Сигналы (PDF)",
    "stats_json": "Статистика (JSON)",
    "my_changes": "Что изменилось у меня",
    "my_sheet_pdf": "Моя роль с репликами (PDF)",
    "my_sheet_md": "Моя роль с репликами (Markdown)",
    "my_script_pdf": "Мой экземпляр пьесы (PDF)",
    "rebuilding": "Страница пересобирается. Она обновится сама, когда сборка закончится; если этого не происходит, "
                  "сборка была прервана: запустите stagecast build ещё раз.",
}

UK: dict[str, str] = {
    "characters": "Дійові особи",
    "played_by": "грає {who}",
    "played_by.other": "грають {who}",
    "contents": "Зміст",
    "copy_for": "Примірник: {name}",
    "copy_note": "Ваш текст виділено; слова, на яких ви вступаєте, підкреслено.",
    "continued": "(продовження)",
    "page_of": "с. {page} з {pages}",
    "interval": "Антракт",
    "minutes.one": "{n} хвилина",
    "minutes.few": "{n} хвилини",
    "minutes.many": "{n} хвилин",
    "pause": "Пауза ({seconds} с)",
    "sound_tag": "ЗВУК",
    "light_tag": "СВІТЛО",
    "cue_tag": "СИГНАЛ",
    "enter.one": "Входить {names}.",
    "enter.other": "Входять {names}.",
    "exit.one": "Виходить {names}.",
    "exit.other": "Виходять {names}.",
    "and": "і",
    "sheet": "Роль із репліками ({name})",
    "sheet_for": "роль із репліками ({name})",
    "roles": "Ролі",
    "scenes": "Сцени",
    "speeches": "Реплік",
    "words": "Слів",
    "none": "немає",
    "cue_words": "Репліка — останні слова перед вашим текстом, не більше {n}.",
    "cue": "Репліка",
    "you": "(ви)",
    "with": "(разом: {names})",
    "scene_opens": "початок сцени",
    "after_interval": "після антракту",
    "sound": "Звук",
    "light": "Світло",
    "other_cue": "Сигнал",
    "speech": "Репліка",
    "cue_list": "{title}: сигнали",
    "cue_list_header": "Сигнали",
    "cues_note.one": "{n} сигнал за ходом вистави; кожен подається на словах, наведених після нього.",
    "cues_note.few": "{n} сигнали за ходом вистави; кожен подається на словах, наведених після нього.",
    "cues_note.many": "{n} сигналів за ходом вистави; кожен подається на словах, наведених після нього.",
    "go_after": "Подається після: {cue}",
    "col_kind": "вид",
    "col_cue": "сигнал",
    "col_file": "файл",
    "col_scene": "сцена",
    "col_go": "подається після",
    "go_scene_opens": "Подається на початку сцени",
    "go_after_interval": "Подається одразу після антракту",
    "group_and": "і",
    "space_key": "Пробіл",
    "rehearsal": "{title} — репетиція",
    "performer": "Виконавець",
    "scene": "Сцена",
    "first_letters": "перші літери",
    "choose_performer": "Оберіть виконавця",
    "jump_to_scene": "Перейти до сцени",
    "rehearsal_track": "Запис для репетиції",
    "documents": "Документи",
    "everyone": "Усі (читка)",
    "keys": "Клавіші: {space} пуск/пауза · {arrows} попередня/наступна репліка · {r} показати поточну "
            "репліку · торкніться своєї репліки або натисніть {enter}, щоб її відкрити",
    "now": "Зараз: {who}",
    "your_line": "ВАША РЕПЛІКА — {who}",
    "line_shown": "Вашу репліку відкрито",
    "line_hidden": "Вашу репліку приховано: торкніться, щоб відкрити",
    "no_audio": "У цій збірці немає звуку: читайте з аркуша й торкайтеся своїх реплік, щоб перевірити себе.",
    "script_pdf": "П'єса (PDF)",
    "cue_list_pdf": "Сигнали (PDF)",
    "stats_json": "Статистика (JSON)",
    "my_changes": "Що змінилося в мене",
    "my_sheet_pdf": "Моя роль із репліками (PDF)",
    "my_sheet_md": "Моя роль із репліками (Markdown)",
    "my_script_pdf": "Мій примірник п'єси (PDF)",
    "rebuilding": "Сторінка перезбирається. Вона оновиться сама, коли збирання завершиться; якщо цього не стається, "
                  "збирання було перервано: запустіть stagecast build ще раз.",
}

KK: dict[str, str] = {
    "characters": "Кейіпкерлер",
    "played_by": "{who} орындайды",
    "contents": "Мазмұны",
    "copy_for": "Дана: {name}",
    "copy_note": "Сіздің мәтініңіз белгіленген; сіз сөйлей бастайтын сөздердің асты сызылған.",
    "continued": "(жалғасы)",
    "page_of": "{page}/{pages} бет",
    "interval": "Үзіліс",
    "minutes.other": "{n} минут",
    "pause": "Кідіріс ({seconds} с)",
    "sound_tag": "ДЫБЫС",
    "light_tag": "ЖАРЫҚ",
    "cue_tag": "БЕЛГІ",
    "enter.other": "{names} кіреді.",
    "exit.other": "{names} шығады.",
    "and": "және",
    "sheet": "Рөл және репликалар ({name})",
    "sheet_for": "рөл және репликалар ({name})",
    "roles": "Рөлдер",
    "scenes": "Көріністер",
    "speeches": "Репликалар",
    "words": "Сөздер",
    "none": "жоқ",
    "cue_words": "Реплика — сіздің мәтініңіздің алдындағы соңғы сөздер, {n} сөзден аспайды.",
    "cue": "Реплика",
    "you": "(сіз)",
    "with": "(бірге: {names})",
    "scene_opens": "көріністің басы",
    "after_interval": "үзілістен кейін",
    "sound": "Дыбыс",
    "light": "Жарық",
    "other_cue": "Белгі",
    "speech": "Реплика",
    "cue_list": "{title}: белгілер",
    "cue_list_header": "Белгілер",
    "cues_note.other": "Қойылым барысында {n} белгі; әр белгі одан кейін көрсетілген сөздер айтылғанда беріледі.",
    "go_after": "Мына сөздерден кейін: {cue}",
    "col_kind": "түрі",
    "col_cue": "белгі",
    "col_file": "файл",
    "col_scene": "көрініс",
    "col_go": "мына сөздерден кейін",
    "go_scene_opens": "Көрініс басталғанда беріледі",
    "go_after_interval": "Үзілістен кейін бірден беріледі",
    "group_and": "және",
    "space_key": "Бос орын",
    "rehearsal": "{title} — репетиция",
    "performer": "Орындаушы",
    "scene": "Көрініс",
    "first_letters": "алғашқы әріптер",
    "choose_performer": "Орындаушыны таңдаңыз",
    "jump_to_scene": "Көрініске өту",
    "rehearsal_track": "Репетицияға арналған жазба",
    "documents": "Құжаттар",
    "everyone": "Барлығы (оқылым)",
    "keys": "Пернелер: {space} ойнату/кідірту · {arrows} алдыңғы/келесі реплика · {r} ағымдағы репликаны "
            "көрсету · өз репликаңызды ашу үшін оны түртіңіз немесе {enter} басыңыз",
    "now": "Қазір: {who}",
    "your_line": "СІЗДІҢ РЕПЛИКАҢЫЗ — {who}",
    "line_shown": "Сіздің репликаңыз ашық",
    "line_hidden": "Сіздің репликаңыз жасырын: ашу үшін түртіңіз",
    "no_audio": "Бұл жинақта дыбыс жоқ: мәтінді оқып, өзіңізді тексеру үшін репликаларыңызды түртіңіз.",
    "script_pdf": "Пьеса (PDF)",
    "cue_list_pdf": "Белгілер (PDF)",
    "stats_json": "Статистика (JSON)",
    "my_changes": "Менде не өзгерді",
    "my_sheet_pdf": "Менің рөлім мен репликаларым (PDF)",
    "my_sheet_md": "Менің рөлім мен репликаларым (Markdown)",
    "my_script_pdf": "Менің пьеса данам (PDF)",
    "rebuilding": "Бет қайта жиналып жатыр. Жинау біткенде ол өзі жаңарады; олай болмаса, жинау тоқтап қалған: "
                  "stagecast build командасын қайта іске қосыңыз.",
}

BUILT_IN = {"en": EN, "ru": RU, "uk": UK, "kk": KK}

OPENINGS = {SCENE_OPENS: "scene_opens", AFTER_INTERVAL: "after_interval"}
"""The label of each way a cue can open a scene (:mod:`stagecast.cueing`)."""

PLURAL_FORMS = {"en": ("one", "other"), "ru": ("one", "few", "many"), "uk": ("one", "few", "many"),
                "be": ("one", "few", "many"), "pl": ("one", "few", "many"), "kk": ("other",)}
"""The plural categories a language's counted labels have (CLDR's, for whole numbers)."""

FIELDS: dict[str, frozenset[str]] = {
    key.split(".")[0]: frozenset(f for _, f, _, _ in string.Formatter().parse(text) if f)
    for key, text in EN.items()
}
FIELDS["played_by"] = FIELDS["enter"] = FIELDS["exit"] = frozenset({"names", "who"})
"""The values each label is given (``page_of``: page, pages); a reworded label may use any of them."""

COUNTED = frozenset({"minutes", "cues_note"})
"""Labels about a number ``{n}``: forms ``.one``, ``.few``, ``.many``, ``.other`` (the language's plural forms)."""
NAMED = frozenset({"played_by", "enter", "exit"})
"""Labels about a list of names: forms ``.one`` (one name) and ``.other`` (several)."""

_DECIMAL_COMMA = frozenset({"ru", "uk", "kk"})
"""Languages that write 1,5 and group thousands with a (no-break) space: 1 234."""


def base(lang: str) -> str:
    return lang.split("-")[0].lower()


def plural_category(lang: str, n: float) -> str:
    """CLDR's plural category of ``n`` in ``lang`` (whole numbers; a fraction is ``other``/``few``)."""
    forms = PLURAL_FORMS.get(base(lang), ("one", "other"))
    if forms == ("other",):
        return "other"
    if not float(n).is_integer():
        return "few" if "few" in forms else "other"
    whole = int(n)
    if forms == ("one", "other"):
        return "one" if whole == 1 else "other"
    if whole % 10 == 1 and whole % 100 != 11 and (whole == 1 or base(lang) != "pl"):
        return "one"  # 21 минута, but 21 minut in Polish
    return "few" if 2 <= whole % 10 <= 4 and not 12 <= whole % 100 <= 14 else "many"


class Labels:
    """The labels of one language, with a play's own wording laid over them."""

    def __init__(self, lang: str = "en", overrides: Iterable[tuple[str, str]] = ()):
        self.lang = lang
        self.overrides = tuple(overrides)
        self._text = _layered(_layered(EN, BUILT_IN.get(base(lang), {})), dict(self.overrides), by_form=True)

    def __call__(self, key: str, **values: object) -> str:
        return self._text[key].format(**values)

    def html(self, key: str, **markup: str) -> str:
        """The label as HTML: its own words escaped, each value put in as the markup given."""
        out = []
        for literal, field, _, _ in string.Formatter().parse(self._text[key]):
            out.append(html.escape(literal))
            if field is not None:
                out.append(markup[field])
        return "".join(out)

    def template(self, key: str) -> str:
        """The label unformatted, for a writer that fills it in later (the page footer)."""
        return self._text[key]

    def count(self, key: str, n: float, **values: object) -> str:
        """A counted label (``minutes``) in the plural form ``n`` takes."""
        return self._form(key, plural_category(self.lang, n)).format(n=self.decimal(n), **values)

    def decimal(self, n: float) -> str:
        """1.5 in English, 1,5 in Russian."""
        shown = f"{n:g}"
        return shown.replace(".", ",") if base(self.lang) in _DECIMAL_COMMA else shown

    def grouped(self, n: int) -> str:
        """1,234 in English, 1 234 in Russian (a no-break space, which every PDF font has)."""
        shown = f"{n:,}"
        return shown.replace(",", "\u00a0") if base(self.lang) in _DECIMAL_COMMA else shown

    def number(self, key: str, names: list[str], **values: object) -> str:
        """A label about ``names`` ("Enter Anna and Boris."), singular or plural by how many."""
        joined = self.join(names)
        return self._form(key, "one" if len(names) == 1 else "other").format(names=joined, who=joined, **values)

    def group(self, names: list[str]) -> str:
        """A group speech's speakers: "Anna & Boris", "Саша и Вера"."""
        return f" {self._text['group_and'].strip()} ".join(names)

    def join(self, names: list[str]) -> str:
        """"Anna", "Anna and Boris", "Anna, Boris and Olga" (in the language's word for "and")."""
        if len(names) < 2:
            return "".join(names)
        return f"{', '.join(names[:-1])} {self._text['and']} {names[-1]}"

    def _form(self, key: str, form: str) -> str:
        for candidate in (f"{key}.{form}", key, f"{key}.other", f"{key}.many", f"{key}.one"):
            if candidate in self._text:
                return self._text[candidate]
        raise KeyError(key)


def _layered(below: Mapping[str, str], layer: Mapping[str, str], by_form: bool = False) -> dict[str, str]:
    """``layer`` over ``below``. A language's table words a label in all its forms, so it
    replaces every form below ("{n} минут" is never mixed with "{n} minutes"); a play's own
    ``labels:`` (``by_form``) replace every form with a plain key, one form with ``key.form``."""
    replaced = {key.split(".")[0] for key in layer if not by_form or "." not in key}
    out = {k: v for k, v in below.items() if k.split(".")[0] not in replaced}
    out.update(layer)
    return out


@lru_cache(maxsize=32)
def labels_for(lang: str, overrides: tuple[tuple[str, str], ...] = ()) -> Labels:
    return Labels(lang, overrides)


def play_labels(play: Play) -> Labels:
    """The labels for ``play``: its language, its own wording."""
    return labels_for(play.meta.lang, play.labels)


def speaker_label(play: Play, speech: Speech, roles: Iterable[str] | None = None) -> str:
    """The one rule for a speech's printed speaker, in every output: its ``label:`` ("ALL"), else
    its speakers' names joined by the language's group word ("Pavel & The Boy", "Саша и Вера").
    With ``roles`` (a performer's part in a labelled group line), those roles' names follow the
    label in brackets: "ALL (Pavel & The Boy)". Printed outputs set it in capitals."""
    labels = play_labels(play)
    if not speech.label:
        return labels.group([play.role(r).name for r in speech.speakers])
    named = [play.role(r).name for r in (speech.speakers if roles is None else roles)]
    return f"{speech.label} ({labels.group(named)})" if roles is not None and named else speech.label


FORMS = ("one", "few", "many", "other")


def unused_form(key: str, lang: str) -> str | None:
    """A warning for a counted label's form that ``lang`` never uses (``minutes.few`` in German)."""
    name, _, form = key.partition(".")
    used = PLURAL_FORMS.get(base(lang), ("one", "other"))
    if name in COUNTED and form and form not in used:
        return (f"label '{key}' is never used: {base(lang)} numbers take the forms "
                f"{', '.join('.' + f for f in used)}")
    return None


def label_problem(key: str, text: str) -> tuple[str, str] | None:
    """What is wrong with a play's own ``labels:`` entry, as (kind, message), or None. The kind
    says where the reader puts it: ``"unknown"`` (a label there is no such: at the key, with a
    close one), ``"form"`` (at the key), ``"text"`` (at the text)."""
    name, _, form = key.partition(".")
    forms = FORMS if name in COUNTED else ("one", "other") if name in NAMED else ()
    if name not in FIELDS:
        return "unknown", f"unknown label '{key}'"
    if form and form not in forms:
        which = f"its forms are {', '.join('.' + f for f in forms)}" if forms else "it has no forms"
        return "form", f"label '{name}' has no form '.{form}' ({which})"
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return "text", f"label '{key}' has a {{ or }} that opens or closes nothing; write {{{{ or }}}} for a brace itself"
    for _, field, spec, conversion in parsed:
        if field is not None and field not in FIELDS[name]:
            if not FIELDS[name]:
                return "text", f"label '{key}' uses {{{field}}}, but it takes no values in braces"
            known = ", ".join(f"{{{f}}}" for f in sorted(FIELDS[name]))
            close = difflib.get_close_matches(field, sorted(FIELDS[name]), n=1)
            meant = f"did you mean {{{close[0]}}}? " if close else ""
            return "text", f"label '{key}' uses {{{field}}}, which it is not given ({meant}it is given: {known})"
        if spec or conversion:
            return "text", f"label '{key}' writes {{{field}{'!' + conversion if conversion else ''}" \
                           f"{':' + spec if spec else ''}}}; write just {{{field}}}"
    return None
