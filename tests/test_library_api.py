"""The names ``stagecast`` exports (README, "Library use") and the format tables behind the
commands' choices: each name imports, each row of a table leads to its reader or writer."""

from __future__ import annotations

from pathlib import Path

import pytest

import stagecast
from stagecast.readers.detect import FORMATS, importer
from stagecast.writers import EXPORTS, exporter


def test_every_public_name_can_be_used() -> None:
    failed = []
    for name in stagecast.__all__:
        try:
            getattr(stagecast, name)
        except (AttributeError, ImportError) as exc:
            failed.append(f"{name}: {exc}")
    assert failed == []


def test_the_script_pdf_of_a_path_is_the_script_pdf_of_the_play_read_from_it(sample_path: Path) -> None:
    assert stagecast.render_script_pdf(sample_path) == stagecast.render_script_pdf(stagecast.load_play(sample_path))


@pytest.mark.parametrize("kind", FORMATS)
def test_every_import_format_has_its_reader(kind: str) -> None:
    assert importer(kind).__name__ == f"read_{kind}"


@pytest.mark.parametrize("to", list(EXPORTS))
def test_every_export_format_has_its_writer(to: str) -> None:
    assert exporter(to).__name__ == f"export_{to}"
