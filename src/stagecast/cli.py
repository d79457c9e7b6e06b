"""The command line: a thin click layer over the library.

Commands live in ``stagecast.commands.<name>`` and are imported only when run, so
``stagecast --help`` stays fast. Errors become exit codes here, in one place.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from typing import Any

import click

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
        module = importlib.import_module(f"stagecast.commands.{COMMANDS[cmd_name][0]}")
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, short) for name, (_, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        # Imported here, not at the top: `stagecast --help` never gets this far, and the play
        # model it brings in is a tenth of its start-up time.
        from .errors import StagecastError

        try:
            return super().invoke(ctx)
        except StagecastError as exc:
            click.echo(exc.format(), err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader went away (`stagecast cues … | head`): stop quietly, like other tools.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except OSError as exc:
            if os.environ.get("STAGECAST_DEBUG"):
                raise
            click.echo(_os_error_message(exc), err=True)
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


def _os_error_message(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"error: the disk is full{where}; nothing was half-written — free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"error: permission denied{where}; choose an output folder you can write to"
    return f"error: {exc.strerror or exc}{where}"


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
