"""What a user reads from a command — its stdout, its stderr and its exit code — compared exactly
with tests/golden/cli/<case>.txt.

Each case makes a few files in an empty working folder and runs commands there, with relative
paths, so the transcript shows what a user would see in their terminal. The golden file is that
transcript: ``$ command``, then ``[stdout]`` and ``[stderr]`` (each only when there is any) and
``[exit N]``. Rewrite with ``pytest tests/test_cli_golden.py --update-golden`` after an intended
change, and review the diff: the words are the contract with users.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from stagecast.cli import cli
from tests import revision_edits as edits
from tests.audio_support import write_play as write_castle
from tests.conftest import DATA, SAMPLE
from tests.pdf_support import write_play as write_pdf_play
from tests.test_cli import TINY
from tests.two_voices import two_voices

GOLDEN = Path(__file__).parent / "golden" / "cli"
CORPUS = DATA / "corpus"


@dataclass(frozen=True)
class Case:
    name: str
    setup: Callable[[Path], None]
    commands: tuple[str, ...]
    """Shell-like lines: ``stagecast ARGS [< FILE]`` or ``cd FOLDER``."""


def run(line: str, folder: Path) -> tuple[Path, str]:
    """Run one line of a case in ``folder``; the folder for the next line, and the transcript."""
    words = shlex.split(line)
    if words[0] == "cd":
        return folder / words[1], f"$ {line}\n"
    assert words[0] == "stagecast", line
    stdin = None
    if len(words) > 2 and words[-2] == "<":
        stdin = (folder / words[-1]).read_text(encoding="utf-8")
        words = words[:-2]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = CliRunner().invoke(cli, words[1:], input=stdin, prog_name="stagecast", terminal_width=80)
    return folder, f"$ {line}\n{transcript(result)}"


def transcript(result: Result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    out = []
    for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        if text:
            out += [f"[{name}]\n", text, "" if text.endswith("\n") else "\n[no newline at the end]\n"]
    return "".join([*out, f"[exit {result.exit_code}]\n"])


# -- What the cases start from ---------------------------------------------------------------
def sample(root: Path) -> None:
    shutil.copytree(SAMPLE, root / "script")
    shutil.copy(SAMPLE.parent / "voices.yaml", root / "voices.yaml")


def files(texts: dict[str, str | bytes]) -> Callable[[Path], None]:
    """Files by their path in the working folder; bytes are written as they are."""

    def write(root: Path) -> None:
        for name, text in texts.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")

    return write


def both(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for each in setups:
            each(root)

    return setup


def corpus(name: str, as_name: str | None = None) -> Callable[[Path], None]:
    """A file of tests/data/corpus, copied into the working folder (as ``as_name``)."""

    def copy(root: Path) -> None:
        shutil.copy(CORPUS / name, root / (as_name or Path(name).name))

    return copy


def castle(root: Path) -> None:
    write_castle(root / "play")


def pdf_play(root: Path) -> None:
    write_pdf_play(root / "play", scenes=2)


def play_folder_here(root: Path) -> None:
    (root / "play.yaml").write_text(TINY, encoding="utf-8")
    (root / "scenes").mkdir()


BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                 + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)])


def two_drafts(root: Path) -> None:
    """old/ is the sample; new/ has most kinds of change a rewrite brings: a reworded line, a
    moved one, a cut one, a sound cue relabelled, a scene retitled (with Markdown's own
    characters in it), a new scene, a role recast and the play retitled."""
    sample(root)
    edits.copy_sample(SAMPLE, root / "old")
    new = edits.copy_sample(SAMPLE, root / "new")
    for edit in (edits.reword, edits.move, edits.sound_label, edits.add_scene, edits.recast):
        edit(new)
    edits.replace_once(new / edits.PROLOGUE, edits.CLEANERS, "")
    edits.replace_once(new / "scenes/02-tatyana.yaml", "title: Tatyana", "title: Tatyana *at the [wheel]*")
    edits.replace_once(new / "play.yaml", "title: Here.Almaty", "title: Here.Almaty_2")


CASES = [
    # check: the summary, and every kind of problem located
    Case("check-sample", sample, ("stagecast check --strict script",)),
    Case("check-tiny", files({"tiny.yaml": TINY}), ("stagecast check tiny.yaml",)),
    Case("check-yes-no", files({"bad.yaml": TINY.replace("Hello there.", "no")}), ("stagecast check bad.yaml",)),
    Case("check-strict-warnings", files({"w.yaml": TINY.replace("plays: man", "plays: []")}),
         ("stagecast check w.yaml", "stagecast check --strict w.yaml")),
    Case("check-folder-without-play-yaml", files({"empty/notes.txt": "not a play\n"}), ("stagecast check empty",)),
    Case("check-not-utf8", files({"latin1.yaml": TINY.replace("Hello there.", "Caf\u00e9").encode("latin-1")}),
         ("stagecast check latin1.yaml",)),
    Case("check-alias-bomb", files({"bomb.yaml": BOMB + "\ntitle: Bomb\nroles: *a8\nscenes: []\n"}),
         ("stagecast check bomb.yaml",)),
    Case("check-inside-the-play-folder", play_folder_here,
         ("stagecast check", "stagecast check .", "cd scenes", "stagecast cues -p 'Actor A'")),
    Case("check-a-scene-file", both(sample, files({"lone.yaml": "id: lone\nbody:\n  - man: Alone.\n"})),
         ("stagecast check script/scenes/02-tatyana.yaml", "stagecast check lone.yaml", "cd script/scenes",
          "stagecast cues 02-tatyana.yaml -p 'Actor A'")),
    # usage errors: the option or value named, the valid ones listed
    Case("diff-arguments", sample, ("stagecast diff", "stagecast diff script", "stagecast diff a b c",
                                    "stagecast diff --since HEAD a b")),
    Case("cues-performer-or-all", sample, ("stagecast cues script", "stagecast cues script --performer 'Actor A' --all",
                                           "stagecast cues script --all")),
    Case("cues-cue-words", sample, ("stagecast cues script -p actor-c --cue-words 0",)),
    Case("output-suffix-and-format", sample, ("stagecast cues script -p actor-c --format md -o c.pdf",
                                              "stagecast stats script --format csv -o st.json",
                                              "stagecast audio script --format wav -o x.mp3")),
    Case("cues-outputs-not-written", both(sample, files({"taken.txt": "mine\n"})),
         ("stagecast cues script -p 'Actor C' -o c.docx", "stagecast cues script --all -o taken.txt",
          "stagecast cues script --all -o sheets.txt")),
    Case("pdf-options-for-text", sample, ("stagecast cues script --performer actor-a --font pt-serif",
                                          "stagecast cuelist script --paper letter")),
    Case("audio-usage", castle, ("stagecast audio play -o x.flac", "stagecast audio play -o x.txt",
                                 "stagecast audio play --split scenes -o sp.wav",
                                 "stagecast audio play --split scenes -o sp.pdf",
                                 "stagecast audio play --voices nowhere.yaml",
                                 "stagecast audio play --performer Nobody", "stagecast audio play --performer Olga")),
    Case("pdf-performer-and-font", pdf_play, ("stagecast pdf play -o x.pdf --performer Nobody",
                                              "stagecast pdf play --font none.ttf")),
    Case("rehearse-unknown-scene", sample, ("stagecast rehearse script -p actor-c --scene nowhere",)),
    Case("serve-without-a-build", both(sample, files({"empty/notes.txt": "not a build\n"})),
         ("stagecast serve nosuch", "stagecast serve empty", "stagecast serve script/", "cd script",
          "stagecast serve .")),
    # what was written, and the summaries
    Case("pdf-wrote", pdf_play, ("stagecast pdf play",)),
    Case("build-twice", files({"play/play.yaml": two_voices().replace("b: {name: Actor B,", "b: {name: Actor A,")}),
         ("stagecast build play -o out --no-audio", "stagecast build play -o out --no-audio")),
    Case("diff-whole-play-md", two_drafts, ("stagecast diff old new --format md",)),
    # import: what it read, and what it refuses
    Case("import-tei", corpus("dracor/rus_chekhov_chaika.xml"), ("stagecast import rus_chekhov_chaika.xml -o chaika",)),
    Case("import-guesses-from-content",
         both(corpus("shakespeare_en/bosak_hamlet.xml", "hamlet.txt"),
              files({"script.txt": "Plain words, all in lower case.\n"})),
         ("stagecast import hamlet.txt -o hamlet", "stagecast import script.txt -o a",
          "stagecast import script.txt --format fountain -o b")),
    Case("import-never-overwrites", both(corpus("fountain/nyousefi_Dialogue.fountain"),
                                         files({"play/play.yaml": "title: mine\n"})),
         ("stagecast import nyousefi_Dialogue.fountain -o play",)),
    Case("import-not-a-play", files({"page.xml": "<?xml version='1.0'?>\n<html><body>hi</body></html>",
                                       "picture.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                                       "notes.txt": "just some lower-case notes\nand more\n",
                                       "data.xml": "<?xml version='1.0'?><!-- c --><catalog><item/></catalog>",
                                       "play.yaml": "title: x\n"}),
         ("stagecast import page.xml -o out", "stagecast import picture.png -o out",
          "stagecast import notes.txt -o out", "stagecast import data.xml -o out", "stagecast import play.yaml",
          "stagecast import nope.fountain")),
    Case("import-output-not-a-folder", both(corpus("dracor/rus_chekhov_tragik_ponevole.xml", "tragik.xml"),
                                            files({"notes.txt": "mine\n"})),
         ("stagecast import tragik.xml -o -", "stagecast import tragik.xml -o notes.txt",
          "stagecast import tragik.xml -o notes.txt/tragik")),
    Case("import-warnings", corpus("fountain/snippets/nyousefi_SceneNumbers.fountain"),
         ("stagecast import nyousefi_SceneNumbers.fountain -o numbers",)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_command_output_matches_golden(case: Case, tmp_path: Path, update_golden: bool) -> None:
    case.setup(tmp_path)
    folder, text = tmp_path, []
    for line in case.commands:
        folder, said = run(line, folder)
        text.append(said)
    golden = GOLDEN / f"{case.name}.txt"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text("\n".join(text), encoding="utf-8")
    assert "\n".join(text) == golden.read_text(encoding="utf-8")


def test_every_golden_file_has_its_case() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(case.name for case in CASES)


def test_the_readme_tour_shows_checks_summary_as_it_is() -> None:
    """The README's first example is what a newcomer compares with their own terminal."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ stagecast check script/\n", 1)[1].split("```", 1)[0]
    printed = (GOLDEN / "check-sample.txt").read_text(encoding="utf-8").split("[stdout]\n", 1)[1].split("[exit", 1)[0]
    assert shown == printed
