"""Options shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .api import DEFAULT_PLAY

F = Callable[..., Any]


def play_argument(func: F) -> F:
    return click.argument("play", required=False, default=str(DEFAULT_PLAY),
                          type=click.Path(path_type=Path))(func)


def voices_option(func: F) -> F:
    return click.option("--voices", type=click.Path(path_type=Path, dir_okay=False),
                        help="voices.yaml to use (default: in the play folder, else the folder above).")(func)


def performer_option(func: F) -> F:
    return click.option("--performer", "-p", metavar="NAME", help="A performer, by id or name.")(func)


def output_option(func: F) -> F:
    return click.option("-o", "--output", type=click.Path(path_type=Path), help="Where to write.")(func)
