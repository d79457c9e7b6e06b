"""--font and --paper on every command that makes a PDF, and their defaults in play.yaml (``pdf:``)."""

from __future__ import annotations

import io
import re
import shutil
from importlib import resources
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from stagecast.cli import cli
from stagecast.cli.commands import build, cuelist, cues, pdf
from stagecast.pdf.fonts import _BUILTIN_FILES

PT_SERIF = Path(str(resources.files("fontpkg_pt_serif") / "files" / _BUILTIN_FILES["regular"]))
PLAY = """\
title: Paper
roles:
  anna: {anna}
  ken: Ken
performers:
  actor-a: {{name: Actor A, plays: anna}}
  actor-k: {{name: Actor K, plays: ken}}
{pdf}scenes:
  - id: one
    body:
      - anna: "Ready?"
      - sound: A bell
        number: S1
      - ken: "Ready."
"""
COMMANDS = {  # each PDF-making command: its click command, and its arguments after PLAY for a PDF in OUT
    "pdf": (pdf.command, ["-o", "{out}/script.pdf"]),
    "cues": (cues.command, ["--performer", "actor-a", "--format", "pdf", "-o", "{out}/a.pdf"]),
    "cuelist": (cuelist.command, ["--format", "pdf", "-o", "{out}/cues.pdf"]),
    "build": (build.command, ["--no-audio", "-o", "{out}/build"]),
}


def _play(folder: Path, anna: str = "Anna", pdf: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "play.yaml").write_text(PLAY.format(anna=anna, pdf=pdf), encoding="utf-8")
    return folder


def _run(name: str, play: Path, out: Path, *extra: object):
    args = [a.format(out=out) for a in COMMANDS[name][1]]
    return CliRunner().invoke(cli, [name, str(play), *args, *(str(e) for e in extra)])


def _paper(path: Path) -> tuple[float, float]:
    box = pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_pdf_command_takes_font_and_paper(name: str, tmp_path: Path) -> None:
    play = _play(tmp_path / "play")
    result = _run(name, play, tmp_path, "--font", "pt-serif", "--font", PT_SERIF, "--paper", "letter")
    assert result.exit_code == 0, result.output
    made = sorted(tmp_path.rglob("*.pdf"))
    assert made and all(_paper(p) == (612, 792) for p in made)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_missing_glyph_hint_names_options_the_command_has(name: str, tmp_path: Path) -> None:
    play = _play(tmp_path / "play", anna="杏")  # in every PDF: her lines, cues, GO points
    result = _run(name, play, tmp_path)
    assert result.exit_code == (5 if name == "build" else 1)
    hint = next(line for line in result.stderr.splitlines() if line.startswith("hint: add a font"))
    named = set(re.findall(r"--[a-z-]+", hint))
    options = {opt for param in COMMANDS[name][0].params for opt in param.opts}
    assert named == {"--font"} and named <= options


def test_play_yaml_gives_the_fonts_and_paper_and_the_command_line_wins(tmp_path: Path) -> None:
    play = _play(tmp_path / "play", pdf="pdf:\n  font: [pt-serif, fonts/serif.ttf]\n  paper: letter\n")
    (play / "fonts").mkdir()
    shutil.copy(PT_SERIF, play / "fonts" / "serif.ttf")
    assert _run("pdf", play, tmp_path).exit_code == 0
    assert _paper(tmp_path / "script.pdf") == (612, 792)
    assert _run("pdf", play, tmp_path, "--paper", "a4").exit_code == 0
    assert _paper(tmp_path / "script.pdf") == (595, 842)


def test_a_font_from_play_yaml_prints_what_pt_serif_lacks(tmp_path: Path) -> None:
    play = _play(tmp_path / "play", anna="Anna ☃", pdf="pdf: {font: snow.ttf}\n")
    shutil.copy(PT_SERIF, play / "snow.ttf")  # has no snowman either: the error names the font tried
    result = _run("pdf", play, tmp_path)
    assert result.exit_code == 1
    assert "in role 'anna': no font has it (tried snow.ttf, PT Serif and the fallback fonts)" in result.stderr


def test_check_reports_a_bad_pdf_section_at_its_lines(tmp_path: Path) -> None:
    play = _play(tmp_path / "play", pdf="pdf:\n  font: [missing.ttf, notes.txt]\n  papr: a4\n  paper: a5\n")
    (play / "notes.txt").write_text("not a font", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(play)])
    assert result.exit_code == 1
    yaml = play / "play.yaml"
    assert result.stderr.splitlines() == [
        f"{yaml}:9:10: error: font file 'missing.ttf' not found (looked for {play / 'missing.ttf'}); give a TrueType "
        "font file (.ttf or .ttc), relative to the play folder, or pt-serif for the built-in",
        f"{yaml}:9:23: error: font 'notes.txt' is not a TrueType font file (.ttf or .ttc)",
        f"{yaml}:10:3: error: unknown key 'papr' in pdf (did you mean 'paper'?)",
        f"{yaml}:11:10: error: unknown paper size 'a5' (use a4 or letter)",
        "4 errors found"]


def test_pdf_written_as_a_font_name_says_how_to_write_it(tmp_path: Path) -> None:
    play = _play(tmp_path / "play", pdf="pdf: NotoSansJP.ttf\n")
    result = CliRunner().invoke(cli, ["check", str(play)])
    assert result.exit_code == 1
    assert ("play.yaml:8:6: error: pdf holds settings, not a value of its own; for a font write "
            "pdf: {font: NotoSansJP.ttf}") in result.stderr


def test_an_otf_with_postscript_outlines_is_refused_on_the_command_line(tmp_path: Path) -> None:
    play = _play(tmp_path / "play")
    otf = tmp_path / "font.otf"
    otf.write_bytes(b"OTTO" + bytes(60))
    result = _run("cuelist", play, tmp_path, "--font", otf)
    assert result.exit_code == 2
    assert "is an OpenType font with PostScript (CFF) outlines" in result.output


def test_build_remakes_every_pdf_when_the_paper_changes(tmp_path: Path) -> None:
    play = _play(tmp_path / "play")
    assert _run("build", play, tmp_path).exit_code == 0
    result = _run("build", play, tmp_path, "--paper", "letter")
    assert result.exit_code == 0, result.output
    assert "Built 7 outputs (1 up to date)" in result.stdout  # all but stats: the cue list too
    assert {_paper(p) for p in (tmp_path / "build").rglob("*.pdf")} == {(612, 792)}
