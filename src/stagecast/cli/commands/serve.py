"""``stagecast serve``."""

from __future__ import annotations

from pathlib import Path

import click

from ...files.output_place import BUILD_FOLDER
from ...web.server import StagecastServer, lan_address, make_server, qr_text


@click.command("serve")
@click.argument("folder", required=False, default=str(BUILD_FOLDER), type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--lan", is_flag=True, help="Let phones on the same network connect (default: this computer only).")
@click.option("--http", "plain", is_flag=True,
              help="With --lan, plain HTTP instead of HTTPS (phones then cannot record on the page).")
def command(folder: Path, port: int, lan: bool, plain: bool) -> None:
    """Serve the rehearsal page from a build folder until Ctrl+C. Performers can record their
    lines on it: the takes are saved into the play the folder was built from (docs/takes.md).

    \b
    Example:
      stagecast serve build/ --lan
    """
    server = make_server(folder, "0.0.0.0" if lan else "127.0.0.1", port)
    host = lan_address() if lan else "127.0.0.1"
    secure = lan and not plain
    notes = [_recording(server, folder)]
    if secure:
        notes += _secure(server, host)
    url = f"{'https' if secure else 'http'}://{host}:{server.server_address[1]}/"
    if server.recording is not None:
        url += f"#token={server.recording.token}"
    click.echo(f"Serving {folder} at {url}  (Ctrl+C to stop)")
    for note in notes:
        click.echo(note)
    code = qr_text(url) if lan else None
    if code:
        click.echo(code)
    server.log_to = lambda message: click.echo(f"serve: {message}", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.server_close()


def _recording(server: StagecastServer, folder: Path) -> str:
    """Turn recording on when the build folder's manifest names a play that is still there."""
    from ...build.manifest import built_play
    from ...web.uploads import Recording

    play = built_play(folder)
    if play is None:
        server.recording_off = f"{folder}'s manifest names no play: build it again with this stagecast"
    elif not play.exists():
        server.recording_off = f"the play it was built from, {play}, is not there any more"
    else:
        server.recording = Recording.new(lambda: _load(play), play)
        where = play if play.is_dir() else play.parent
        return f"Recording on: takes recorded on the page are saved into {where / 'takes'}"
    return f"Recording off: {server.recording_off}"


def _load(play: Path):  # type: ignore[no-untyped-def]
    from ...api import load_play

    return load_play(play).performed()


def _secure(server: StagecastServer, host: str) -> list[str]:
    from ...files.user_cache import cache_root
    from ...web.certificate import DOWNLOAD, certificate, covers, tls_context
    from ...web.installable import PREFIX

    made = certificate(cache_root(), host)
    server.authority = made.authority_der()
    server.socket = tls_context(made.chain, made.key).wrap_socket(server.socket, server_side=True,
                                                                  do_handshake_on_connect=False)
    # The handshake then happens in the request's own thread: a phone that connects and says
    # nothing cannot hold up everyone else's.
    download = f"https://{host}:{server.server_address[1]}{PREFIX}{DOWNLOAD}"
    notes = [f"HTTPS with a certificate from stagecast's own authority ({made.authority}): each phone trusts "
             f"it once, from {download} (docs/build.md, on a phone's home screen)",
             "  Android: Settings, search \"CA certificate\", Install a certificate → CA certificate, pick "
             f"{DOWNLOAD} · iPhone: Settings → Profile Downloaded → Install, then General → About → "
             "Certificate Trust Settings → turn it on"]
    if not covers(host):
        notes.append(f"warning: {host} is not a private network address (the authority vouches for those "
                     "alone): phones cannot open the page over HTTPS here, this computer can")
    return notes
