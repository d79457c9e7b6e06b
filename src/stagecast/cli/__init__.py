"""The command line: a thin click layer over the library.

Commands live in ``stagecast.cli.commands.<name>`` and are imported only when run, so
``stagecast --help`` stays fast. Errors become exit codes here, in one place.
"""

from __future__ import annotations

import atexit
import errno
import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pathlib import Path

INTERNAL_ERROR = 70
"""Exit code for a bug in stagecast itself (EX_SOFTWARE)."""

# name -> (module, short help shown by `stagecast --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "Validate a play and voices.yaml; print every problem."),
    "audio": ("audio", "Text-to-speech tracks: read-through or your lines as gaps, with captions."),
    "voices": ("voices", "List the installed text-to-speech voices."),
    "cues": ("cues", "Cue sheets: each performer's lines with their cues."),
    "cuelist": ("cuelist", "The operators' list of sound and light cues with GO points."),
    "diff": ("diff", "What changed between two versions of a play, for everyone or one performer."),
    "stats": ("stats", "Who says how much, who is in which scene, how long it runs."),
    "build": ("build", "Make everything: PDFs, cue sheets, audio, the rehearsal page."),
    "serve": ("serve", "Share the rehearsal page from build/ with phones on your Wi-Fi."),
    "play": ("play", "Play a track, showing each line as it is heard."),
    "rehearse": ("rehearse", "Learn your lines: hear the cue, say the line, get prompts."),
    "pdf": ("pdf", "The printable script PDF, or a performer's highlighted copy."),
    "import": ("import_", "Turn a Fountain, TEI (DraCor) or Bosak XML play into a play folder."),
    "export": ("export", "Write a play as Fountain."),
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"stagecast.cli.commands.{COMMANDS[cmd_name][0]}")
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, short) for name, (_, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        # Imported here, not at the top: `stagecast --help` never gets this far, and the play
        # model it brings in is a tenth of its start-up time.
        from ..errors import StagecastError

        try:
            return super().invoke(ctx)
        except StagecastError as exc:
            click.echo(exc.format(), err=True)
            errors = getattr(exc, "count", 0)
            if errors:  # a closing count, as `check` gives
                click.echo(f"{errors} error{'s' * (errors != 1)} found", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            # Here, before click turns it into "Aborted!" and exit 1: 130 is what a shell expects
            # of a program stopped with Ctrl-C (128 + SIGINT), and scripts can tell it apart.
            click.echo("\ninterrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader went away (`stagecast cues … | head`): stop quietly, like other tools.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except OSError as exc:
            if os.environ.get("STAGECAST_DEBUG"):
                raise
            click.echo(os_error_message(exc), err=True)
            ctx.exit(4)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:
            if os.environ.get("STAGECAST_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                       "This is a bug in stagecast, not in your script: please report it with the command "
                       "you ran (STAGECAST_DEBUG=1 shows the details).", err=True)
            ctx.exit(INTERNAL_ERROR)


def os_error_message(exc: OSError) -> str:
    """A system error as the user should read it: what failed, on which path, what to do.

    An OSError does not say whether it came from a read or a write; for a refused permission
    the path itself is asked (can it be read? can its folder be written?) to tell them apart."""
    from pathlib import Path

    from ..files.display import display_path

    path = os.fsdecode(exc.filename) if exc.filename is not None else None
    writing_in = _ours(Path(path)) if path else None
    if writing_in is not None:
        path = str(writing_in)  # a temporary name of ours means nothing to the user: its folder does
    cache_hint = _cache_hint(Path(path)) if path else ""
    if cache_hint:
        path = str(_cache_root())  # the clip or scene file inside it means nothing to the user either
    shown = display_path(Path(path)) if path else None
    where = f" ({shown})" if shown else ""
    blocker = _file_in_the_way(Path(path)) if path and exc.errno in (errno.EEXIST, errno.ENOTDIR) else None
    if blocker is not None:
        needed = "" if display_path(blocker) == shown else f" for {shown}"
        return (f"error: {display_path(blocker)} is a file, where a folder is needed{needed}"
                + (cache_hint or "\nhint: choose another output path, or move that file away"))
    if exc.errno == errno.ENOSPC:
        return f"error: the disk is full{where}; nothing was half-written — free some space and run again"
    if exc.errno == errno.EROFS:
        return f"error: the disk is read-only{where}" + (cache_hint or "\nhint: choose an output folder on a disk "
                                                                      "you can write to")
    if exc.errno in (errno.EACCES, errno.EPERM):
        denied = "permission denied" if exc.errno == errno.EACCES else "operation not permitted"
        message = _denied_message(denied, Path(path)) if path else f"error: {denied}\nhint: {_DENIED_HINT}"
        # In the cache folder the fix is the cache's own setting, never "choose an output folder".
        return message.split("\nhint: ")[0] + cache_hint if cache_hint else message
    reason = exc.strerror or str(exc)
    if reason[1:2].islower():
        reason = reason[0].lower() + reason[1:]  # "No such file or directory" reads like our own messages
    if writing_in is not None:
        return f"error: cannot write in {shown}: {reason}"
    return f"error: {reason}{where}{cache_hint}"


def _ours(path: Path) -> Path | None:
    """The folder a temporary file or folder of ours (``.stagecast-…``) was being made in."""
    for part in (path, *path.parents):
        if part.name.startswith(".stagecast-"):
            return part.parent
    return None


def _file_in_the_way(path: Path) -> Path | None:
    """A file standing where ``path`` needs a folder (``-o notes.txt/x.wav``)."""
    for part in (path, *path.parents):
        if part.is_file():
            return part
    return None


def _cache_root() -> Path:
    from ..files.user_cache import cache_root

    return cache_root()


def _cache_hint(path: Path) -> str:
    root = _cache_root()
    if path == root or root in path.parents:
        return ("\nhint: this is stagecast's cache folder (for clips and scenes); set STAGECAST_CACHE_DIR "
                "to a folder you can write to")
    return ""


_DENIED_HINT = "check that you may read the play's files and write in the output folder"


def _denied_message(denied: str, path: Path) -> str:
    import shlex

    from ..files.display import display_path

    shown = display_path(path)
    blocked = _blocked_folder(path)
    if blocked is not None:
        folder = display_path(blocked)
        return (f"error: {denied}: cannot open the folder {folder} to reach {shown}\n"
                f"hint: check the folder's permissions: ls -ld {shlex.quote(folder)}")
    if os.path.lexists(path) and not _readable(path):
        listing = "ls -ld" if path.is_dir() else "ls -l"
        return (f"error: {denied}: cannot read {shown}\n"
                f"hint: check its permissions: {listing} {shlex.quote(shown)}")
    folder = _unwritable_folder(path)
    if folder is not None:
        return (f"error: {denied}: cannot write {shown}: the folder {display_path(folder)} is not writable for you\n"
                "hint: choose an output folder you can write to")
    return f"error: {denied} ({shown})\nhint: {_DENIED_HINT}"


def _blocked_folder(path: Path) -> Path | None:
    """The first folder on the way to ``path`` that may not be entered, if any."""
    for folder in reversed(path.absolute().parents):
        if folder.is_dir() and not os.access(folder, os.X_OK):
            return folder
    return None


def _readable(path: Path) -> bool:
    return os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0))


def _unwritable_folder(path: Path) -> Path | None:
    """The folder that would have to be written to make ``path``, when it may not be written."""
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folders above are made first (mkdir parents=True)
    return None if os.access(folder, os.W_OK) else folder


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stagecast")
def cli() -> None:
    """stagecast: turn one play script into cue sheets, script PDFs and rehearsal audio.

    PLAY is a play folder (with play.yaml) or a single YAML file; it defaults to ./script.
    Exit codes: 0 ok, 1 script errors, 2 usage, 3 warnings with --strict,
    4 a tool or engine missing/failing, 5 some build outputs failed.
    """


def main() -> None:
    try:
        cli.main(prog_name="stagecast")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except SystemExit as done:
        _leave(done)


def _leave(done: SystemExit) -> None:
    """Exit without freeing, one by one, every object a command made (a large play's model,
    plan and layouts: ~10 ms), as mypy does. Only when nothing else is running — no other
    thread, no child process, no profiler or tracer — and after flushing what was printed;
    otherwise a normal exit."""
    code = 0 if done.code is None else done.code
    children = sys.modules.get("multiprocessing")
    if (not isinstance(code, int) or _watched() or _threads() > 1
            or (children is not None and children.active_children())):
        raise done
    # What the error chain still holds (a generator suspended inside a `with` that restores the
    # terminal) is released, so its cleanup runs now; then the exit handlers, as a normal exit would.
    done.__context__ = done.__cause__ = done.__traceback__ = None
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # the reader has gone (`| head`) or the stream is closed: nothing left to say
    os._exit(code)


def _watched() -> bool:
    """A profiler or coverage tool is running: it writes its results at a normal exit."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: coverage's sys.monitoring core
    return monitoring is not None and any(monitoring.get_tool(tool) is not None for tool in range(6))


def _threads() -> int:
    threading = sys.modules.get("threading")
    return threading.active_count() if threading is not None else 1
