"""Characters no font has: one error per item, at the character's own line and column, capped
per file, with one hint naming an option the command has."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast import load_play, render_script_pdf
from stagecast.cli import cli
from stagecast.errors import ScriptError

HINT = ("hint: add a font that has them: --font pt-serif --font FILE (PT Serif first, FILE for what it lacks), "
        "or for every PDF of the play, in play.yaml: pdf: {font: [pt-serif, FILE]}")
HEAD = """\
title: Glyphs
roles:
  anna: Anna
  ken: Ken
performers:
  actor-a: {name: Actor A, plays: anna}
  actor-k: {name: Actor K, plays: ken}
scenes:
  - id: one
    body:
"""


def _play(tmp_path: Path, body: list[str], head: str = HEAD) -> Path:
    path = tmp_path / "play.yaml"
    path.write_text(head + "".join(f"      {line}\n" for line in body), encoding="utf-8")
    return path


def _run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _where(path: Path, line_text: str, char: str) -> str:
    """``path:line:column`` of ``char`` on the (first) line that is ``line_text``, 1-based."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = lines.index(line_text)
    return f"{path}:{number + 1}:{lines[number].index(char) + 1}"


def test_a_long_japanese_speech_is_one_error_listing_a_few_characters_and_counting_the_rest(tmp_path: Path) -> None:
    text = "".join(chr(0x4E00 + i % 1904) for i in range(2000))  # 2,000 characters, 1,904 different ones
    play = _play(tmp_path, [f'- ken: "{text}"'])
    result = _run("pdf", play, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{play}:11:15: error: cannot print 1,904 characters in speech 1: no font has '一' (U+4E00 CJK UNIFIED "
        "IDEOGRAPH-4E00), 丁, 丂, 七, 丄, 丅, 丆, 万 or 1,896 more (tried PT Serif and the fallback fonts)",
        HINT,
        "1 error found"]
    assert not (tmp_path / "x.pdf").exists()


def test_more_than_twenty_items_in_a_file_are_counted_after_the_twentieth(tmp_path: Path) -> None:
    play = _play(tmp_path, [f'- anna: "Line {n}: 字"' for n in range(1, 26)])
    result = _run("pdf", play, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 23  # 20 items, the count of the other 5, the hint, the total
    assert lines[0] == (f"{play}:11:24: error: cannot print '字' (U+5B57 CJK UNIFIED IDEOGRAPH-5B57) in speech 1: "
                        "no font has it (tried PT Serif and the fallback fonts)")
    assert lines[19].startswith(f"{play}:30:25: error: cannot print '字' (U+5B57 CJK UNIFIED IDEOGRAPH-5B57) in "
                                "speech 20:")
    assert lines[20] == (f"{play}:31:25: error: 5 more items in this file have characters no font has (not listed "
                         "one by one); the first is speech 21, here")
    assert lines[21:] == [HINT, "25 errors found"]


@pytest.mark.parametrize(("written", "char"), [
    ("- anna: Plain text with 日 in it", "日"),
    ('- anna: "Double quotes, 本 here"', "本"),
    ("- anna: 'It''s 語 in single quotes'", "語"),
])
def test_the_column_is_the_character_s_own_on_a_one_line_text(tmp_path: Path, written: str, char: str) -> None:
    play = _play(tmp_path, [written])
    with pytest.raises(ScriptError) as caught:
        render_script_pdf(play)
    assert str(caught.value.diagnostics[0].loc) == _where(play, f"      {written}", char)


def test_in_block_and_wrapped_texts_the_character_s_own_line_and_column(tmp_path: Path) -> None:
    play = _play(tmp_path, [
        "- anna: |", "    Verse, kept line by line,", "    and here 日 on the second.",
        "- ken: >", "    Folded into one line,", "      more indented 本 here,", "    and on.",
        "- anna: Plain text wrapped", "    onto a second line 語.",
        '- ken: "A quoted text', '    wrapped too: 字."',
    ])
    with pytest.raises(ScriptError) as caught:
        render_script_pdf(play)
    assert [str(d.loc) for d in caught.value.diagnostics] == [
        _where(play, "          and here 日 on the second.", "日"),
        _where(play, "            more indented 本 here,", "本"),
        _where(play, "          onto a second line 語.", "語"),
        _where(play, "          wrapped too: 字.\"", "字"),
    ]


def test_after_an_escape_the_error_points_at_the_text_s_start(tmp_path: Path) -> None:
    # "\t" is one character in the speech but two in the file: what follows cannot be mapped exactly.
    play = _play(tmp_path, ['- anna: "Tab\\there 日"'])
    with pytest.raises(ScriptError) as caught:
        render_script_pdf(play)
    assert str(caught.value.diagnostics[0].loc) == _where(play, '      - anna: "Tab\\there 日"', '"')


def test_a_role_s_name_is_one_error_at_the_role_not_one_per_speech(tmp_path: Path) -> None:
    head = HEAD.replace("  ken: Ken", "  ken: 健")
    play = _play(tmp_path, [f'- ken: "Line {n}."' for n in range(1, 30)], head=head)
    with pytest.raises(ScriptError) as caught:
        render_script_pdf(play)
    assert str(caught.value).splitlines()[0] == (f"{play}:4:8: error: cannot print '健' (U+5065 CJK UNIFIED "
                                                 "IDEOGRAPH-5065) in role 'ken': no font has it (tried PT Serif and the fallback fonts)")
    assert caught.value.count == 1


def test_a_cue_sheet_names_the_line_and_the_direction_its_cue_quotes(tmp_path: Path) -> None:
    play = _play(tmp_path, ['- ken: "Good morning, 日本."', "- direction: 彼は座る。",
                            '- anna: "Good morning."'])
    result = _run("cues", play, "--performer", "actor-a", "--format", "pdf", "-o", tmp_path / "a.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{play}:11:29: error: cannot print 2 characters in speech 1: no font has '日' (U+65E5 CJK UNIFIED "
        "IDEOGRAPH-65E5) or 本 (tried PT Serif and the fallback fonts)",
        f"{play}:12:20: error: cannot print 5 characters in this stage direction: no font has '彼' (U+5F7C CJK "
        "UNIFIED IDEOGRAPH-5F7C), は, 座, る or 。 (tried PT Serif and the fallback fonts)"]
    assert f"{play}:13:" not in result.stderr  # Anna's own line prints


def test_the_cue_list_names_the_speech_its_go_point_quotes(tmp_path: Path) -> None:
    play = _play(tmp_path, ['- ken: "Ready, 日本."', "- sound: A bell", "  number: S1"])
    result = _run("cuelist", play, "--format", "pdf", "-o", tmp_path / "c.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"{play}:11:22: error: cannot print 2 characters in speech 1: no font "
                                             "has '日' (U+65E5 CJK UNIFIED IDEOGRAPH-65E5) or 本 (tried PT Serif and the fallback fonts)")


def test_without_the_reader_s_locator_the_error_points_at_the_item(tmp_path: Path) -> None:
    """The exact column comes from the reader that knows the file's syntax (Play.locate_chars);
    a play that has none (made in code, say) is still told where the item is."""
    path = _play(tmp_path, ["- anna: Plain text with 日 in it"])
    play = dataclasses.replace(load_play(path), locate_chars=None)
    with pytest.raises(ScriptError) as caught:
        render_script_pdf(play)
    assert str(caught.value.diagnostics[0].loc) == _where(path, "      - anna: Plain text with 日 in it", "anna")
