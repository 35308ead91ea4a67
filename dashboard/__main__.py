"""`python -m dashboard serve [--port N]` serves the dashboard on 127.0.0.1 (make dashboard-serve);
`python -m dashboard check` renders every page on the published file without a browser and
reports what each shows, or the page that fails (make dashboard).

The server's options live here, in one place: it listens on this machine only and sends no usage
statistics; its pages load nothing from beyond it (tests/end_to_end/test_dashboard.py).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

APP = Path(__file__).with_name("app.py")
SERVER_OPTIONS = {
    "server.headless": "true",
    "server.address": "127.0.0.1",
    "server.fileWatcherType": "none",
    "browser.gatherUsageStats": "false",
    "browser.serverAddress": "127.0.0.1",
    "client.toolbarMode": "viewer",
    "theme.base": "light",
}
DEFAULT_PORT = 8501


def serve(port: int) -> int:
    from streamlit.web import cli

    options = [f"--{name}={value}" for name, value in SERVER_OPTIONS.items()]
    sys.argv = ["streamlit", "run", str(APP), f"--server.port={port}", *options]
    return cli.main()


def check() -> int:
    """Each page rendered by Streamlit's AppTest on the latest as-of date."""
    from streamlit.testing.v1 import AppTest

    from dagster_project.lib.configuration.settings import PipelinePaths
    from dashboard.app import PAGES

    published = PipelinePaths.from_env().published
    if not published.exists():
        print(f"No published file at {published}: run `make run` first.", file=sys.stderr)
        return 1
    # Each page runs outside a server: Streamlit warns of that, once a page, to no purpose.
    logging.disable(logging.WARNING)
    failed = 0
    for _render, title, path in PAGES:
        app = AppTest.from_function(_render_page, args=(path,), default_timeout=60)
        app.run()
        errors = [element.value for element in app.exception] + [e.value for e in app.error]
        failed += bool(errors)
        shown = f"{len(app.markdown)} texts, {len(app.table)} tables, {len(app.metric)} figures"
        print(f"  {title:<14} {'FAILED: ' + '; '.join(map(str, errors)) if errors else shown}")
    print(f"Dashboard over {published}: make dashboard-serve serves it on 127.0.0.1")
    return 1 if failed else 0


def _render_page(path: str) -> None:
    # AppTest runs this function's source as a script of its own: it imports what it needs.
    from dashboard.app import render_page

    render_page(path)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="render every page on the published file")
    serving = commands.add_parser("serve", help="serve the dashboard on 127.0.0.1")
    serving.add_argument("--port", type=int, default=DEFAULT_PORT)
    arguments = parser.parse_args()
    return check() if arguments.command == "check" else serve(arguments.port)


if __name__ == "__main__":
    sys.exit(main())
