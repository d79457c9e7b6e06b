"""The command line: a thin click layer over the library.

Commands live in ``stagecast.cli.commands.<name>`` and are imported only when run, so
``stagecast --help`` stays fast. Errors become messages and exit codes in one place,
:func:`stagecast.cli.report.report`, called here for every command.
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
from typing import Any

import click

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
    "init": ("init", "Start a new play folder: play.yaml, a scene, voices.yaml and editor schemas."),
    "record": ("record", "Record your lines as takes: hear the cue, speak, listen, keep."),
    "takes": ("takes", "The cast's recorded takes: add one for a line, list what is recorded."),
    "schedule": ("schedule", "Propose rehearsal calls from who is in which scene and who is free when."),
    "schema": ("schema", "The JSON Schema of play.yaml, a scene file or voices.yaml, for editors."),
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
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt as exc:
            # Here, before click turns it into "Aborted!" and exit 1; on a new line, after the ^C.
            _exit(ctx, exc, before="\n")
        except BrokenPipeError:
            # The reader went away (`stagecast cues … | head`): stop quietly, like other tools.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except Exception as exc:
            if os.environ.get("STAGECAST_DEBUG") and not isinstance(exc, StagecastError):
                raise
            _exit(ctx, exc)


def _exit(ctx: click.Context, error: BaseException, before: str = "") -> None:
    from .report import report  # only when something went wrong

    message, code = report(error)
    click.echo(before + message, err=True)
    ctx.exit(code)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stagecast")
def cli() -> None:
    """stagecast: turn one play script into cue sheets, script PDFs and rehearsal audio.

    PLAY is a play folder (with play.yaml) or a single YAML file; it defaults to ./script.
    Exit codes: 0 ok, 1 script errors, 2 usage, 3 warnings with --strict,
    4 a tool, engine or disk failing, 5 some build outputs failed, 70 a bug in
    stagecast, 130 stopped with Ctrl-C.
    """


def main() -> None:
    try:
        cli.main(prog_name="stagecast")
    except KeyboardInterrupt as exc:
        from .report import report

        message, code = report(exc)
        click.echo(message, err=True)
        sys.exit(code)
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
