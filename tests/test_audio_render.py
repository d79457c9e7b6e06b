"""Rendering with the deterministic silent engine (fast): sidecars, cache, failures, atomic groups.

The real engines are tested in test_audio_espeak.py; here the engine is a stand-in so
each test takes a fraction of a second.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from stagecast import load_play, render_audio
from stagecast.audio import assemble
from stagecast.audio.engines.silent import SilentEngine
from stagecast.audio.render import AudioOptions, SynthesisFailed, UsageError
from stagecast.errors import BackendError, NotFoundError, ScriptError
from tests.audio_support import PLAY, VOICES, Track, parse_srt, parse_vtt, write_play
from tests.conftest import need_tool

SILENT_VOICES = VOICES.replace("en-us", "silent-en").replace("en-gb", "silent-en").replace("voice: ru", "voice: silent-ru")


@pytest.fixture
def folder(tmp_path):
    return write_play(tmp_path / "play", voices=SILENT_VOICES)


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def render(folder: Path, cache: Path, out: Path, **options):
    options.setdefault("engine", "silent")
    options.setdefault("jobs", 2)
    return render_audio(load_play(folder), AudioOptions(output=out, cache_dir=cache, **options))


def test_track_group_has_audio_captions_and_timeline(folder, cache, tmp_path):
    result = render(folder, cache, tmp_path / "out" / "full.wav")
    track = Track(tmp_path / "out" / "full.wav")
    assert abs(track.duration_ms - track.timeline["duration_ms"]) <= 1
    assert track.timeline["version"] == 1
    first = track.items("speech")[0]
    assert set(first) == {"id", "kind", "scene", "speakers", "who", "performers", "text", "voice", "start_ms", "end_ms",
                          "source"}
    assert first["source"] == "play.yaml:18:9" and first["speakers"] == ["anna"] and first["performers"] == ["actor-a"]
    assert first["who"] == "Anna"
    vtt = parse_vtt((tmp_path / "out" / "full.vtt").read_text(encoding="utf-8"))
    assert [c[0] for c in vtt] == [i["id"] for i in track.items("speech")]
    assert vtt[0][3] == "<v Anna>Good evening. Is this the road to Almaty?"
    srt = parse_srt((tmp_path / "out" / "full.srt").read_text(encoding="utf-8"))
    assert len(srt) == 7 and srt[-1][3] == "Boris: Then we walk faster."
    assert result.synthesised == 7 and result.cached == 0


def test_second_run_synthesises_nothing_and_a_one_line_edit_one_clip(folder, cache, tmp_path):
    out = tmp_path / "out" / "full.wav"
    render(folder, cache, out)
    again = render(folder, cache, out)
    assert (again.synthesised, again.cached) == (0, 7)
    text = (folder / "play.yaml").read_text(encoding="utf-8")
    (folder / "play.yaml").write_text(text.replace("Then we walk faster.", "Then we walk much faster."), "utf-8")
    edited = render(folder, cache, out)
    assert (edited.synthesised, edited.cached) == (1, 6)
    assert edited.reused_sections == 2  # the first scene and the interval are copied from the old track


def test_splicing_gives_the_same_bytes_as_a_fresh_render(folder, cache, tmp_path):
    out = tmp_path / "a" / "full.wav"
    render(folder, cache, out)
    text = (folder / "play.yaml").read_text(encoding="utf-8")
    (folder / "play.yaml").write_text(text.replace("Then we walk faster.", "Run!"), "utf-8")
    spliced = render(folder, cache, out)
    fresh = render(folder, cache, tmp_path / "b" / "full.wav")
    assert spliced.reused_sections == 2 and fresh.reused_sections == 0
    assert out.read_bytes() == (tmp_path / "b" / "full.wav").read_bytes()


def test_a_previous_track_replaced_after_its_manifest_was_read_is_not_copied_from(folder, cache, tmp_path,
                                                                                  monkeypatch):
    """Another program replaces the track between the render reading where its scenes sit and
    opening it: its scenes are not where the manifest says, so none is copied (it was "shorter
    than expected", exit 4)."""
    out = tmp_path / "a" / "full.wav"
    render(folder, cache, out)
    text = (folder / "play.yaml").read_text(encoding="utf-8")
    (folder / "play.yaml").write_text(text.replace("Then we walk faster.", "Run!"), "utf-8")
    real = assemble.PreviousTrack.load.__func__

    def load_then_replaced(cls, clip_cache, path):
        previous = real(cls, clip_cache, path)
        (tmp_path / "other.wav").write_bytes(b"RIFF" + bytes(100))
        os.replace(tmp_path / "other.wav", path)
        return previous

    monkeypatch.setattr(assemble.PreviousTrack, "load", classmethod(load_then_replaced))
    spliced = render(folder, cache, out)
    render(folder, cache, tmp_path / "b" / "full.wav")
    assert spliced.reused_sections == 0
    assert out.read_bytes() == (tmp_path / "b" / "full.wav").read_bytes()


def test_a_corrupt_or_truncated_cache_entry_is_made_again(folder, cache, tmp_path):
    out = tmp_path / "out" / "full.wav"
    render(folder, cache, out)
    clips = sorted((cache / "clips").rglob("*.wav"))
    good = [clip.read_bytes() for clip in clips[:2]]
    clips[0].write_bytes(good[0][:-100])  # truncated
    clips[1].write_bytes(b"RIFF nonsense")  # corrupt header
    track = out.read_bytes()
    again = render(folder, cache, tmp_path / "again" / "full.wav")
    assert (again.synthesised, again.cached) == (2, 5)
    assert [clip.read_bytes() for clip in clips[:2]] == good  # stored again, whole
    assert (tmp_path / "again" / "full.wav").read_bytes() == track  # and nothing of the damage reached the track


def _files(track: Path) -> dict[str, tuple[int, bytes]]:
    """Each file of a track's group: its inode (a replaced file gets a new one) and its bytes."""
    group = [track, *(track.with_suffix(s) for s in (".vtt", ".srt", ".timeline.json"))]
    return {path.name: (path.stat().st_ino, path.read_bytes()) for path in group}


def test_unchanged_track_is_left_alone(folder, cache, tmp_path):
    out = tmp_path / "out" / "full.wav"
    render(folder, cache, out)
    before = _files(out)
    again = render(folder, cache, out)
    assert again.unchanged == [out]
    assert _files(out) == before  # not rewritten, not even with the same bytes


class CrashingEngine(SilentEngine):
    """Dies like a segfaulting C library on one line."""

    def synthesize(self, utterance, voice):
        if "sore" in utterance.text:
            os.kill(os.getpid(), signal.SIGSEGV)
        return super().synthesize(utterance, voice)


class OnceCrashingEngine(SilentEngine):
    """Dies on one line the first time it says it (a crash of the engine, not of the line); the
    mark file says it happened."""

    def __init__(self, mark):
        super().__init__()
        self.mark = mark

    def synthesize(self, utterance, voice):
        if "sore" in utterance.text and not self.mark.exists():
            self.mark.write_text("crashed", encoding="utf-8")
            os.kill(os.getpid(), signal.SIGSEGV)
        return super().synthesize(utterance, voice)


class HangingEngine(SilentEngine):
    def synthesize(self, utterance, voice):
        if "castle" in utterance.text:
            time.sleep(60)
        return super().synthesize(utterance, voice)


class EmptyEngine(SilentEngine):
    """Writes an empty clip with no error, as pyttsx3 was seen doing under load."""

    def synthesize(self, utterance, voice):
        clip = super().synthesize(utterance, voice)
        return type(clip)(b"" if "Goodbye" in utterance.text else clip.pcm, clip.rate)


def test_an_engine_crash_on_one_line_names_that_line(folder, cache, tmp_path):
    with pytest.raises(SynthesisFailed) as caught:
        render(folder, cache, tmp_path / "out" / "full.wav", engine=CrashingEngine())
    message = str(caught.value)
    assert "play.yaml:21:9: error: speech s3 (Anna): the engine crashed (SIGSEGV)" in message
    assert caught.value.exit_code == 4 and len(caught.value.failures) == 1
    # every other line was made and cached: after the fix only that line is synthesised
    assert render(folder, cache, tmp_path / "out" / "full.wav").synthesised == 1


def test_a_line_whose_engine_crashed_once_is_tried_again_in_a_new_worker(folder, cache, tmp_path):
    mark = tmp_path / "crashed"
    result = render(folder, cache, tmp_path / "out" / "full.wav", engine=OnceCrashingEngine(mark))
    assert mark.read_text(encoding="utf-8") == "crashed"  # it did crash, and the track was made anyway
    assert result.synthesised == 7 and (tmp_path / "out" / "full.wav").stat().st_size > 44


def test_a_hanging_engine_is_stopped_after_the_timeout(folder, cache, tmp_path):
    started = time.monotonic()
    with pytest.raises(SynthesisFailed) as caught:
        render(folder, cache, tmp_path / "out" / "full.wav", engine=HangingEngine(), clip_timeout=1.0)
    assert time.monotonic() - started < 20
    assert "play.yaml:19:9: error: speech s2 (Boris): the engine did not finish within 1 s" in str(caught.value)


def test_an_empty_clip_is_never_cached(folder, cache, tmp_path):
    with pytest.raises(SynthesisFailed) as caught:
        render(folder, cache, tmp_path / "out" / "full.wav", engine=EmptyEngine())
    assert "speech s5 (Boris, Anna): the engine returned 0 ms of audio" in str(caught.value)
    assert "nothing was cached" in str(caught.value)


def test_failure_leaves_the_previous_group_intact(folder, cache, tmp_path):
    out = tmp_path / "out" / "full.wav"
    render(folder, cache, out)
    before = {p.name: p.read_bytes() for p in out.parent.iterdir()}
    text = (folder / "play.yaml").read_text(encoding="utf-8")
    (folder / "play.yaml").write_text(text.replace("sore.", "very sore."), "utf-8")
    with pytest.raises(SynthesisFailed):
        render(folder, cache, out, engine=CrashingEngine())
    assert {p.name: p.read_bytes() for p in out.parent.iterdir()} == before


def test_an_interrupted_run_leaves_the_previous_group_intact(folder, cache, tmp_path, monkeypatch):
    out = tmp_path / "out" / "full.wav"
    render(folder, cache, out)
    before = {p.name: p.read_bytes() for p in out.parent.iterdir()}
    text = (folder / "play.yaml").read_text(encoding="utf-8")
    (folder / "play.yaml").write_text(text.replace("Goodbye!", "Farewell!"), "utf-8")
    real = assemble.write_segments
    calls = []

    def interrupted(write, segments, cache):
        calls.append(1)
        if len(calls) == 1:  # Ctrl-C while writing the new track (the one changed scene)
            raise KeyboardInterrupt
        return real(write, segments, cache)

    monkeypatch.setattr(assemble, "write_segments", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render(folder, cache, out)
    assert {p.name: p.read_bytes() for p in out.parent.iterdir()} == before  # no temp folder either


def test_split_scenes_writes_a_group_per_scene_and_rewrites_only_what_changed(folder, cache, tmp_path):
    out = tmp_path / "scenes"
    result = render(folder, cache, out, split_scenes=True)
    assert sorted(p.name for p in out.iterdir()) == [
        "01-gate.srt", "01-gate.timeline.json", "01-gate.vtt", "01-gate.wav",
        "02-road.srt", "02-road.timeline.json", "02-road.vtt", "02-road.wav"]
    road = Track(out / "02-road.wav")
    assert road.items()[0]["start_ms"] == 700  # offsets are per file
    assert len(result.tracks) == 2
    stamp = (out / "01-gate.wav").stat().st_mtime_ns
    text = (folder / "play.yaml").read_text(encoding="utf-8")
    (folder / "play.yaml").write_text(text.replace("Then we walk faster.", "Faster."), "utf-8")
    render(folder, cache, out, split_scenes=True)
    assert (out / "01-gate.wav").stat().st_mtime_ns == stamp


def test_a_one_scene_edit_leaves_other_scenes_captions_alone_but_a_renamed_role_reaches_them(
        folder, cache, tmp_path):
    out = tmp_path / "scenes"
    render(folder, cache, out, split_scenes=True)
    names = ("01-gate.vtt", "01-gate.srt", "01-gate.timeline.json", "02-road.vtt")
    stamps = {name: (out / name).stat().st_mtime_ns for name in names}
    play = folder / "play.yaml"
    play.write_text(play.read_text(encoding="utf-8").replace("Then we walk faster.", "Faster."), "utf-8")
    render(folder, cache, out, split_scenes=True)
    assert {name: (out / name).stat().st_mtime_ns for name in names[:3]} == {n: stamps[n] for n in names[:3]}
    assert (out / "02-road.vtt").stat().st_mtime_ns != stamps["02-road.vtt"]
    assert "<v Boris>Faster." in (out / "02-road.vtt").read_text(encoding="utf-8")

    play.write_text(play.read_text(encoding="utf-8").replace("{name: Boris,", "{name: Borya,"), "utf-8")
    render(folder, cache, out, split_scenes=True)
    gate = Track(out / "01-gate.wav")
    assert gate.timeline["roles"] == {"anna": "Anna", "boris": "Borya", "olga": "Olga"}
    assert "<v Borya>It is. Straight on" in (out / "01-gate.vtt").read_text(encoding="utf-8")
    assert "Borya: Faster." in (out / "02-road.srt").read_text(encoding="utf-8")


def test_a_labelled_group_line_is_captioned_and_timed_under_its_label(folder, cache, tmp_path):
    out = tmp_path / "out" / "full.wav"
    render(folder, cache, out)
    assert "<v Boris &amp; Anna>Goodbye!" in (tmp_path / "out" / "full.vtt").read_text(encoding="utf-8")
    play = folder / "play.yaml"
    play.write_text(play.read_text(encoding="utf-8").replace(
        '- boris, anna: "Goodbye!"', '- speech: "Goodbye!"\n        by: [boris, anna]\n        label: BOTH'), "utf-8")
    render(folder, cache, out)  # the same sound: only the printed speaker changed
    goodbye = next(i for i in Track(out).items("speech") if i["text"] == "Goodbye!")
    assert goodbye["who"] == "BOTH" and goodbye["speakers"] == ["boris", "anna"]  # speakers keep their meaning
    assert "<v BOTH>Goodbye!" in (tmp_path / "out" / "full.vtt").read_text(encoding="utf-8")
    assert "\nBOTH: Goodbye!\n" in (tmp_path / "out" / "full.srt").read_text(encoding="utf-8")


def test_mp3_has_a_chapter_per_scene(folder, cache, tmp_path):
    out = tmp_path / "out" / "full.mp3"
    render(folder, cache, out)
    head = out.read_bytes()[:4096]
    assert head.startswith(b"ID3") and head.count(b"CHAP") == 3  # two scenes and the interval
    assert b"At the gate" in head and b"On the road" in head
    timeline = json.loads(out.with_suffix(".timeline.json").read_text(encoding="utf-8"))
    assert timeline["duration_ms"] > 5000


def decode_mp3(path: Path) -> bytes:
    import subprocess

    from stagecast.audio.encode import ffmpeg_path

    return subprocess.run([ffmpeg_path(), "-hide_banner", "-loglevel", "error", "-i", str(path), "-f", "s16le",
                           "-ar", "22050", "-ac", "1", "pipe:1"], capture_output=True, check=True).stdout


def test_mp3_plays_what_its_timeline_says(folder, cache, tmp_path):
    from stagecast.audio.pcm import audioop

    out = tmp_path / "out" / "b.mp3"
    first = render(folder, cache, out, performer="Actor B")
    assert first.encoded_sections == 3
    pcm = decode_mp3(out)
    timeline = json.loads(out.with_suffix(".timeline.json").read_text(encoding="utf-8"))
    assert abs(len(pcm) / 2 / 22.05 - timeline["duration_ms"]) <= 1
    render(folder, cache, tmp_path / "wav" / "b.wav", performer="Actor B")
    wav = Track(tmp_path / "wav" / "b.wav")
    assert wav.timeline == timeline  # one timeline fits both formats
    last = [i for i in timeline["items"] if i["kind"] == "speech"][-1]  # in the last scene: drift would show
    at = int(last["start_ms"] * 22.05)
    fragment = wav.pcm[at * 2:(at + 4000) * 2]
    reference = pcm[(at - 1000) * 2:(at + 5000) * 2]
    offset, _factor = audioop.findfit(reference, fragment)
    assert abs(offset - 1000) <= 20  # the MP3 plays the line where the WAV does (within 1 ms)

    def window(item):
        a, b = (int(item[k] * 22.05) * 2 for k in ("start_ms", "end_ms"))
        return pcm[a:b]

    for item in timeline["items"]:
        if item["kind"] == "gap":
            assert audioop.rms(window(item), 2) < 30, item  # silence (MP3 is lossy: near zero)
        elif item["kind"] == "speech":
            assert audioop.rms(window(item), 2) > 1000, item
    text = (folder / "play.yaml").read_text(encoding="utf-8")
    (folder / "play.yaml").write_text(text.replace("Then we walk faster.", "Then we run."), "utf-8")
    assert render(folder, cache, out, performer="Actor B").encoded_sections == 1  # only the changed scene


def test_sound_cue_plays_at_its_place(folder, cache, tmp_path):
    render(folder, cache, tmp_path / "out" / "full.wav")
    track = Track(tmp_path / "out" / "full.wav")
    sound = track.items("sound")[0]
    assert sound["text"] == "Door creaks" and abs(sound["end_ms"] - sound["start_ms"] - 600) <= 1
    assert track.peak(sound["start_ms"] + 50, sound["end_ms"] - 50) > 7000


def test_unknown_voice_is_located_in_voices_yaml_with_close_matches(tmp_path, cache):
    folder = write_play(tmp_path / "play", voices=SILENT_VOICES.replace("voice: silent-ru", "voice: silent-rus"))
    with pytest.raises(ScriptError) as caught:
        render(folder, cache, tmp_path / "o.wav")
    # Both entries that name it (olga's, and the one for Russian), in one run.
    assert [d.loc.line for d in caught.value.diagnostics] == [5, 8]
    for diagnostic in caught.value.diagnostics:
        assert diagnostic.loc.path.endswith("voices.yaml")
        assert "has no voice 'silent-rus' (close: silent-ru" in diagnostic.message


def test_missing_engine_is_a_backend_error(folder, cache, tmp_path):
    class Broken(SilentEngine):
        name = "broken"

        def list_voices(self):
            raise OSError("libespeak-ng.so: cannot open shared object file")

    with pytest.raises(BackendError) as caught:
        render(folder, cache, tmp_path / "o.wav", engine=Broken())
    assert caught.value.exit_code == 4 and "cannot start" in str(caught.value)


def test_usage_errors(folder, cache, tmp_path):
    with pytest.raises(UsageError):
        render(folder, cache, tmp_path / "o.wav", mode="cues")
    with pytest.raises(NotFoundError):
        render(folder, cache, tmp_path / "o.wav", performer="Nobody")
    with pytest.raises(UsageError):
        render(folder, cache, tmp_path / "o.wav", format="flac")


def test_gap_is_the_measured_line_times_the_factor(folder, cache, tmp_path):
    out = tmp_path / "out" / "a.wav"
    render(folder, cache, out, performer="Actor A", gap_factor=2.0)
    full = tmp_path / "out" / "full.wav"
    render(folder, cache, full)
    said = {i["id"]: i["end_ms"] - i["start_ms"] for i in Track(full).items("speech")}
    for gap in Track(out).items("gap"):
        assert abs((gap["end_ms"] - gap["start_ms"]) - 2 * said[gap["id"]]) <= 2
        assert Track(out).peak(gap["start_ms"], gap["end_ms"]) == 0


def test_a_wordless_speech_is_a_held_beat_not_an_engine_call(tmp_path, cache):
    play = PLAY_WITH_BEAT
    folder = write_play(tmp_path / "play", play=play, voices=SILENT_VOICES)
    out = tmp_path / "out" / "a.wav"
    result = render(folder, cache, out, performer="Actor A")
    track = Track(out)
    beat = next(i for i in track.items() if i["text"] == "…")
    assert beat["kind"] == "gap" and beat["voice"] is None
    assert beat["end_ms"] - beat["start_ms"] == 1200  # held 1 s × the gap factor
    assert result.synthesised == 7


PLAY_WITH_BEAT = PLAY.replace('      - boris, anna: "Goodbye!"\n', '      - boris, anna: "Goodbye!"\n      - anna: "…"\n')


def test_ogg_is_the_whole_track_with_a_chapter_per_scene(folder, cache, tmp_path):
    ffprobe = need_tool("ffprobe", "reads the OGG's chapters")
    out = tmp_path / "out" / "full.ogg"
    render(folder, cache, out)
    timeline = json.loads(out.with_suffix(".timeline.json").read_text(encoding="utf-8"))
    assert out.read_bytes()[:4] == b"OggS"
    assert abs(len(decode_mp3(out)) / 2 / 22.05 - timeline["duration_ms"]) <= 30
    probe = subprocess.run([ffprobe, "-v", "error", "-show_chapters", "-show_streams", "-of", "json", str(out)],
                           capture_output=True, text=True, check=True)
    info = json.loads(probe.stdout)
    assert info["streams"][0]["codec_name"] == "opus"
    chapters = [(c["tags"]["title"], round(float(c["start_time"]) * 1000)) for c in info["chapters"]]
    assert [title for title, _ in chapters] == ["At the gate", "Interval", "On the road"]
    # A chapter starts where its scene does, the scene's lead-in (0.7 s) before its first line;
    # to the millisecond (ffmpeg's own chapter writing would round the seconds).
    firsts = [next(i["start_ms"] for i in timeline["items"] if i["scene"] == scene) for scene in ("gate", "road")]
    assert [chapters[0][1], chapters[2][1]] == [firsts[0] - 700, firsts[1] - 700]


def test_temporary_files_of_killed_runs_are_swept_from_the_cache_once_a_day(folder, cache, tmp_path):
    import sys

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = cache / "clips" / "ab" / f".abcdef012345.wav.{gone.pid}-0123456789ab.part"
    live = cache / "clips" / "ab" / f".abcdef012345.wav.{os.getpid()}-0123456789ab.part"
    recent = cache / "mp3" / "cd" / f".cdef01234567.mp3.{gone.pid}-0123456789ab.part"
    hours_ago = time.time() - 2 * 3600
    for path in (dead, live, recent):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a clip")
        if path is not recent:
            os.utime(path, (hours_ago, hours_ago))
    render(folder, cache, tmp_path / "out" / "full.wav")
    assert not dead.exists()
    assert live.exists()  # a write still in progress (here: this very process) is left alone
    assert recent.exists()  # under an hour old: the cache may be shared with another machine
    assert (cache / ".swept").is_file()

    dead.write_bytes(b"half a clip")  # left by a run killed since: swept by the first run tomorrow
    os.utime(dead, (hours_ago, hours_ago))
    render(folder, cache, tmp_path / "out" / "full.wav")
    assert dead.exists()
    day_ago = time.time() - 25 * 3600
    os.utime(cache / ".swept", (day_ago, day_ago))
    render(folder, cache, tmp_path / "out" / "full.wav")
    assert not dead.exists()


def test_a_new_play_title_reaches_the_tags_of_an_mp3(folder, cache, tmp_path):
    ffprobe = need_tool("ffprobe", "reads the MP3's tags")
    out = tmp_path / "out" / "full.mp3"
    render(folder, cache, out)
    play = folder / "play.yaml"
    play.write_text(play.read_text(encoding="utf-8").replace("title: Tiny Castle", "title: Big Castle"), "utf-8")
    result = render(folder, cache, out)
    assert result.unchanged == []
    probe = subprocess.run([ffprobe, "-v", "error", "-show_entries", "format_tags=title", "-of", "json", str(out)],
                           capture_output=True, text=True, check=True)
    assert json.loads(probe.stdout)["format"]["tags"]["title"] == "Big Castle"
