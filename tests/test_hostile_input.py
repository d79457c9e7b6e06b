"""Hostile or broken input is refused with a clear, located message — never a traceback, never a
hang, never a file read or fetched from outside the play folder.

Already covered elsewhere, not repeated here: an alias bomb in play.yaml and a Latin-1 play.yaml
(test_cli.py), a sound file behind a symlink and '../../etc/passwd' (test_errors_golden.py), TEI
with an external entity, an entity bomb or an external DTD (test_import_tei.py), a Latin-1
Fountain file (test_import_fountain.py).
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from stagecast.audio.cache import ClipCache
from stagecast.audio.sounds import sound_clip
from stagecast.cli import cli
from stagecast.errors import BackendError
from stagecast.readers import yaml_nodes
from tests.audio_support import sine, write_wav
from tests.conftest import without_root_override

PLAY = """\
title: Hostile
roles:
  man: The Man
performers:
  a: {name: A, plays: man}
scenes:
  - scenes/one.yaml
"""
SCENE = "id: one\nbody:\n  - man: Hello there.\n"
VOICES = "default: {lang: en}\n"
BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                 + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]) + "\n"


@pytest.fixture
def play(tmp_path: Path) -> Path:
    folder = tmp_path / "play"
    (folder / "scenes").mkdir(parents=True)
    (folder / "play.yaml").write_text(PLAY, encoding="utf-8")
    (folder / "scenes" / "one.yaml").write_text(SCENE, encoding="utf-8")
    (folder / "voices.yaml").write_text(VOICES, encoding="utf-8")
    return folder


def _check(folder: Path) -> Result:
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert "Traceback" not in result.output
    return result


def _import(source: Path, out: Path) -> Result:
    result = CliRunner().invoke(cli, ["import", str(source), "-o", str(out)])
    assert "Traceback" not in result.output
    assert not out.exists(), "nothing may be written for refused input"
    return result


# -- YAML: size, aliases, nesting, bytes ----------------------------------------------------------
@pytest.mark.parametrize(("name", "size"), [("play.yaml", "6,000,104"), ("scenes/one.yaml", "6,000,036"),
                                            ("voices.yaml", "6,000,020")])
def test_a_6_mb_file_is_refused_before_it_is_parsed(play: Path, name: str, size: str) -> None:
    path = play / name
    with path.open("a", encoding="utf-8") as handle:
        handle.write("# padding\n" * 600_000)
    result = _check(play)
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:1:1: error: file is {size} bytes; stagecast reads files up to 5,000,000 bytes\n"
                             "1 error found\n")


@pytest.mark.parametrize("name", ["scenes/one.yaml", "voices.yaml"])
def test_an_alias_bomb_in_a_scene_or_voices_file_is_refused(play: Path, name: str) -> None:
    path = play / name
    path.write_text(BOMB + path.read_text(encoding="utf-8").replace("body:", "body: *a8\nxbody:", 1)
                    .replace("default:", "roles: *a8\ndefault:", 1), encoding="utf-8")
    result = _check(play)
    assert result.exit_code == 1
    assert f"{path}:" in result.stderr
    # Refused without being expanded: the aliased lists are reported where the schema wants a
    # mapping or text (or, past 500,000 values, as "too many values"), one message each.
    assert len(result.stderr.splitlines()) < 40


def test_merge_keys_cannot_multiply_a_document_either(play: Path) -> None:
    lines = ["b0: &b0 {k0: x, k1: x, k2: x, k3: x}"]
    lines += [f"b{i}: &b{i} {{<<: *b{i - 1}, m{i}: [" + ", ".join([f"*b{i - 1}"] * 10) + "]}" for i in range(1, 9)]
    (play / "play.yaml").write_text("\n".join(lines) + "\n" + PLAY.replace("title: Hostile", "title: Hostile\n"
                                                                             "notes: *b8"), encoding="utf-8")
    result = _check(play)
    assert result.exit_code == 1
    assert "error:" in result.stderr


DEEP = {"flow-lists": "title: " + "[" * 100_000 + "]" * 100_000,
        "flow-mappings": "title: " + "{a: " * 5_000 + "b" + "}" * 5_000,
        "block-mappings": "roles:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(1_200)),
        "block-lists": "roles:\n  " + "- " * 20_000 + "a\n"}
TOO_DEEP = ("YAML nested too deeply (lists or mappings inside each other hundreds of levels deep); "
            "a play needs a few levels")


# libyaml stops at its own limit (1,000 levels), where the text is; the pure-Python parser has no
# limit of its own, so ours stops it, and it can only say so for the file.
@pytest.mark.parametrize(("loader", "case", "message"), [
    ("libyaml", "flow-lists", "1:1007: error: YAML syntax: exceeded maximum nesting depth while increasing flow level"),
    ("libyaml", "flow-mappings",
     "1:4004: error: YAML syntax: exceeded maximum nesting depth while increasing flow level"),
    ("libyaml", "block-mappings",
     "1000:1999: error: this line is indented to column 1999, which lines up with nothing above it; indent it to "
     "column 1997, like line 999 (YAML syntax: exceeded maximum nesting depth while increasing block level)"),
    ("libyaml", "block-lists",
     "2:1999: error: YAML syntax: exceeded maximum nesting depth while increasing block level"),
    *(("pure-python", case, f"1:1: error: {TOO_DEEP}") for case in DEEP),
])
def test_deep_nesting_is_a_located_error(play: Path, monkeypatch: pytest.MonkeyPatch, loader: str, case: str,
                                         message: str) -> None:
    if loader == "pure-python":
        monkeypatch.setattr(yaml_nodes, "_LOADER", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    (play / "play.yaml").write_text(DEEP[case], encoding="utf-8")
    result = _check(play)
    assert result.exit_code == 1
    assert result.stderr == f"{play / 'play.yaml'}:{message}\n1 error found\n"


@pytest.mark.parametrize("loader", ["libyaml", "pure-python"])
def test_a_control_character_is_located_and_named(play: Path, monkeypatch: pytest.MonkeyPatch, loader: str) -> None:
    if loader == "pure-python":
        monkeypatch.setattr(yaml_nodes, "_LOADER", yaml.SafeLoader)
    (play / "scenes" / "one.yaml").write_text("id: one\nbody:\n  - man: Здравствуйте\x00 there.\n", encoding="utf-8")
    result = _check(play)
    assert result.exit_code == 1
    assert result.stderr == (f"{play / 'scenes' / 'one.yaml'}:3:22: error: the file contains the control character "
                             "U+0000, which YAML does not allow; delete it (it is often invisible in an editor)\n"
                             "1 error found\n")


@pytest.mark.parametrize(("name", "where"), [("scenes/one.yaml", "3:11"), ("voices.yaml", "1:26")])
def test_a_file_that_is_not_utf8_is_named_with_the_position(play: Path, name: str, where: str) -> None:
    path = play / name
    path.write_bytes(path.read_bytes().replace(b"en}", b"en} # caf\xe9").replace(b"Hello", b"H\xe9llo"))
    result = _check(play)
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:{where}: error: file is not UTF-8 text; save it as UTF-8 in your editor\n"
                             "1 error found\n")


def test_a_binary_file_is_a_clear_error(play: Path) -> None:
    (play / "play.yaml").write_bytes(bytes(range(256)) * 4)
    result = _check(play)
    assert result.exit_code == 1
    assert result.stderr == (f"{play / 'play.yaml'}:2:118: error: file is not UTF-8 text; save it as UTF-8 in your "
                             "editor\n1 error found\n")  # byte 128, on line 2


# -- files outside the play folder --------------------------------------------------------------
def test_a_sounds_folder_that_is_a_symlink_out_is_refused(play: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "bell.wav").write_bytes(b"RIFF")
    (play / "sounds").symlink_to(outside, target_is_directory=True)
    (play / "scenes" / "one.yaml").write_text(SCENE + "  - sound: Bell\n    file: sounds/bell.wav\n", encoding="utf-8")
    result = _check(play)
    assert result.exit_code == 1
    assert result.stderr == (f"{play / 'scenes' / 'one.yaml'}:5:11: error: sound file 'sounds/bell.wav' is outside "
                             f"the play folder; keep sounds inside {play}\n1 error found\n")


def test_an_absolute_sound_path_is_refused(play: Path) -> None:
    (play / "scenes" / "one.yaml").write_text(SCENE + "  - sound: Bell\n    file: /etc/passwd\n", encoding="utf-8")
    result = _check(play)
    assert result.exit_code == 1
    assert result.stderr == (f"{play / 'scenes' / 'one.yaml'}:5:11: error: sound file '/etc/passwd' is outside "
                             f"the play folder; keep sounds inside {play}\n1 error found\n")


def test_a_scene_file_that_is_a_symlink_out_is_refused(play: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(SCENE, encoding="utf-8")
    (play / "scenes" / "one.yaml").unlink()
    (play / "scenes" / "one.yaml").symlink_to(secret)
    result = _check(play)
    assert result.exit_code == 1
    assert result.stderr == (f"{play / 'play.yaml'}:7:5: error: scene file 'scenes/one.yaml' is outside the play "
                             "folder\n1 error found\n")


def test_audio_refuses_a_sound_outside_the_folder_even_when_the_reader_was_bypassed(tmp_path: Path) -> None:
    """A Play built in code, or a link made after `check`: the audio stage checks again."""
    (tmp_path / "play").mkdir()
    (tmp_path / "secret.wav").write_bytes(b"RIFF")
    (tmp_path / "play" / "link.wav").symlink_to(tmp_path / "secret.wav")
    cache = ClipCache(tmp_path / "cache")
    for name in ("../secret.wav", "link.wav", str(tmp_path / "secret.wav")):
        with pytest.raises(BackendError, match="is outside the play folder"):
            sound_clip(cache, tmp_path / "play", name, None)


# -- things that are not files: named pipes, folders, symlink loops --------------------------------
POSIX_FILES = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and symlinks as on POSIX")


def _check_in_time(name: str, cwd: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`stagecast check NAME` in its own process, given a minute: a reader that opened a named pipe
    would wait for a writer forever, and the test must then fail, not hang."""
    return subprocess.run([sys.executable, "-m", "stagecast", "check", name, *options], capture_output=True,
                          text=True, cwd=cwd, timeout=60)


@POSIX_FILES
@pytest.mark.parametrize("what, make, said", [
    ("scene", os.mkfifo, "play/play.yaml:7:5: error: scene file 'scenes/one.yaml' is a named pipe, not a file; "
                         "give the path of the scene's YAML file"),
    ("scene", os.mkdir, "play/play.yaml:7:5: error: scene file 'scenes/one.yaml' is a folder, not a file; give the "
                        "path of the scene's YAML file"),
    ("sound", os.mkfifo, "play/scenes/one.yaml:5:11: error: sound file 'bell.wav' is a named pipe, not a file; give "
                         "the path of the sound's audio file"),
    ("sound", os.mkdir, "play/scenes/one.yaml:5:11: error: sound file 'bell.wav' is a folder, not a file; give the "
                        "path of the sound's audio file"),
], ids=["scene-pipe", "scene-folder", "sound-pipe", "sound-folder"])
def test_a_named_pipe_or_folder_is_named_for_what_it_is(play: Path, what: str, make, said: str) -> None:
    (play / "scenes" / "one.yaml").write_text(SCENE + "  - sound: Bell\n    file: bell.wav\n", encoding="utf-8")
    write_wav(play / "bell.wav", sine(440, 0.1, 8000))
    path = play / ("scenes/one.yaml" if what == "scene" else "bell.wav")
    path.unlink()
    make(path)
    result = _check_in_time("play", play.parent)
    assert (result.returncode, result.stderr) == (1, said + "\n1 error found\n")


@POSIX_FILES
def test_a_named_pipe_as_the_play_itself_is_refused_without_waiting(play: Path) -> None:
    os.mkfifo(play / "pipe.yaml")
    (play / "play.yaml").rename(play / "was.yaml")
    os.mkfifo(play / "play.yaml")
    for name, shown in (("play/pipe.yaml", "play/pipe.yaml"), ("play", "play/play.yaml")):
        result = _check_in_time(name, play.parent)
        assert (result.returncode, result.stderr) == (
            1, f"{shown}:1:1: error: cannot read the file: it is a named pipe, not a file\n1 error found\n")


@POSIX_FILES
@pytest.mark.parametrize("what", ["scene", "sound", "play"])
@pytest.mark.parametrize("loop", ["self", "pair"])
def test_a_symlink_loop_is_a_located_error(play: Path, what: str, loop: str) -> None:
    (play / "scenes" / "one.yaml").write_text(SCENE + "  - sound: Bell\n    file: bell.wav\n", encoding="utf-8")
    write_wav(play / "bell.wav", sine(440, 0.1, 8000))
    path = play / {"scene": "scenes/one.yaml", "sound": "bell.wav", "play": "play.yaml"}[what]
    path.unlink()
    if loop == "self":
        path.symlink_to(path.name)
    else:  # two links pointing at each other
        path.symlink_to(path.name + ".other")
        path.with_name(path.name + ".other").symlink_to(path.name)
    said = {
        "scene": "play/play.yaml:7:5: error: scene file 'scenes/one.yaml' is a symbolic link that leads back to "
                 "itself (a link loop); point the link at the scene's file, or put the file there",
        "sound": "play/scenes/one.yaml:5:11: error: sound file 'bell.wav' is a symbolic link that leads back to itself "
                 "(a link loop); point the link at the sound's file, or put the file there",
        "play": "play/play.yaml:1:1: error: cannot read the file: it is a symbolic link that leads back to itself "
                "(a link loop)",
    }[what]
    result = _check_in_time("play", play.parent)
    assert (result.returncode, result.stderr) == (1, said + "\n1 error found\n")


@POSIX_FILES
@pytest.mark.parametrize("make, said", [
    (lambda path: path.symlink_to(path.name), "'voices.yaml' is a symbolic link that leads back to itself (a link "
                                              "loop); point the link at your voices file, or remove it"),
    (lambda path: path.symlink_to("gone.yaml"), "'voices.yaml' is a symbolic link to something that is not there "
                                                "(it leads to 'gone.yaml'); point the link at your voices file, or "
                                                "remove it"),
    (os.mkfifo, "'voices.yaml' is a named pipe, not a file; replace it with your voices file, or remove it"),
    (os.mkdir, "'voices.yaml' is a folder, not a file; replace it with your voices file, or remove it"),
], ids=["loop", "dangling-link", "pipe", "folder"])
def test_a_voices_yaml_that_is_no_file_is_a_located_error(play: Path, make, said: str) -> None:
    """It was skipped without a word: the play ran on the voices in the folder above (or the default ones)."""
    (play.parent / "voices.yaml").write_text(VOICES, encoding="utf-8")
    (play / "voices.yaml").unlink()
    make(play / "voices.yaml")
    result = _check_in_time("play", play.parent)
    assert (result.returncode, result.stderr) == (1, f"play/voices.yaml:1:1: error: {said}\n1 error found\n")


@POSIX_FILES
def test_a_named_pipe_given_as_voices_is_named_for_what_it_is(play: Path) -> None:
    os.mkfifo(play.parent / "voices.pipe")
    result = _check_in_time("play", play.parent, "--voices", "voices.pipe")
    assert (result.returncode, result.stderr) == (
        1, "voices.pipe:1:1: error: 'voices.pipe' is a named pipe, not a file; give --voices the path of a "
           "voices.yaml file\n1 error found\n")


@POSIX_FILES
@pytest.mark.parametrize("make, said", [
    (os.mkfifo, "is a named pipe, not a font file"),
    (os.mkdir, "is a folder, not a font file"),
    (lambda path: path.symlink_to(path.name), "is a symbolic link that leads back to itself (a link loop)"),
], ids=["pipe", "folder", "loop"])
def test_a_font_that_is_no_file_is_named_for_what_it_is(play: Path, monkeypatch: pytest.MonkeyPatch, make,
                                                        said: str) -> None:
    """A named pipe was called a folder."""
    make(play / "ff.ttf")
    monkeypatch.chdir(play)
    given = CliRunner().invoke(cli, ["pdf", ".", "--font", "ff.ttf", "-o", "x.pdf"])
    assert given.exit_code == 2
    assert given.stderr.endswith(f"Error: Invalid value for '--font': 'ff.ttf' {said}\n")
    (play / "play.yaml").write_text(PLAY + "pdf:\n  font: ff.ttf\n", encoding="utf-8")
    named = CliRunner().invoke(cli, ["check", "."])
    assert (named.exit_code, named.stderr) == (1, f"play.yaml:9:9: error: font 'ff.ttf' {said}\n1 error found\n")
    assert not (play / "x.pdf").exists()


@POSIX_FILES
def test_audio_refuses_a_named_pipe_put_there_since_the_play_was_read(tmp_path: Path) -> None:
    (tmp_path / "play").mkdir()
    os.mkfifo(tmp_path / "play" / "bell.wav")
    outcome: list[BaseException] = []

    def clip() -> None:
        try:
            sound_clip(ClipCache(tmp_path / "cache"), tmp_path / "play", "bell.wav", None)
        except BaseException as exc:  # noqa: BLE001 (handed to the test thread)
            outcome.append(exc)

    worker = threading.Thread(target=clip, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "reading a named pipe waited for a writer"
    assert isinstance(outcome[0], BackendError)
    assert outcome[0].message == "cannot read the sound file 'bell.wav': it is a named pipe, not a file"


def test_a_play_without_scenes_is_the_same_error_for_every_command(play: Path, tmp_path: Path) -> None:
    """`check` once passed it while `build` failed its outputs (exit 5) and `audio` said usage (exit 2)."""
    (play / "play.yaml").write_text(PLAY.replace("  - scenes/one.yaml\n", "").replace("scenes:", "scenes: []"),
                                    encoding="utf-8")
    said = (f"{play / 'play.yaml'}:6:9: error: the play has no scenes; list at least one: a scene file, or an inline "
            "scene with 'id:' and 'body:' (docs/format.md, Running order, acts and intervals)\n1 error found\n")
    for args in (["check"], ["build", "-o", str(tmp_path / "out")], ["audio", "-o", str(tmp_path / "a.wav")],
                 ["cues", "--performer", "A"], ["stats"]):
        result = CliRunner().invoke(cli, [args[0], str(play), *args[1:]])
        assert (result.exit_code, result.stderr) == (1, said), args
    assert not (tmp_path / "out").exists() and not (tmp_path / "a.wav").exists()


# -- XML imports: nothing fetched, nothing expanded, encodings named ------------------------------
class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        _Recorder.requests.append(self.path)
        body = b'<!ENTITY leak "LEAKED">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Recorder.requests = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


TEI_BODY = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude" xml:lang="en">'
            "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc></teiHeader>"
            '<text><body><div type="act"><sp who="#bob"><speaker>Bob</speaker><p>Hi {inner}</p></sp>'
            "</div></body></text></TEI>")


@pytest.mark.parametrize("doctype, inner, refused", [
    ('<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">', "", False),
    ('<!DOCTYPE TEI PUBLIC "-//X//DTD X//EN" "{url}/public.dtd">', "", False),
    ('<!DOCTYPE TEI [<!ENTITY leak SYSTEM "{url}/entity.txt">]>', "&leak;", True),
    ('<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}/param.dtd"> %p;]>', "", True),
    ("", '<xi:include href="{url}/xinclude.xml" parse="text"/>', False),
], ids=["system-dtd", "public-dtd", "external-entity", "parameter-entity", "xinclude"])
def test_xml_never_fetches_anything(tmp_path: Path, server: str, doctype: str, inner: str, refused: bool) -> None:
    source = tmp_path / "play.xml"
    source.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + doctype.format(url=server) + "\n"
                      + TEI_BODY.format(inner=inner.format(url=server)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(source), "-o", str(tmp_path / "out")])
    assert _Recorder.requests == []
    assert "Traceback" not in result.output
    if refused:
        assert result.exit_code == 1
        assert "never expands or fetches entities" in result.stderr
    else:
        assert result.exit_code == 0, result.output
        text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.yaml"))
        assert "LEAKED" not in text and "bob" in text


def test_bosak_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    source = tmp_path / "play.xml"
    source.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE PLAY [<!ENTITY s SYSTEM "file://{secret}">]>\n'
                      "<PLAY><TITLE>&s;</TITLE></PLAY>", encoding="utf-8")
    result = _import(source, tmp_path / "out")
    assert result.exit_code == 1
    assert f"{source}:2:" in result.stderr and "TOP-SECRET" not in result.output


@pytest.mark.parametrize("name, data, where", [
    ("tei.xml", '<?xml version="1.0" encoding="utf-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
                "<text><body><sp><p>Caf\xe9</p></sp></body></text></TEI>\n", "2:64"),
    ("bosak.xml", "<PLAY>\n  <TITLE>Caf\xe9</TITLE></PLAY>\n", "2:13"),
    ("play.fountain", "Title: Caf\xe9\n\nINT. ROOM\n\nBOB\nHi.\n", "1:11"),
    ("play.txt", "Title: Caf\xe9\n\nINT. ROOM\n\nBOB\nHi.\n", "1:11"),  # format guessed from content
])
def test_imports_that_are_not_utf8_name_the_file_and_position(tmp_path: Path, name: str, data: str,
                                                               where: str) -> None:
    source = tmp_path / name
    source.write_bytes(data.encode("latin-1"))
    result = _import(source, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}:{where}: error: file is not UTF-8 text; save it as UTF-8")


def test_a_utf8_letter_cut_by_the_format_sniffing_window_is_not_an_encoding_error(tmp_path: Path) -> None:
    source = tmp_path / "long.txt"  # no .fountain: the first 64 KB decide the format
    head = "Title: T\n\n"
    source.write_text(head + "a" * (65535 - len(head)) + "Ж\n\nBOB\nHi.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


def test_xml_in_a_declared_legacy_encoding_is_read(tmp_path: Path) -> None:
    source = tmp_path / "bosak.xml"
    source.write_bytes('<?xml version="1.0" encoding="ISO-8859-1"?>\n<PLAY><TITLE>Café</TITLE><ACT><SCENE>'
                       "<SPEECH><SPEAKER>BOB</SPEAKER><LINE>Café!</LINE></SPEECH></SCENE></ACT></PLAY>"
                       .encode("latin-1"))
    result = CliRunner().invoke(cli, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert 'title: "Café"' in (tmp_path / "out" / "play.yaml").read_text(encoding="utf-8")


def test_an_import_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    source = tmp_path / "huge.fountain"
    with source.open("wb") as handle:  # sparse: 60 MB on paper, nothing on disk
        handle.truncate(60_000_000)
    result = _import(source, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}:1:1: error: file is 60,000,000 bytes; stagecast imports files up to "
                                    "50,000,000 bytes")



@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid"), reason="POSIX permissions")
def test_unreadable_scene_folder_and_sound_file_are_located_errors(play: Path) -> None:
    (play / "scenes" / "one.yaml").write_text(SCENE + "  - sound: Bell\n    file: bell.wav\n", encoding="utf-8")
    write_wav(play / "bell.wav", sine(440, 0.1, 8000))
    command = [*without_root_override(), sys.executable, "-m", "stagecast", "check", "play"]
    (play / "scenes").chmod(0)
    try:
        result = subprocess.run(command, capture_output=True, text=True, cwd=play.parent)
    finally:
        (play / "scenes").chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("play/play.yaml:7:5: error: scene file 'scenes/one.yaml' cannot be read: "
                                    "permission denied; check the folder's permissions\n")
    (play / "bell.wav").chmod(0)
    result = subprocess.run(command, capture_output=True, text=True, cwd=play.parent)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("play/scenes/one.yaml:5:11: error: sound file 'bell.wav' cannot be read "
                                    "(permission denied); check the file's permissions\n")
    (play / "bell.wav").chmod(0o644)
    (play / "voices.yaml").chmod(0)
    result = subprocess.run(command, capture_output=True, text=True, cwd=play.parent)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("play/voices.yaml:1:1: error: cannot read the file: permission denied\n")
