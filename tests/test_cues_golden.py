"""Golden cue sheets and cue list of the sample play, compared exactly.

Rewrite with ``pytest --update-golden`` after an intended change and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    (["cues", "--performer", "Actor A"], "sample.cues-actor-a.txt"),
    (["cues", "--performer", "actor-b", "--format", "md"], "sample.cues-actor-b.md"),
    (["cues", "--performer", "Actor C", "--first-letters", "--cue-words", "4"], "sample.cues-actor-c-first-letters.txt"),
    (["cues", "--performer", "Actor E", "--format", "html"], "sample.cues-actor-e.html"),
    (["cues", "--performer", "Actor D", "--first-words", "3", "--cue-words", "3", "--format", "md"],
     "sample.cues-actor-d-first-words.md"),
    (["cuelist"], "sample.cuelist.md"),
    (["cuelist", "--format", "csv"], "sample.cuelist.csv"),
    (["stats"], "sample.stats.txt"),
    (["stats", "--format", "json"], "sample.stats.json"),
]


@pytest.mark.parametrize(("args", "golden"), CASES, ids=[c[1] for c in CASES])
def test_sample_output_matches_golden(args: list[str], golden: str, sample_path: Path, update_golden: bool) -> None:
    result = CliRunner().invoke(cli, [*args[:1], str(sample_path), *args[1:]], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / golden
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
