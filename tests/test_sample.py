"""The built-in sample play has what the brief asks for (that it checks clean, even with --strict, and
its summary: tests/golden/cli/check-sample.txt)."""

from __future__ import annotations

from stagecast.api import check_play
from stagecast.model import Cue, Speech
from stagecast.rules import conflicts


def test_sample_has_what_every_output_needs(sample_play) -> None:
    report = check_play("script")
    assert report.diagnostics == ()
    speeches = sample_play.speeches()
    assert 4 <= len(sample_play.performers) <= 5
    assert any(len(s.speakers) > 1 for s in speeches), "a group line"
    assert {s.lang for s in speeches} >= {"ru", "kk"}
    assert any(p.stress for s in speeches for p in s.parts if hasattr(p, "stress")), "a stress mark"
    cues = [i for s in sample_play.scenes for i in s.items if isinstance(i, Cue)]
    assert any(c.kind == "sound" and c.file for c in cues) and any(c.kind == "light" for c in cues)
    assert all(c.number for c in cues)
    assert conflicts(sample_play) == ()
    artur = [p for p in sample_play.performers if "artur" in p.roles]
    assert len(artur) == 1 and artur[0].roles == ("artur",)
    assert isinstance(speeches[0], Speech)
