"""-o naming something that is not a regular file: a pipe, a device, /dev/stdout, standard output
(-o -) or a symbolic link. Such a thing is written into, never replaced; commands that write several
files refuse it. Every special file here is one the test makes itself (a FIFO, a device node in a
temporary folder), never a node of the machine's /dev."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import SAMPLE

_DEVNULL_ID = (1, 3)
_DEVFULL_ID = (1, 7)


def _stagecast(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stagecast", *args], capture_output=True, check=False, **kwargs)


class _Reader(threading.Thread):
    """Reads a FIFO to its end, as `cat fifo` would."""

    def __init__(self, fifo: Path):
        super().__init__(daemon=True)
        self.fifo, self.data = fifo, b""
        self.start()

    def run(self) -> None:
        with open(self.fifo, "rb") as handle:
            self.data = handle.read()


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def _device(tmp_path: Path, name: str, ids: tuple[int, int]) -> Path:
    node = tmp_path / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(*ids))
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc}): needs root in a container that allows mknod")
    return node


@pytest.mark.parametrize("args", [
    ("cuelist", str(SAMPLE)),
    ("stats", str(SAMPLE), "--format", "json"),
    ("cues", str(SAMPLE), "--performer", "Actor C"),
    ("export", str(SAMPLE), "--to", "fountain"),
])
def test_a_named_pipe_gets_the_output_and_stays_a_pipe(fifo: Path, args: tuple[str, ...]) -> None:
    reader = _Reader(fifo)
    done = _stagecast(*args, "-o", str(fifo))
    reader.join(timeout=30)
    assert done.returncode == 0, done.stderr
    # from the pipe's folder: an export records the play folder (for its sound files) as seen from
    # where its file goes
    expected = _stagecast(*args, cwd=fifo.parent).stdout
    assert reader.data == expected and expected
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_pdf_poured_into_a_pipe(fifo: Path) -> None:
    reader = _Reader(fifo)
    done = _stagecast("pdf", str(SAMPLE), "-o", str(fifo))
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert reader.data.startswith(b"%PDF-") and reader.data.rstrip().endswith(b"%%EOF")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert done.stderr.decode().startswith(f"wrote {fifo} (")


def test_a_pipe_is_not_judged_by_its_name(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    pipe = tmp_path / "changes.pdf"  # a file so named would be refused (another kind of document)
    os.mkfifo(pipe)
    reader = _Reader(pipe)
    done = _stagecast("diff", str(SAMPLE), str(SAMPLE), "-o", str(pipe))
    reader.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert reader.data == _stagecast("diff", str(SAMPLE), str(SAMPLE)).stdout and reader.data
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_dev_stdout_prints_and_is_not_replaced() -> None:
    done = _stagecast("stats", str(SAMPLE), "--format", "json", "-o", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"{\n") and b'"title": "Here.Almaty"' in done.stdout
    assert os.path.islink("/dev/stdout")


def test_dev_stdout_redirected_to_a_file_writes_through_it(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_bytes(b"before\n")
    inode = log.stat().st_ino
    with open(log, "ab") as handle:
        done = subprocess.run([sys.executable, "-m", "stagecast", "cuelist", str(SAMPLE), "--format", "csv",
                               "-o", "/dev/stdout"], stdout=handle, stderr=subprocess.PIPE, check=False)
    assert done.returncode == 0, done.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("before\n") and "S1" in text  # appended, not replaced
    assert log.stat().st_ino == inode


@pytest.mark.parametrize(("args", "start"), [
    (("stats", str(SAMPLE), "--format", "csv"), b"section,id,name,"),
    (("cues", str(SAMPLE), "--performer", "Actor C"), b"Here.Almaty\n"),
    (("cues", str(SAMPLE), "--performer", "Actor C", "--format", "pdf"), b"%PDF-"),
    (("cuelist", str(SAMPLE), "--format", "pdf"), b"%PDF-"),
    (("pdf", str(SAMPLE)), b"%PDF-"),
    (("export", str(SAMPLE), "--to", "fountain"), b"Title:"),
    (("diff", str(SAMPLE), str(SAMPLE)), b"Here.Almaty: changes since "),
])
def test_dash_is_standard_output(tmp_path: Path, args: tuple[str, ...], start: bytes) -> None:
    done = _stagecast(*args, "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(start) and done.stdout
    assert b"wrote" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # no file called "-" (or anything else) was made


def test_a_full_device_is_a_full_disk_and_stays_a_device(tmp_path: Path) -> None:
    full = _device(tmp_path, "full", _DEVFULL_ID)
    done = _stagecast("cuelist", str(SAMPLE), "-o", str(full))
    assert done.returncode == 4
    assert done.stderr.decode() == (f"error: the disk is full ({full}); nothing was half-written — "
                                    "free some space and run again\n")
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_a_null_device_swallows_a_pdf_and_stays_a_device(tmp_path: Path) -> None:
    null = _device(tmp_path, "null", _DEVNULL_ID)
    done = _stagecast("pdf", str(SAMPLE), "-o", str(null))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]  # no null.pdf, no temporary file


@pytest.mark.parametrize(("args", "message"), [
    (("audio", str(SAMPLE)), "Error: -o {out} is not a regular file or folder, and a track with its captions and "
                             "timeline is several files; give a file or folder path\n"),
    (("build", str(SAMPLE)), "Error: -o {out} is not a regular file or folder, and a build is several files; "
                             "give a folder path\n"),
    (("cues", str(SAMPLE), "--all"), "Error: -o {out} is not a regular file or folder, and --all (one sheet per "
                                     "performer) is several files; give a folder path\n"),
])
def test_several_files_never_go_into_a_pipe(fifo: Path, args: tuple[str, ...], message: str) -> None:
    done = _stagecast(*args, "-o", str(fifo))
    assert done.returncode == 2
    assert done.stderr.decode().endswith(message.format(out=fifo))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in fifo.parent.iterdir()] == ["pipe"]


def test_several_files_never_go_to_standard_output(tmp_path: Path) -> None:
    done = _stagecast("audio", str(SAMPLE), "-o", "-", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode().endswith("Error: -o -: a track with its captions and timeline is several files, "
                                         "so it cannot go to standard output; give a file or folder path\n")
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_to_a_file_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "stats.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "stats.json"
    link.symlink_to(real)
    done = _stagecast("stats", str(SAMPLE), "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("{")


def test_dev_stdout_keeps_its_place_among_the_shells_own_writes(tmp_path: Path) -> None:
    """`{ echo A; stagecast … -o /dev/stdout; echo B; } > f`: the output between A and B, whole,
    as with -o - (opening /dev/stdout afresh would start a second position in f)."""
    report = tmp_path / "report.txt"
    script = (f'{{ echo "== CUE LIST"; "{sys.executable}" -m stagecast cuelist "{SAMPLE}" -o /dev/stdout; '
              f'echo "== STATS"; }} > "{report}"')
    done = subprocess.run(["bash", "-c", script], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    expected = "== CUE LIST\n" + _stagecast("cuelist", str(SAMPLE)).stdout.decode() + "== STATS\n"
    assert report.read_text(encoding="utf-8") == expected
    assert done.stderr == b""  # no "wrote /dev/stdout": the output is what was shown


def test_a_replaced_output_keeps_its_permissions(tmp_path: Path) -> None:
    private = tmp_path / "actor-c.txt"
    private.write_text("old", encoding="utf-8")
    private.chmod(0o600)
    done = _stagecast("cues", str(SAMPLE), "--performer", "Actor C", "-o", str(private))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text(encoding="utf-8").startswith("Here.Almaty\n")


def test_an_output_that_is_a_link_loop_is_named(tmp_path: Path) -> None:
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop.name)
    done = _stagecast("cuelist", str(SAMPLE), "-o", "loop.md", cwd=tmp_path)
    assert done.returncode == 4
    assert done.stderr.decode() == "error: a link loop: a symbolic link that leads back to itself (loop.md)\n"
    assert loop.is_symlink() and os.readlink(loop) == "loop.md"
