"""The editor schemas (``stagecast schema``, ``stagecast init``) agree with the readers: every
play ``check`` accepts fits them, every golden error case about a file's shape breaks them,
and the cases a schema cannot see are listed here with the reason, and shown to fit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from stagecast.cli import cli
from stagecast.interchange import write_play_folder
from stagecast.notation.yaml_keys import LONG_SPEECH_KEYS, SCENE_KEYS
from stagecast.readers.json_schema import schema, schema_text
from stagecast.readers.schema_words import MEANINGS
from stagecast.readers.yaml_play import ACT_KEYS, INTERVAL_KEYS
from stagecast.readers.yaml_play import TOP_KEYS as PLAY_KEYS
from stagecast.readers.yaml_sections import PDF_KEYS, PERFORMER_KEYS, ROLE_KEYS
from stagecast.voice_settings import TOP_KEYS as VOICES_KEYS
from stagecast.voice_settings import VOICE_KEYS
from stagecast.writers.to_yaml import render_folder
from tests.strategies import plays

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "errors"
VALIDATORS = {kind: Draft202012Validator(schema(kind)) for kind in ("play", "scene", "voices")}

VALID = {"warnings": "warnings only: the play reads"}
OUT_OF_REACH = {
    "duplicate-key": "YAML keeps the last of two equal keys, so the schema sees one (editors' YAML parsers flag it)",
    "missing-scene-file": "whether a scene file is there, and inside the play folder",
    "role-or-item": "unknown roles: which roles there are is the play's own",
    "scene-listed-twice": "the same scene file named twice, maybe under two spellings of its path",
    "sound-files": "whether a sound file is there, inside the play folder, and not empty",
    "sound-not-audio": "what is inside a sound file",
    "stress-marks": "the markup inside a speech's text",
    "unknown-roles": "unknown roles: which roles there are is the play's own",
}
NOT_YAML = {"tabs", "yaml-role-value", "yaml-slips", "yaml-syntax", "yaml-syntax-places"}
"""Cases whose files are not YAML at all: an editor's YAML parser says so before any schema."""


def _kind(file: Path) -> str:
    return "voices" if file.name == "voices.yaml" else "scene" if file.parent.name == "scenes" else "play"


def _problems(folder: Path) -> list[str]:
    """What the schemas find in a play folder's files, as 'file: path: message'."""
    found = []
    for file in sorted(folder.rglob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for error in VALIDATORS[_kind(file)].iter_errors(data):
            found.append(f"{file.relative_to(folder)}: {list(error.absolute_path)}: {error.message}")
    return found


def _parses(folder: Path) -> bool:
    try:
        for file in folder.rglob("*.yaml"):
            yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return False
    return True


def test_every_case_is_sorted_into_one_group() -> None:
    cases = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert set(VALID) | set(OUT_OF_REACH) | NOT_YAML <= cases


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_each_golden_error_case(case: str) -> None:
    folder = CASES / case
    if case in NOT_YAML:
        assert not _parses(folder)
    elif case in VALID or case in OUT_OF_REACH:
        assert _problems(folder) == []  # the schema now catches it: move the case out of the list
    else:
        assert _problems(folder) != []


def test_the_sample_and_its_voices_fit() -> None:
    assert _problems(REPO / "script") == []
    assert list(VALIDATORS["voices"].iter_errors(yaml.safe_load((REPO / "voices.yaml").read_text("utf-8")))) == []


def test_each_schema_is_a_draft_2020_12_schema() -> None:
    for kind in VALIDATORS:
        Draft202012Validator.check_schema(schema(kind))
        assert schema(kind)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(("where", "keys"), [
    ("play", PLAY_KEYS), ("role", ROLE_KEYS), ("performer", PERFORMER_KEYS), ("act", ACT_KEYS),
    ("interval", INTERVAL_KEYS), ("pdf", PDF_KEYS), ("scene", SCENE_KEYS), ("speech", LONG_SPEECH_KEYS),
    ("voices", VOICES_KEYS), ("voice", VOICE_KEYS),
])
def test_every_key_a_reader_accepts_has_a_meaning(where: str, keys: tuple[str, ...]) -> None:
    """A key added to a reader's list needs its line in readers/schema_words.py (editors show it)."""
    assert sorted(k for k in keys if not MEANINGS[where].get(k)) == []


def _item(entry: dict) -> list[str]:
    return [e.message for e in VALIDATORS["play"].iter_errors(_play_of(entry))]


def _play_of(entry: dict) -> dict:
    return {"title": "T", "roles": {"man": "Man", "interval": "Interval"}, "scenes": [{"id": "a", "body": [entry]}]}


def _reader_errors(entry: dict, folder: Path) -> list[str]:
    from stagecast import check_play

    (folder / "play.yaml").write_text(yaml.safe_dump(_play_of(entry), allow_unicode=True), encoding="utf-8")
    return [d.message for d in check_play(folder).diagnostics if d.severity == "error"]


@pytest.mark.parametrize("entry", [
    {"man": "Hello."}, {"man, interval": "Together."}, {"interval": "A role called interval."},
    {"man": "Hi.", "delivery": "softly", "lang": "RU", "id": "greeting", "label": "ALL"},
    {"speech": "Hi.", "by": ["man"]}, {"speech": "Hi.", "by": "man, interval"},
    {"enter": "man"}, {"direction": "A pause.", "enter": []}, {"exit": ["man"]},
    {"sound": "Bell", "number": 12}, {"light": "Fade", "number": "L2.5"}, {"pause": 0.5},
])
def test_items_the_reader_takes_fit(entry: dict, tmp_path: Path) -> None:
    assert _reader_errors(entry, tmp_path) == []
    assert _item(entry) == []


@pytest.mark.parametrize("entry", [
    {"man": "Hi.", "delivry": "softly"}, {"man": "Hi.", "woman": "Hi."}, {"Man": "Hi."}, {"man": True},
    {"speech": "Hi."}, {"speech": "Hi.", "by": []}, {"exit": []}, {"enter": "man", "role": "man"},
    {"light": "Fade", "file": "x.wav"}, {"pause": 0}, {"man": "Hi.", "id": "s12"}, {}, {"man": "Hi.", "lang": "kz"},
])
def test_items_the_reader_refuses_for_their_shape_break_the_schema(entry: dict, tmp_path: Path) -> None:
    assert _reader_errors(entry, tmp_path) != []
    assert _item(entry) != []


def test_labels_pdf_and_intervals_follow_the_reader() -> None:
    play = {"title": "T", "roles": {"man": "Man"}, "labels": {"minutes.few": "{n} минуты", "enter": "{names}"},
            "pdf": {"font": ["pt-serif", "f.ttf"], "paper": "Letter"},
            "acts": [{"id": 1, "scenes": ["a.yaml", {"interval": 15, "title": "Break"}]}, {"interval": 10}]}
    assert list(VALIDATORS["play"].iter_errors(play)) == []
    wrong = {**play, "labels": {"minutes.fw": "x"}, "pdf": {"paper": "a3"}, "scenes": ["a.yaml"]}
    assert len(list(VALIDATORS["play"].iter_errors(wrong))) == 3


@settings(max_examples=40, deadline=None)
@given(plays())
def test_whatever_the_yaml_writer_writes_fits(play) -> None:
    for name, text in render_folder(play).items():
        kind = "play" if name == "play.yaml" else "scene"
        assert list(VALIDATORS[kind].iter_errors(yaml.safe_load(text))) == [], name


def test_an_imported_folder_carries_its_schemas(tmp_path: Path) -> None:
    from stagecast import load_play

    folder = write_play_folder(load_play(REPO / "script"), tmp_path / "copy")
    assert (folder / ".stagecast" / "scene.schema.json").read_text(encoding="utf-8") == schema_text("scene")
    assert _problems(folder) == []


def test_schema_prints_play_by_default_and_writes_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["schema"])
    assert (result.exit_code, result.stdout) == (0, schema_text("play"))
    result = CliRunner().invoke(cli, ["schema", "voices", "-o", "v.json"])
    assert (result.exit_code, result.stderr) == (0, "wrote v.json\n")
    assert Path("v.json").read_text(encoding="utf-8") == schema_text("voices")
    result = CliRunner().invoke(cli, ["schema", "scene", "-o", "scene.yaml"])
    assert result.exit_code == 2
    assert "-o scene.yaml: a JSON Schema is written as .json, not .yaml\nhint: try -o scene.json" in result.stderr
    assert not Path("scene.yaml").exists()


def test_init_starts_a_play_that_checks_clean_and_fits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "the-waiting-room"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ("Started a play in the-waiting-room/: play.yaml, scenes/01-first-scene.yaml, voices.yaml, "
                             "and editor schemas in the-waiting-room/.stagecast/\n"
                             "Next: edit the-waiting-room/play.yaml, then run stagecast check the-waiting-room\n")
    folder = tmp_path / "the-waiting-room"
    assert (folder / "play.yaml").read_text(encoding="utf-8").startswith(
        '# yaml-language-server: $schema=.stagecast/play.schema.json\n')
    assert (folder / "scenes" / "01-first-scene.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../.stagecast/scene.schema.json\n")
    for kind in ("play", "scene", "voices"):
        assert (folder / ".stagecast" / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)
    assert yaml.safe_load((folder / "play.yaml").read_text(encoding="utf-8"))["title"] == "The Waiting Room"
    assert _problems(folder) == []
    checked = CliRunner().invoke(cli, ["check", "--strict", "the-waiting-room"])
    assert (checked.exit_code, checked.stderr) == (0, "")


@pytest.mark.parametrize(("language", "tag", "line"), [("ru", "ru", "Здесь кто-нибудь есть?"),
                                                    ("UK", "uk", "Тут хтось є?"),
                                                    ("kk", "kk", "Мұнда біреу бар ма?"),
                                                    ("de-at", "de-AT", "Is anyone there?")])
def test_init_language_sets_the_play_and_its_voices(language: str, tag: str, line: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "p", "--title", "Пустая сцена", "--language", language])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((tmp_path / "p" / "play.yaml").read_text(encoding="utf-8"))["language"] == tag
    voices = yaml.safe_load((tmp_path / "p" / "voices.yaml").read_text(encoding="utf-8"))
    assert {voices["default"]["lang"], voices["narrator"]["lang"], *(v["lang"] for v in voices["roles"].values())} \
        == {tag}
    scene = yaml.safe_load((tmp_path / "p" / "scenes" / "01-first-scene.yaml").read_text(encoding="utf-8"))
    assert scene["body"][2]["anna"] == line
    assert _problems(tmp_path / "p") == []
    checked = CliRunner().invoke(cli, ["check", "--strict", "p"])
    assert (checked.exit_code, checked.stderr) == (0, "")


def test_init_language_that_is_a_country_is_refused_with_the_language_meant(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "p", "--language", "kz"])
    assert result.exit_code == 2
    assert "Invalid value for --language: 'kz' is not a language tag (did you mean kk?)" in result.stderr
    assert not (tmp_path / "p").exists()


def test_init_never_writes_into_a_folder_with_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("script").mkdir()
    Path("script/play.yaml").write_text("title: Mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 2
    assert result.stderr == ("error: script/ already exists and is not empty; nothing was written (init starts a new "
                             "play and never writes into one). Give the name of a new folder, e.g. stagecast init "
                             "my-play\n")
    assert [p.name for p in Path("script").iterdir()] == ["play.yaml"]
    assert Path("script/play.yaml").read_text(encoding="utf-8") == "title: Mine\n"
    Path("notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", "notes.txt"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: notes.txt is a file, not a folder; nothing was written.")
    assert Path("notes.txt").read_text(encoding="utf-8") == "mine"
    Path("empty").mkdir()
    assert CliRunner().invoke(cli, ["init", "empty", "--title", "Empty"]).exit_code == 0


def _node_at(node: yaml.Node, path: list) -> yaml.Node:
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = [value for key, value in node.value if key.value == str(step)][-1]  # YAML keeps the last
        else:
            node = node.value[step]
    return node


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir() and p.name not in NOT_YAML))
def test_the_schema_flags_only_what_check_reports(case: str) -> None:
    """In a broken play, each of the schema's findings spans a line where ``check`` reports an
    error too: the schema is never stricter than the reader. (One exception: where a role id
    breaks the rule, ``check`` says so once, where it is declared, while the schema also marks
    the places that name it.)"""
    reported: dict[str, set[int]] = {}
    errors = (CASES / f"{case}.err").read_text(encoding="utf-8")
    bad_ids = re.findall(r"error: role id '([^']*)' (?:has|is blank)", errors)
    for line in errors.splitlines():
        where, _, rest = line.partition(": ")
        if rest.startswith("error: ") and where.count(":") == 2:
            file, number, _ = where.rsplit(":", 2)
            reported.setdefault(file.removeprefix(f"{case}/"), set()).add(int(number))
    for file in sorted((CASES / case).rglob("*.yaml")):
        name = file.relative_to(CASES / case).as_posix()
        text = file.read_text(encoding="utf-8")
        for error in VALIDATORS[_kind(file)].iter_errors(yaml.safe_load(text)):
            if any(bad in str(error.instance) for bad in bad_ids if bad.strip()):
                continue
            node = _node_at(yaml.compose(text), list(error.absolute_path))
            span = set(range(node.start_mark.line + 1, node.end_mark.line + 2))
            assert span & reported.get(name, set()), f"{name}: {list(error.absolute_path)}: {error.message}"


def test_the_minimal_play_in_the_format_guide_fits() -> None:
    guide = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    tiny = guide.split("One file, `tiny.yaml`:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    assert list(VALIDATORS["play"].iter_errors(yaml.safe_load(tiny))) == []


def test_init_dot_fills_the_empty_working_folder_and_keeps_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder is filled, not replaced: a shell standing in it still sees the play."""
    here = tmp_path / "waiting-room"
    here.mkdir()
    monkeypatch.chdir(here)
    inode = here.stat().st_ino
    result = CliRunner().invoke(cli, ["init", "."])
    assert (result.exit_code, result.stderr) == (0, "")
    assert here.stat().st_ino == inode
    assert sorted(p.name for p in here.iterdir()) == [".stagecast", "play.yaml", "scenes", "voices.yaml"]
    assert yaml.safe_load(Path("play.yaml").read_text(encoding="utf-8"))["title"] == "Waiting Room"
