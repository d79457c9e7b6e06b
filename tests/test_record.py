"""``stagecast record`` (issue 17, item 3): recording takes in the terminal.

The recorder reads a WAV file through the same source interface as the microphone (``--input``),
so these tests run the real capture loop on real samples; what they check is what a performer
would: the messages, the take saved (the very samples recorded, never altered), where a second
run starts, and that a stopped recording leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner

from stagecast.audio.pcm import standardise, trim, wav_header
from stagecast.cli import cli
from stagecast.playback import keys as k
from stagecast.playback.keys import KeyPoll
from stagecast.recording.capture import record
from stagecast.recording.sources import CHUNK_SECONDS, WavFile
from stagecast.takes import load_takes
from tests.audio_support import PLAY, sine, write_play, write_wav
from tests.conftest import need_package

SRC = str(Path(__file__).resolve().parents[1] / "src")
QUIET = b"\0\0" * 22050


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_play(tmp_path / "play", PLAY)


def run(*args: str, keys: str = ""):
    return CliRunner().invoke(cli, ["record", *args], input=keys)


def frames(path: Path) -> tuple[int, bytes]:
    with wave.open(str(path), "rb") as wav:
        return wav.getframerate(), wav.readframes(wav.getnframes())


def test_a_kept_recording_is_the_sound_recorded_never_altered_and_whose_it_is(folder: Path, tmp_path: Path) -> None:
    heard = QUIET[:8000] + sine(330.0, 1.0, 6000, rate=16000) + QUIET[:8000]
    write_wav(tmp_path / "line.wav", heard, rate=16000)
    result = run(str(folder), "-p", "Actor A", "--no-sound", "--input", str(tmp_path / "line.wav"), keys="\n\n")
    assert result.exit_code == 0, result.output
    takes = load_takes(folder)
    assert [(t.number, t.performer, t.text) for t in takes.takes] == [(1, "actor-a", "Good evening. Is this the road "
                                                                                     "to Almaty?")]
    assert f"  Kept: takes/{takes.takes[0].file}\n" in result.output
    assert frames(takes.path(takes.takes[0])) == (16000, heard)
    # what a track hears of it: the same sound, trimmed as every take is at render time
    assert trim(standardise(frames(takes.path(takes.takes[0]))[1], 16000)) == trim(standardise(heard, 16000))
    assert "[2/4] #3 ANNA" in result.output and "Stopped at #3; 1 take kept." in result.output


def test_the_next_run_starts_at_the_first_line_not_recorded(folder: Path, tmp_path: Path) -> None:
    write_wav(tmp_path / "line.wav", sine(330.0, 0.5, 6000))
    args = (str(folder), "-p", "actor-a", "--no-sound", "--input", str(tmp_path / "line.wav"))
    assert run(*args, keys="\n\n").exit_code == 0
    again = run(*args, keys="s\n")
    assert "Recording Actor A in Tiny Castle: 3 lines to record, 1 recorded already" in again.output
    assert "Starting at #3, your first line not recorded yet" in again.output
    assert "[1/3] #3 ANNA" in again.output and "[2/3] #5 ANNA (with Boris)" in again.output
    redo = run(*args, "--from", "1", keys="q\n")
    assert "[1/4] #1 ANNA" in redo.output


def test_a_silence_after_the_line_ends_the_recording(folder: Path, tmp_path: Path) -> None:
    line = sine(330.0, 0.5, 6000) + QUIET * 3 + sine(440.0, 1.0, 6000)
    write_wav(tmp_path / "line.wav", line)
    result = run(str(folder), "-p", "Actor A", "--no-sound", "--silence", "1", "--input", str(tmp_path / "line.wav"),
                 keys="\n\n")
    assert "  Recorded 1.5 s, stopped at a silence.\n" in result.output
    _, kept = frames(load_takes(folder).path(load_takes(folder).takes[0]))
    # the sound up to a second of quiet after the line (read in chunks of 50 ms), sample for sample
    assert 1.5 <= len(kept) / 2 / 22050 < 1.6 and line.startswith(kept)


def test_redo_keeps_only_the_take_kept_and_quitting_before_keeping_saves_nothing(folder: Path, tmp_path: Path) -> None:
    write_wav(tmp_path / "line.wav", sine(330.0, 0.5, 6000))
    args = (str(folder), "-p", "Actor A", "--no-sound", "--input", str(tmp_path / "line.wav"))
    result = run(*args, keys="\nr\n\n\nq\n")  # record, redo, keep; record the next line, quit
    assert result.output.count("● Recording from") == 3 and result.output.count("Kept:") == 1
    assert len(load_takes(folder).takes) == 1
    assert sorted(p.name for p in (folder / "takes").iterdir()) == sorted([load_takes(folder).takes[0].file,
                                                                           "takes.yaml"])


def test_a_recording_of_only_silence_is_not_kept(folder: Path, tmp_path: Path) -> None:
    write_wav(tmp_path / "quiet.wav", QUIET)
    result = run(str(folder), "-p", "Actor A", "--no-sound", "--input", str(tmp_path / "quiet.wav"), keys="\n\n")
    assert "  Heard nothing in 1.0 s: is the microphone on?\n" in result.output
    assert "  Not kept: the recording: the take is empty: it holds no sound (only silence). r redo" in result.output
    assert not (folder / "takes").exists()


def test_a_machine_without_a_microphone_is_told_so_exit_4(folder: Path) -> None:
    need_package("sounddevice", "pip install sounddevice; apt install libportaudio2")
    import sounddevice as sd

    try:
        sd.query_devices(None, "input")
        pytest.skip("this machine has a microphone")
    except sd.PortAudioError:
        pass
    result = run(str(folder), "-p", "Actor A", "--no-sound")
    assert result.exit_code == 4
    assert result.output.startswith("error: no microphone: this machine has no audio input device\nhint: ")
    assert not (folder / "takes").exists()


def test_a_microphone_the_machine_does_not_have_is_a_usage_error(folder: Path) -> None:
    need_package("sounddevice", "pip install sounddevice; apt install libportaudio2")
    result = run(str(folder), "-p", "Actor A", "--device", "no such microphone")
    assert result.exit_code == 2
    assert "error: no microphone 'no such microphone' on this machine; input devices: " in result.output


def test_ctrl_c_while_recording_leaves_no_half_take(folder: Path, tmp_path: Path) -> None:
    """The sound comes through a pipe that never ends, as a microphone's does."""
    fifo = tmp_path / "mic.wav"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": SRC, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen([sys.executable, "-m", "stagecast", "record", str(folder), "-p", "Actor A",
                              "--no-sound", "--input", str(fifo)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert child.stdin is not None
    child.stdin.write(b"\n")
    child.stdin.flush()
    with open(fifo, "wb") as mic:  # opens once the recorder reads it
        mic.write(wav_header(22050 * 60) + sine(330.0, 1.0, 6000))
        mic.flush()
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=20)
    assert child.returncode == 130, err
    assert b"Recording from" in out
    assert not (folder / "takes").exists()


def test_recording_in_a_terminal(sample_path: Path, tmp_path: Path) -> None:
    play = tmp_path / "script"
    shutil.copytree(sample_path, play)
    write_wav(tmp_path / "line.wav", sine(330.0, 0.5, 6000))
    env = {**os.environ, "PYTHONPATH": SRC, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    child = pexpect.spawn(sys.executable, ["-m", "stagecast", "record", str(play), "-p", "Actor D", "--no-sound",
                                           "--input", str(tmp_path / "line.wav")],
                          env=env, encoding="utf-8", timeout=20, dimensions=(50, 200))
    child.expect_exact("Enter record")
    child.send("\r")
    child.expect_exact("Enter keep")
    child.send("\r")
    child.expect_exact("[2/")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [t.performer for t in load_takes(play).takes] == ["actor-d"]


@pytest.mark.parametrize(("key", "ended"), [(k.ENTER, "enter"), (k.QUIT, "quit")])
def test_a_live_source_stops_at_the_key_pressed_with_what_it_heard(tmp_path: Path, key: str, ended: str) -> None:
    """A microphone is live: the recorder asks for a key between chunks, and stops at Enter (or q)."""
    line = sine(330.0, 2.0, 6000)
    write_wav(tmp_path / "line.wav", line)
    asked = []

    def pressed() -> str | None:
        asked.append(1)
        return key if len(asked) == 3 else None

    take = record(WavFile(tmp_path / "line.wav", live=True), pressed, silence=0)
    chunk = int(22050 * CHUNK_SECONDS) * 2
    assert (take.ended, take.pcm) == (ended, line[:3 * chunk])
    everything = record(WavFile(tmp_path / "line.wav"), pressed, silence=0)  # a file is not live: no key asked
    assert (everything.ended, everything.pcm, len(asked)) == ("end", line, 3)


def test_every_line_recorded_says_so(folder: Path, tmp_path: Path) -> None:
    write_wav(tmp_path / "line.wav", sine(330.0, 0.5, 6000))
    args = (str(folder), "-p", "Actor A", "--no-sound", "--input", str(tmp_path / "line.wav"), "--scene", "road")
    assert "Kept:" in run(*args, keys="\n\n").output
    again = run(*args)
    assert again.exit_code == 0
    assert again.output.splitlines()[2:] == [
        "Every line of yours here is recorded; --from N records from speech N again.", "", "Done: 0 takes kept."]


def test_keys_are_polled_without_waiting_from_a_pipe() -> None:
    read, write = os.pipe()
    with os.fdopen(read) as stream, KeyPoll(stream) as keys:
        assert keys.get(0.01) is None  # nothing pressed yet: the recorder goes on
        os.write(write, b"l\n\nright\nq")
        os.close(write)
        assert [keys.get(0.5) for _ in range(5)] == ["l", k.ENTER, k.RIGHT, "q", k.QUIT]


def test_no_other_command_imports_the_audio_input_library(sample_path: Path) -> None:
    for args in (["check", str(sample_path)], ["record", "--help"]):
        found = subprocess.run([sys.executable, "-X", "importtime", "-m", "stagecast", *args],
                               env={**os.environ, "PYTHONPATH": SRC}, capture_output=True, text=True)
        assert found.returncode == 0 and "sounddevice" not in found.stderr, args
