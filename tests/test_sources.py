"""Verbatim sources (issue 18, item 5; docs/verbatim.md): ``interviews:``, a speech's ``source:``
and ``edited:``, ``stagecast sources``, ``pdf --sources``, and that no public output ever holds
an interviewee's real name, place or notes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast import load_play
from stagecast.cli import cli
from stagecast.rules import provenance
from stagecast.writers import write_folder
from tests.conftest import need_tool

VERBATIM = Path(__file__).parent / "data" / "verbatim"
GOLDEN = Path(__file__).parent / "golden" / "verbatim-sources.txt"
SECRETS = ("Zebulon", "Quaxmire", "Ottoline", "Vexbridge", "Hieronymus", "Dravenport",  # real names
           "Frobisher", "Quillmoor",  # places
           "Xylograph", "Pellucid", "Asked to be left out")  # notes


@pytest.fixture
def play(tmp_path: Path) -> Path:
    shutil.copytree(VERBATIM, tmp_path / "play")
    return tmp_path / "play"


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_interviews_and_citations_are_read() -> None:
    model = load_play(VERBATIM)
    first = model.interviews[0]
    assert (first.id, first.name, first.date, first.consent, first.length) == (
        "int-01", "Zebulon Quaxmire", "2024-03-15", "yes", 45 * 60)  # YAML 1.1's 45:00 is read as written
    assert model.interviews[1].length == 3750 and model.interviews[2].consent == "withdrawn"
    speeches = model.speeches()
    assert [provenance(s) for s in speeches] == ["verbatim", "edited", "invented", "verbatim", "verbatim",
                                                "verbatim", "invented"]
    assert [(c.interview, c.at) for c in speeches[3].sources] == [("int-02", 2405), ("int-01", 2699)]


def test_the_yaml_writer_keeps_interviews_and_sources(tmp_path: Path) -> None:
    model = load_play(VERBATIM)
    again = load_play(write_folder(model, tmp_path / "copy"))
    assert again.interviews == model.interviews
    assert again.speeches() == model.speeches()


def test_a_line_from_a_withdrawn_interview_is_a_warning(play: Path) -> None:
    result = _run("check", "--strict", str(play))
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0].endswith(
        "02-bench.yaml:6:13: warning: this line is taken from interview 'int-03', whose consent is withdrawn; "
        "cut or rewrite its lines before the play is shown")


def test_a_cut_line_from_a_withdrawn_interview_is_no_warning(play: Path) -> None:
    scene = play / "scenes" / "02-bench.yaml"
    scene.write_text(scene.read_text(encoding="utf-8").replace("source: int-03@01:00\n",
                                                               "source: int-03@01:00\n    cut: consent withdrawn\n"),
                     encoding="utf-8")
    assert _run("check", "--strict", str(play)).exit_code == 0
    result = _run("sources", str(play), "--format", "json")
    assert json.loads(result.stdout)["lacking_consent"] == ["int-02"]


def test_an_unquoted_impossible_date_is_a_located_error(play: Path) -> None:
    text = (play / "play.yaml").read_text(encoding="utf-8")
    (play / "play.yaml").write_text(text.replace("date: 2024-04-02", "date: 2024-02-30"), encoding="utf-8")
    result = _run("check", str(play))
    assert result.exit_code == 1
    assert "play.yaml:25:11: error: date of interview 'int-02' is '2024-02-30', not a date; write it as " \
           "YYYY-MM-DD, e.g. date: 2024-03-15\n" in result.stderr
    assert "Traceback" not in result.output


def test_a_timestamp_past_the_interview_names_its_length(play: Path) -> None:
    scene = play / "scenes" / "01-counter.yaml"
    scene.write_text(scene.read_text(encoding="utf-8").replace("int-01@44:59", "int-01@45:01"), encoding="utf-8")
    result = _run("check", str(play))
    assert result.exit_code == 1
    assert "01-counter.yaml:13:28: error: timestamp 45:01 is past the end of interview 'int-01', which is 45:00 " \
           "long (its length: in play.yaml); check the time, or the length\n" in result.stderr


def test_sources_report(play: Path, update_golden: bool) -> None:
    result = _run("sources", str(play))
    assert result.exit_code == 0, result.output
    if update_golden:
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_sources_json_and_strict(play: Path, tmp_path: Path) -> None:
    result = _run("sources", str(play), "-o", str(tmp_path / "s.json"), "--strict")
    assert result.exit_code == 3
    assert result.stderr.endswith("s.json\n2 cited interviews without consent: yes (int-02, int-03; failing because of --strict)\n")
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert data["totals"] == {"verbatim": 4, "edited": 1, "invented": 2}
    widow = next(r for r in data["roles"] if r["role"] == "widow")
    assert widow["scenes"][0] == {"scene": "01-counter", "title": "The Counter", "verbatim": [4], "edited": [2],
                                  "invented": []}
    assert data["lacking_consent"] == ["int-02", "int-03"]


def test_a_new_source_is_no_change_to_the_script(play: Path, tmp_path: Path) -> None:
    """diff (and pdf --since) report what is printed or heard; a line's source is neither."""
    old = tmp_path / "old"
    shutil.copytree(play, old)
    scene = play / "scenes" / "02-bench.yaml"
    scene.write_text(scene.read_text(encoding="utf-8").replace("source: int-02\n", "source: int-01@02:00\n"),
                     encoding="utf-8")
    assert load_play(play).speeches()[4].sources != load_play(old).speeches()[4].sources
    result = _run("diff", str(old), str(play))
    assert result.exit_code == 0
    assert result.stdout.endswith("\nNo changes.\n"), result.stdout


def _pdf_text(path: Path) -> str:
    pdftotext = need_tool("pdftotext", "reads the PDF's text back")
    return subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_annotated_copy_has_each_lines_source(play: Path, tmp_path: Path) -> None:
    result = _run("pdf", str(play), "--sources", "-o", str(tmp_path / "sources.pdf"))
    assert result.exit_code == 0, result.output
    text = " ".join(_pdf_text(tmp_path / "sources.pdf").split())
    assert "Verbatim, from int-01 (Zebulon Quaxmire) at 3:10." in text
    assert "Edited, from int-02 (Ottoline Vexbridge) at 12:30, consent pending." in text
    assert "Invented: no source." in text
    assert "CONFIDENTIAL · sources" in text and "Xylograph secret remark" in text


def _outputs(play: Path, out: Path) -> list[tuple[str, str]]:
    """Every public output of the play, into ``out``; what a command printed that it must not."""
    commands = [
        ["build", str(play), "-o", str(out / "build")],
        ["export", str(play), "--to", "fountain", "-o", str(out / "play.fountain")],
        ["cues", str(play), "--all", "-o", str(out / "cues")],
        ["cuelist", str(play), "-o", str(out / "cuelist.csv")],
        ["stats", str(play), "--format", "json", "-o", str(out / "stats.json")],
        ["stats", str(play), "-o", str(out / "stats.txt")],
        ["pdf", str(play), "--line-numbers", "-o", str(out / "script.pdf")],
        ["pdf", str(play), "--performer", "Actor B", "-o", str(out / "actor-b.pdf")],
        ["audio", str(play), "--narrate", "-o", str(out / "narrated.wav")],
        ["audio", str(play), "-p", "Actor A", "--split", "scenes", "-o", str(out / "scenes")],
    ]
    commands += [["cues", str(play), "-p", "Actor B", "--format", fmt] for fmt in ("txt", "html")]
    printed = []
    for args in commands:
        result = _run(*args)
        assert result.exit_code == 0, (args, result.output)
        printed += [(" ".join(args[:2]), s) for s in SECRETS if s in result.output]
    return printed


@pytest.mark.slow
def test_no_public_output_names_an_interviewee(play: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    leaks = _outputs(play, out)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 30
    assert {p.suffix for p in files} >= {".pdf", ".mp3", ".wav", ".vtt", ".srt", ".json", ".html", ".md", ".fountain"}
    for path in files:
        data = path.read_bytes()
        texts = [data.decode("utf-8", "replace"), data.decode("utf-16-le", "replace")]
        if path.suffix == ".pdf":
            texts.append(_pdf_text(path))
        leaks += [(str(path.relative_to(out)), s) for s in SECRETS if any(s in text for text in texts)]
    assert leaks == []
    assert "Next, please" in _pdf_text(out / "script.pdf")  # the search does find text in a PDF
