"""Every play in the corpus (tests/data/corpus) imports, writes a folder that `check` accepts,
reads back equal, and has the pinned number of speeches and speaking roles.

How the pinned numbers are counted (docs/import.md, "Counting"):
- TEI: one speech per ``<sp>``; an ``<sp>`` holding only stage directions becomes a direction,
  so ``sp == speeches + stage_only``.
- Bosak: the same with ``<SPEECH>``.
- Fountain: one speech per dialogue block (character cue + dialogue); a block with only a
  parenthetical would become a direction (none in the corpus).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.api import load_play
from stagecast.cli import cli
from stagecast.interchange import import_play, read_import, write_play_folder
from stagecast.model import Direction

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"

# file: (format, units in the source (<sp>/<SPEECH>/dialogue blocks), speeches, stage-only units,
#        speaking roles, roles, scenes, acts)
PINNED = {
    "dracor/gersh_hamlet_prinz_von_daenemark.xml": ("tei", 1133, 1133, 0, 36, 36, 20, 5),
    "dracor/rus_chekhov_chaika.xml": ("tei", 629, 629, 0, 12, 13, 60, 4),
    "dracor/rus_chekhov_tragik_ponevole.xml": ("tei", 30, 30, 0, 2, 2, 1, 1),
    "dracor/rus_ostrovsky_groza.xml": ("tei", 784, 783, 1, 29, 29, 41, 5),
    "shakespeare_en/bosak_hamlet.xml": ("bosak", 1138, 1138, 0, 35, 35, 20, 5),
    "fountain/afterwriting_cyrillic.fountain": ("fountain", 1, 1, 0, 1, 1, 2, 0),
    "fountain/afterwriting_jp.fountain": ("fountain", 1, 1, 0, 1, 1, 2, 0),
    "fountain/afterwriting_syntax_test.fountain": ("fountain", 12, 12, 0, 9, 9, 11, 4),
    "fountain/ebscreenplays_cyber_bob_ep01_traffic_control_dogs.fountain": ("fountain", 35, 35, 0, 6, 6, 4, 0),
    "fountain/nyousefi_Dialogue.fountain": ("fountain", 12, 12, 0, 3, 3, 1, 0),
    "fountain/snippets/nyousefi_Boneyard.fountain": ("fountain", 0, 0, 0, 0, 0, 1, 0),
    "fountain/snippets/nyousefi_DualDialogue.fountain": ("fountain", 2, 2, 0, 2, 2, 1, 0),
    "fountain/snippets/nyousefi_ForcedElements.fountain": ("fountain", 2, 2, 0, 2, 2, 1, 0),
    "fountain/snippets/nyousefi_Notes.fountain": ("fountain", 0, 0, 0, 0, 0, 1, 0),
    "fountain/snippets/nyousefi_SceneNumbers.fountain": ("fountain", 0, 0, 0, 0, 0, 7, 0),
    "fountain/snippets/nyousefi_Simple.fountain": ("fountain", 1, 1, 0, 1, 1, 4, 0),
    "fountain/snippets/nyousefi_Transitions.fountain": ("fountain", 0, 0, 0, 0, 0, 1, 0),
    "fountain/snippets/screenplain_dialogue-character-extension.fountain": ("fountain", 1, 1, 0, 1, 1, 1, 0),
    "fountain/snippets/screenplain_dialogue-with-blank-line.fountain": ("fountain", 1, 1, 0, 1, 1, 1, 0),
    "fountain/snippets/screenplain_dual-dialogue.fountain": ("fountain", 2, 2, 0, 2, 2, 1, 0),
    "fountain/snippets/screenplain_notes.fountain": ("fountain", 0, 0, 0, 0, 0, 1, 0),
    "fountain/snippets/screenplain_parenthetical.fountain": ("fountain", 1, 1, 0, 1, 1, 1, 0),
    "fountain/snippets/screenplain_utf-8-bom.fountain": ("fountain", 3, 3, 0, 2, 2, 1, 0),
}


def corpus_files() -> list[str]:
    found = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.suffix in (".xml", ".fountain"))
    return found


def test_every_corpus_file_is_pinned():
    assert corpus_files() == sorted(PINNED)


def _source_units(path: Path, kind: str) -> int:
    text = path.read_text(encoding="utf-8-sig")
    if kind == "tei":
        return len(re.findall(r"<sp[\s>]", text))
    if kind == "bosak":
        return text.count("<SPEECH>")
    return -1


@pytest.mark.parametrize("name", sorted(PINNED))
def test_import_matches_the_pinned_counts(name):
    kind, units, speeches, stage_only, speaking, roles, scenes, acts = PINNED[name]
    imported = read_import(CORPUS / name)
    play = imported.play
    assert imported.format == kind
    assert len(play.speeches()) == speeches
    assert len({r for s in play.speeches() for r in s.speakers}) == speaking
    assert (len(play.roles), len(play.scenes), len(play.acts)) == (roles, scenes, acts)
    assert speeches + stage_only == units
    if kind != "fountain":
        assert _source_units(CORPUS / name, kind) == units


@pytest.mark.parametrize("name", sorted(PINNED))
def test_import_writes_a_folder_that_check_accepts_and_reads_back_equal(name, tmp_path):
    play = import_play(CORPUS / name)
    folder = write_play_folder(play, tmp_path / "play")
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 0, result.output
    assert "error:" not in result.output
    assert load_play(folder) == play


@pytest.mark.parametrize("name", sorted(PINNED))
def test_every_role_has_a_visible_placeholder_performer(name, tmp_path):
    play = import_play(CORPUS / name)
    assert [p.roles for p in play.performers] == [(r.id,) for r in play.roles]
    for performer, role in zip(play.performers, play.roles, strict=True):
        assert performer.id == f"tbc-{role.id}"
        assert performer.name == f"TBC ({role.name})"
    folder = write_play_folder(play, tmp_path / "play")
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert "has no performer" not in result.output


def test_stage_only_speech_becomes_a_direction_for_its_speaker():
    """Groza: Кудряш's <sp> holds only "(продолжает). Товар закупает. (Свищет)." — no empty clip."""
    play = import_play(CORPUS / "dracor/rus_ostrovsky_groza.xml")
    directions = [i for s in play.scenes for i in s.items if isinstance(i, Direction) and "Свищет" in i.text]
    assert [d.roles for d in directions] == [("kudrjash",)]
    assert directions[0].text.startswith("Кудряш")
