"""The names ``stagecast`` exports (README, "Library use"): each one can be used."""

from __future__ import annotations

from pathlib import Path

import stagecast


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

