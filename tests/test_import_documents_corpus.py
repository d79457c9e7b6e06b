"""Corpus plays written as scripts (plain text and Word, python-docx) in each convention and
imported back keep at least 99% of their speeches, with the right speaker (issue 23).

Chaika (Russian, TEI) and Bosak's Hamlet (English) are in tests/data/corpus with their licences.
(Groza is left out: its TEI role names carry scene references, "1-й (IV/1–2)", which no script has.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from stagecast.interchange import import_play
from tests.document_writers import CONVENTIONS, TEXT_CONVENTIONS, write_docx, write_text
from tests.test_import_pdf import kept

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
CHAIKA = CORPUS / "dracor" / "rus_chekhov_chaika.xml"
HAMLET = CORPUS / "shakespeare_en" / "bosak_hamlet.xml"
CASES = [(HAMLET, c, "txt") for c in TEXT_CONVENTIONS] + [(CHAIKA, c, "txt") for c in TEXT_CONVENTIONS] + \
        [(CHAIKA, c, "docx") for c in CONVENTIONS] + [(HAMLET, "bold", "docx")]
_PLAYS: dict[Path, object] = {}


@pytest.mark.parametrize(("source", "convention", "kind"), CASES,
                         ids=[f"{s.stem}-{c}-{k}" for s, c, k in CASES])
def test_a_corpus_play_written_as_a_script_comes_back(tmp_path, source, convention, kind):
    if kind == "docx":
        pytest.importorskip("docx", reason="python-docx writes the Word file")
    play = _PLAYS.setdefault(source, import_play(source))
    path = (write_text if kind == "txt" else write_docx)(play, tmp_path / f"play.{kind}", convention)
    back = import_play(path)
    assert kept(play, back) >= 0.99
    assert [r.name for r in back.roles] == [r.name for r in play.roles]  # type: ignore[attr-defined]
