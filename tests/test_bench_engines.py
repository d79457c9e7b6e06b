"""`make bench`'s engine rows (bench/bench_engines.py) run end to end on a tiny play: each engine
timed cold and after a one-line edit against eSpeak NG's one-call floor, and an engine that is
not installed skipped with a note saying what is missing, never a crash."""

from __future__ import annotations

from dataclasses import asdict

from bench.bench_engines import HAMLET_SIZE, measure, scaled_play
from bench.run import Row, edit_one_line


def test_the_engine_rows_time_espeak_and_skip_a_missing_engine_with_a_note(tmp_path, monkeypatch):
    from stagecast.audio.engines.rhvoice_lib import RHVoiceLibrary

    monkeypatch.setenv("STAGECAST_RHVOICE_LIBRARY", str(tmp_path / "no-libRHVoice.so.5"))
    monkeypatch.setattr(RHVoiceLibrary, "_instance", None)  # an earlier test may have started this process's
    play = scaled_play(HAMLET_SIZE, 100, tmp_path / "play")  # 11 speeches
    rows, notes = measure(play, tmp_path / "work", 1, ["espeak", "rhvoice"], edit_one_line, 100)
    assert notes == [f"engine rhvoice skipped, not installed here: STAGECAST_RHVOICE_LIBRARY names "
                     f"{tmp_path / 'no-libRHVoice.so.5'}, which is not a file"]
    assert [(r.what, r.workload) for r in rows] == [
        ("cold read-through audio, espeak, vs eSpeak NG one call", "en/100"),
        ("warm re-render after a one-line edit, espeak, vs eSpeak NG one call", "en/100")]
    cold, warm = rows
    assert cold.theirs == warm.theirs > 0  # one floor for every row
    assert "× real time (" in cold.note and "two idle cores" in cold.note
    assert len(warm.note.split(";")[0].split(",")) == 5  # five edits, each checked to synthesise one clip
    # eSpeak is the reference the natural engines are held to: no target of its own in the table.
    assert [Row(**asdict(r)).cells()[5:7] for r in rows] == [["—", "—"], ["—", "—"]]
