"""CliRunner tests of cues, cuelist and stats options, good and bad."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_unknown_performer_exits_2_listing_performers(sample_path: Path) -> None:
    result = run("cues", str(sample_path), "--performer", "Actor Z")
    assert result.exit_code == 2
    assert result.stderr == ("error: unknown performer 'Actor Z'; the play has: actor-a (Actor A), actor-b (Actor B), "
                             "actor-c (Actor C), actor-d (Actor D), actor-e (Actor E)\n")


def test_performer_by_name_or_id_case_insensitive(sample_path: Path) -> None:
    assert run("cues", str(sample_path), "-p", "ACTOR c").stdout == run("cues", str(sample_path), "-p", "actor-c").stdout


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_all_writes_one_sheet_per_performer(sample_path: Path, tmp_path: Path, fmt: str) -> None:
    result = run("cues", str(sample_path), "--all", "--format", fmt, "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"actor-{x}.{fmt}" for x in "abcde"]
    assert "Actor C" in (tmp_path / "out" / f"actor-c.{fmt}").read_text(encoding="utf-8")


def test_format_from_output_extension(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    assert run("cues", str(sample_path), "-p", "actor-c", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_cue_words_limits_the_cue(sample_path: Path) -> None:
    result = run("cues", str(sample_path), "-p", "actor-b", "--cue-words", "2")
    assert "  Cue: THE DIRECTOR: …a storeroom.\n" in result.stdout


def test_script_errors_exit_1_for_cues(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: X\nroles: {a: A}\nscenes:\n  - id: s\n    body:\n      - b: Hi.\n", encoding="utf-8")
    result = run("cues", str(bad), "-p", "x")
    assert result.exit_code == 1
    assert result.stderr == f"{bad}:6:9: error: unknown role 'b' (roles: a)\n1 error found\n"


def test_cuelist_csv_to_file(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "cues.csv"
    assert run("cuelist", str(sample_path), "-o", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "number,kind,label,file,scene,follows,speech,page"
    assert lines[1].startswith("L1,light,")


def test_stats_json_agrees_with_table(sample_path: Path) -> None:
    data = json.loads(run("stats", str(sample_path), "--format", "json").stdout)
    table = run("stats", str(sample_path)).stdout
    assert data["version"] == 1
    assert f"{data['total_words']:,} words" in table
    for performer in data["performers"]:
        row = next(line for line in table.splitlines() if line.startswith(performer["name"]))
        assert f" {performer['speeches']} " in row and f" {performer['words']} " in row
    assert sum(r["words"] for r in data["roles"]) == data["total_words"]


def test_stats_csv(sample_path: Path) -> None:
    rows = run("stats", str(sample_path), "--format", "csv").stdout.splitlines()
    assert rows[0] == "section,id,name,roles,speeches,words,share,seconds"
    assert sum(1 for r in rows if r.startswith("performer,")) == 5


def test_stats_bad_format_is_usage_error(sample_path: Path) -> None:
    assert run("stats", str(sample_path), "--format", "xml").exit_code == 2


def test_format_and_extension_must_agree(sample_path: Path, tmp_path: Path) -> None:
    result = run("cues", str(sample_path), "-p", "actor-c", "--format", "md", "-o", str(tmp_path / "c.pdf"))
    assert result.exit_code == 2  # the message: tests/golden/cli/output-suffix-and-format.txt
    assert not (tmp_path / "c.pdf").exists()


def test_stats_and_pdf_outputs_take_their_format_and_name_from_o(sample_path: Path, tmp_path: Path) -> None:
    made = run("stats", str(sample_path), "-o", str(tmp_path / "st.json"))
    assert made.exit_code == 0 and made.stderr == f"wrote {tmp_path / 'st.json'}\n"
    assert json.loads((tmp_path / "st.json").read_text(encoding="utf-8"))["version"] == 1
    clash = run("stats", str(sample_path), "--format", "csv", "-o", str(tmp_path / "st.json"))
    assert clash.exit_code == 2 and not clash.stdout
    pdf = run("pdf", str(sample_path), "-o", str(tmp_path / "script"))
    assert pdf.exit_code == 0 and (tmp_path / "script.pdf").is_file()


def test_first_words_shows_the_first_words_of_each_own_line_across_its_parts(sample_path: Path) -> None:
    result = run("cues", str(sample_path), "-p", "actor-c", "--first-words", "2", "--cue-words", "3")
    assert result.exit_code == 0, result.stderr
    # the count goes on after an inline direction: two words in all, not two per piece
    assert "#43 ARTUR: (a small smile, not quite a joke) (to the audience) Don’t worry.\n    ____ ______. ___" \
        in result.stdout
    assert "#44 ARTUR: I was ____ __ ______. __ ______" in result.stdout
    assert "Cue: (you) …u t i." in result.stdout  # his own previous line as the cue: hidden too


def test_first_words_in_every_format_and_pdf(sample_path: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    for fmt in ("md", "html", "pdf"):
        out = tmp_path / f"c.{fmt}"
        result = run("cues", str(sample_path), "-p", "actor-c", "--first-words", "2", "-o", str(out))
        assert result.exit_code == 0, result.stderr
        text = (" ".join(p.extract_text() for p in PdfReader(out).pages) if fmt == "pdf"
                else out.read_text(encoding="utf-8").replace("\\_", "_"))  # Markdown escapes the blanks
        assert "I was ____ __ ______." in " ".join(text.split()), fmt


def test_first_words_and_first_letters_are_one_choice(sample_path: Path) -> None:
    result = run("cues", str(sample_path), "-p", "actor-c", "--first-words", "2", "--first-letters")
    assert result.exit_code == 2
    assert "--first-letters and --first-words are two ways of hiding a line: choose one" in result.stderr
