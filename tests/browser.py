"""Debian's chromium, driven by Playwright, for the tests that look at pages as a person does
(marker `browser`): the Dagster UI's lineage (test_lineage_ui.py) and the pages the pipeline writes,
opened from disk (test_offline_pages.py).

Needs /usr/bin/chromium (`make test` installs it); Playwright never downloads a browser of its own.
Pictures go to data/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dagster_project.lib.configuration.settings import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and nothing that reaches beyond this machine (updates, sync, metrics, QUIC probes).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO_ROOT / "data" / "screenshots"
# What a page opened from disk may load without the network: files of this machine (a file URL
# naming a host is a share on another) and data of the page's own.
LOCAL_URLS = ("file:///", "file://localhost/", "data:", "blob:")


def launch_chromium(playwright):
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `make test` installs Debian's chromium "
            "(apt-get install chromium); Playwright's own browsers are not used"
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def save_screenshot(page, name: str) -> Path:
    """The whole page, as data/screenshots/<name>."""
    path = SCREENSHOTS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


@dataclass
class OfflineVisit:
    """A page opened from disk with the network cut off."""

    page: object
    # Every request the page made for something not on this machine (each is stopped).
    left_the_machine: list[str] = field(default_factory=list)
    # Every file of this machine the page asked for and did not get (a broken link, a missing copy).
    failed_locally: list[str] = field(default_factory=list)


@contextmanager
def offline_visit(
    browser, path: Path, color_scheme: str = "light", width: int = 1280, height: int = 900
) -> Iterator[OfflineVisit]:
    """Open path in a new browser context where every request that is not for a local file or
    inline data is recorded and stopped, once the page and its fonts have loaded."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=color_scheme
    )
    context.route(lambda url: not url.startswith(LOCAL_URLS), lambda route: route.abort())
    visit = OfflineVisit(context.new_page())

    def record(request) -> None:
        if not request.url.startswith(LOCAL_URLS):
            visit.left_the_machine.append(request.url)

    def record_failure(request) -> None:
        if request.url.startswith(LOCAL_URLS):
            visit.failed_locally.append(request.url)

    visit.page.on("request", record)
    visit.page.on("requestfailed", record_failure)
    try:
        visit.page.goto(path.as_uri(), wait_until="networkidle")
        visit.page.evaluate("document.fonts.ready.then(() => true)")
        yield visit
    finally:
        context.close()
