"""``stagecast serve``."""

from __future__ import annotations

from pathlib import Path

import click

from ...web.server import lan_address, make_server, qr_text


@click.command("serve")
@click.argument("folder", required=False, default="build", type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--lan", is_flag=True, help="Let phones on the same network connect (default: this computer only).")
def command(folder: Path, port: int, lan: bool) -> None:
    """Serve the rehearsal page from a build folder (read-only) until Ctrl+C.

    \b
    Example:
      stagecast serve build/ --lan
    """
    server = make_server(folder, "0.0.0.0" if lan else "127.0.0.1", port)
    url = f"http://{lan_address() if lan else '127.0.0.1'}:{server.server_address[1]}/"
    click.echo(f"Serving {folder} at {url}  (Ctrl+C to stop)")
    code = qr_text(url) if lan else None
    if code:
        click.echo(code)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.server_close()
