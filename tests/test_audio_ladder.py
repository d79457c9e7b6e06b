"""The ladder of tracks (learn, check, perform) and short cues, rendered with real eSpeak NG."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast import load_play, render_audio
from stagecast.audio.engines.espeak import EspeakEngine
from stagecast.audio.plan import PlanOptions, plan_track
from stagecast.audio.render import AudioOptions
from stagecast.cli import cli
from tests.audio_support import Track, write_play

B_LINES = ["s2", "s4", "s5", "s7"]  # Boris, Olga, the shared goodbye, Boris


class SpyEngine(EspeakEngine):
    """eSpeak NG, noting every text it is asked to say (in the worker processes) in a file."""

    def __init__(self, log: Path):
        self.log = log

    def synthesize(self, utterance, voice):
        with open(self.log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(utterance.plain) + "\n")
        return super().synthesize(utterance, voice)


@pytest.fixture(scope="module")
def ladder(tmp_path_factory):
    root = tmp_path_factory.mktemp("ladder")
    play = load_play(write_play(root / "play"))
    cache, out = root / "cache", root / "out"
    out.mkdir()
    tracks = {}
    for mode in ("learn", "check"):
        result = render_audio(play, AudioOptions(performer="Actor B", mode=mode, output=out, cache_dir=cache,
                                                 engine=EspeakEngine()))
        tracks[mode] = Track(result.tracks[0])
    spy = SpyEngine(root / "said.jsonl")
    cues = render_audio(play, AudioOptions(performer="Actor B", mode="cues", cue_words=3, output=out,
                                           cache_dir=root / "fresh-cache", engine=spy, tone=False))
    tracks["cues"] = Track(cues.tracks[0])
    said = [json.loads(line) for line in (root / "said.jsonl").read_text(encoding="utf-8").splitlines()]
    return {"tracks": tracks, "said": said, "out": out}


def _own(track: Track) -> list[tuple[str, str]]:
    return [(i["id"], i["kind"]) for i in track.items() if i["id"].split(".")[0] in B_LINES and i["kind"] != "tone"]


def test_check_puts_each_gap_before_the_same_line_read(ladder):
    track = ladder["tracks"]["check"]
    assert _own(track) == [pair for line in B_LINES for pair in ((line, "gap"), (f"{line}.read", "speech"))]
    items = track.items()
    for index, item in enumerate(items):
        if item["kind"] == "gap":
            after = items[index + 1]
            assert (after["kind"], after["id"], after["text"]) == ("speech", f"{item['id']}.read", item["text"])
            assert track.peak(item["start_ms"], item["end_ms"]) == 0  # the gap is silence to speak into
            assert track.rms_db(after["start_ms"], after["end_ms"]) > -30  # then the line is heard


def test_learn_reads_each_line_before_its_gap(ladder):
    track = ladder["tracks"]["learn"]
    assert _own(track) == [pair for line in B_LINES for pair in ((f"{line}.read", "speech"), (line, "gap"))]
    items = track.items()
    for index, item in enumerate(items):
        if item["kind"] == "gap":
            before = items[index - 1]
            assert (before["kind"], before["id"]) == ("speech", f"{item['id']}.read")
            # the gap is the line's length × the gap factor (1.2): time to repeat what was just heard
            heard, gap = before["end_ms"] - before["start_ms"], item["end_ms"] - item["start_ms"]
            assert abs(gap - heard * 1.2) <= 60, item["id"]


def test_each_mode_has_its_own_file_name(ladder):
    names = {p.name for p in ladder["out"].glob("*.wav")}
    assert names == {"tiny-castle-actor-b-learn.wav", "tiny-castle-actor-b-check.wav",
                     "tiny-castle-actor-b-cues-3-words.wav"}


def test_a_short_cue_says_and_shows_exactly_its_last_words(ladder):
    items = ladder["tracks"]["cues"].items("speech")
    assert [(i["id"], i["text"]) for i in items] == [("s1.cue", "road to Almaty?"), ("s3.cue", "feet are sore."),
                                                     ("s6.cue", "night is cold.")]
    said = ladder["said"]
    assert "feet are sore." in said and "night is cold." in said
    assert not [text for text in said if "walked" in text or "Thank" in text]  # never the whole speech


def test_perform_is_the_rehearsal_track(tmp_path: Path) -> None:
    play = write_play(tmp_path / "play")
    args = ["audio", str(play), "-p", "Actor A", "--scene", "road", "--cache-dir", str(tmp_path / "cache"),
            "-o", str(tmp_path / "out") + "/"]
    perform = CliRunner().invoke(cli, [*args, "--mode", "perform"])
    assert perform.exit_code == 0, perform.output
    assert perform.stdout.startswith(f"wrote {tmp_path / 'out' / 'tiny-castle-actor-a-road.wav'} ")
    rehearsal = CliRunner().invoke(cli, [*args, "--mode", "rehearsal"])
    assert rehearsal.stdout.startswith(f"{tmp_path / 'out' / 'tiny-castle-actor-a-road.wav'} is up to date")


def test_cue_words_outside_a_cue_track_is_refused(tmp_path: Path) -> None:
    play = write_play(tmp_path / "play")
    result = CliRunner().invoke(cli, ["audio", str(play), "-p", "Actor A", "--mode", "check", "--cue-words", "3",
                                      "-o", str(tmp_path / "x.wav")])
    assert result.exit_code == 2
    assert "error: --cue-words N (1 or more) shortens the cues of a cue track: use it with --mode cues" in result.output
    assert not (tmp_path / "x.wav").exists()


def test_a_cue_no_longer_than_n_words_stays_the_whole_speech(tmp_path: Path) -> None:
    play = load_play(write_play(tmp_path / "play"))
    items = [i for s in plan_track(play, PlanOptions("cues", "actor-b", tone=False, cue_words=8)) for i in s.items]
    cues = [(i.id, i.text) for i in items if i.kind == "speech"]
    assert cues == [("s1", "Good evening. Is this the road to Almaty?"),  # eight words: whole, and its take would play
                    ("s3.cue", "walked all day and my feet are sore."),
                    ("s6.cue", "road is long, and the night is cold.")]
