"""Every error case in tests/errors/<case>/ gives exactly the messages in <case>.err.

The message text is the contract with users: compared exactly, never normalised.
Rewrite with ``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli

CASES = Path(__file__).parent / "errors"
EXIT = {"warnings": 3}


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_error_case(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    shutil.copytree(CASES / case, tmp_path / case)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--strict", case])
    golden = CASES / f"{case}.err"
    if update_golden:
        golden.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == golden.read_text(encoding="utf-8")
    assert result.exit_code == EXIT.get(case, 1)
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_sound_file_through_symlink_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"RIFF")
    play = tmp_path / "play"
    (play / "sounds").mkdir(parents=True)
    (play / "sounds" / "bell.wav").symlink_to(secret)
    (play / "play.yaml").write_text(
        "title: Links\nroles:\n  man: The Man\nperformers:\n  a: {name: A, plays: man}\n"
        "scenes:\n  - id: one\n    body:\n      - sound: Bell\n        file: sounds/bell.wav\n      - man: Hi.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "play"])
    assert result.stderr == (
        "play/play.yaml:10:15: error: sound file 'sounds/bell.wav' is outside the play folder; "
        "keep sounds inside play\n1 error found\n"
    )
    assert result.exit_code == 1
