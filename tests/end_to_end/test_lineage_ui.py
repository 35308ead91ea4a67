"""The lineage an analyst opens in the Dagster UI: the webserver on localhost, the published
customer_scores asset's upstream graph in headless Chromium, from landing files to published table.

Needs Debian's chromium at /usr/bin/chromium (`make test` installs it); Playwright drives it and
never downloads a browser of its own. The picture is saved to data/screenshots/asset_lineage.png.
"""

import json
import math
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path

import dagster as dg
import pytest

from tests.browser import SCREENSHOTS, launch_chromium, save_screenshot
from tests.conftest import free_port, start_in_own_group

pytestmark = pytest.mark.browser

SCREENSHOT_NAME = "asset_lineage.png"
SCREENSHOT = SCREENSHOTS / SCREENSHOT_NAME
WEBSERVER = Path(sys.executable).parent / "dagster-webserver"
PUBLISHED = dg.AssetKey(["published", "customer_scores"])
LANDING = dg.AssetKey(["landing", "sales_lines"])
# The asset groups a landing file's data passes through, in order.
STAGES = ["landing", "raw", "staging", "intermediate", "marts", "published"]
GRAPH_SVG = "svg:has(foreignObject)"
# The UI draws asset nodes in full, names untruncated, only at a zoom of 0.6 or more
# (dagster-ui's MINIMAL_SCALE); the window is sized so that "fit to screen" lands above it.
ZOOM = 0.7
SIDEBAR_AND_MARGIN_PX = 320
HEADER_AND_MARGIN_PX = 260
STARTUP_TIMEOUT_S = 180
RENDER_TIMEOUT_MS = 60_000
WORKSPACE_QUERY = """
{ workspaceOrError { __typename ... on Workspace { locationEntries {
    name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }
"""


def upstream_distances(graph, asset_key: dg.AssetKey) -> dict[dg.AssetKey, int]:
    """The asset and each asset upstream of it, with its distance in edges."""
    distances = {asset_key: 0}
    queue = deque([asset_key])
    while queue:
        key = queue.popleft()
        for parent in graph.get(key).parent_keys:
            if parent not in distances:
                distances[parent] = distances[key] + 1
                queue.append(parent)
    return distances


def chain_between(graph, upstream: dg.AssetKey, downstream: dg.AssetKey) -> list[dg.AssetKey]:
    """A shortest path of assets from `upstream` to `downstream`."""
    came_from: dict[dg.AssetKey, dg.AssetKey | None] = {downstream: None}
    queue = deque([downstream])
    while queue and upstream not in came_from:
        key = queue.popleft()
        for parent in graph.get(key).parent_keys:
            if parent not in came_from:
                came_from[parent] = key
                queue.append(parent)
    assert upstream in came_from, f"{downstream.to_user_string()} does not read {upstream}"
    chain, key = [], upstream
    while key is not None:
        chain.append(key)
        key = came_from[key]
    return chain


def code_location_status(base_url: str) -> tuple[str, str]:
    """(load status, error message) of the project's code location, as the webserver reports it."""
    request = urllib.request.Request(
        f"{base_url}/graphql",
        data=json.dumps({"query": WORKSPACE_QUERY}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        workspace = json.load(response)["data"]["workspaceOrError"]
    entries = workspace.get("locationEntries") or []
    if not entries:
        return "NO_LOCATION", json.dumps(workspace)
    entry = entries[0]
    error = entry["locationOrLoadError"] or {}
    return entry["loadStatus"], error.get("message", "")


@pytest.fixture
def webserver(dagster_home, dbt_manifest, tmp_path) -> Iterator[str]:
    """`dagster-webserver` on a free localhost port, read-only, on the project's workspace
    ([tool.dagster] in pyproject.toml) and a Dagster instance and KEY_ACCOUNTS_* paths under
    tmp_path, so that nothing in data/ or dagster_home/ is touched. Yields its base URL."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = tmp_path / "webserver.log"
    # Its own process group, so the code server it starts goes down with it.
    process = start_in_own_group(
        [str(WEBSERVER), "--host", "127.0.0.1", "--port", str(port), "--read-only"], log
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        status, error = "NOT_STARTED", ""
        while status != "LOADED":
            if process.poll() is not None:
                pytest.fail(
                    f"dagster-webserver exited with {process.returncode}:\n{log.read_text()}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"dagster-webserver did not load the code location within "
                    f"{STARTUP_TIMEOUT_S} s (last status {status}):\n{log.read_text()}"
                )
            try:
                status, error = code_location_status(base_url)
            except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError, KeyError):
                status = "NOT_SERVING"  # not listening yet, or not answering GraphQL yet
            if error:
                pytest.fail(f"the code location failed to load: {error}\n{log.read_text()}")
            time.sleep(0.5)
        yield base_url
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def open_page(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    # Dagster's "join the community" dialog, shown once per browser, would cover the graph.
    context.add_init_script("window.localStorage.setItem('communityNux', '\"1\"')")
    page = context.new_page()
    page.goto(url)
    return context, page


# Each group box and each asset node of the drawn graph: its title and its box on the page.
# Group boxes and nodes are separate elements; a node belongs to the group box around it.
DRAWN_GRAPH_JS = """
svg => [...svg.querySelectorAll('foreignObject')].flatMap(box => {
    const group = box.querySelector('[class*="GroupNode_groupNodeHeader"] [data-tooltip]');
    const asset = box.querySelector('[class*="AssetNode_assetName"]');
    if (!group && !asset) return [];
    const named = asset && asset.querySelector('[data-tooltip]');
    const {x, y, width, height} = box.getBoundingClientRect();
    return [{
        kind: group ? 'group' : 'asset',
        name: group ? group.dataset.tooltip : (named ? named.dataset.tooltip : asset.textContent),
        x, y, width, height,
    }];
})
"""


def drawn_assets(page) -> set[tuple[str, str]]:
    """(group, asset name) of each asset node drawn on the page."""
    boxes = page.locator(GRAPH_SVG).first.evaluate(DRAWN_GRAPH_JS)
    groups = [box for box in boxes if box["kind"] == "group"]

    def group_around(node) -> str:
        cx, cy = node["x"] + node["width"] / 2, node["y"] + node["height"] / 2
        around = [
            g["name"]
            for g in groups
            if g["x"] <= cx <= g["x"] + g["width"] and g["y"] <= cy <= g["y"] + g["height"]
        ]
        return around[0] if len(around) == 1 else "?"

    return {(group_around(box), box["name"]) for box in boxes if box["kind"] == "asset"}


def draw_lineage(browser, url: str, node_count: int) -> set[tuple[str, str]]:
    """Open the lineage graph at `url` in a window it fits in at ZOOM, wait for `node_count`
    asset nodes and their status, save the screenshot, and return the (group, asset) drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # A first look gives the size of the laid-out graph.
    context, page = open_page(browser, url, 1600, 1000)
    try:
        svg = page.locator(GRAPH_SVG).first
        svg.wait_for(timeout=RENDER_TIMEOUT_MS)
        graph_width = float(svg.get_attribute("width"))
        graph_height = float(svg.get_attribute("height"))
    except PlaywrightTimeout:
        save_screenshot(page, SCREENSHOT_NAME)
        pytest.fail(
            f"no graph drawn at {url} within {RENDER_TIMEOUT_MS // 1000} s; the page says: "
            f"{page.locator('body').inner_text()[:500]!r}; see {SCREENSHOT}"
        )
    finally:
        context.close()

    context, page = open_page(
        browser,
        url,
        max(1600, math.ceil(graph_width * ZOOM) + SIDEBAR_AND_MARGIN_PX),
        max(1000, math.ceil(graph_height * ZOOM) + HEADER_AND_MARGIN_PX),
    )
    try:
        page.wait_for_function(
            "n => document.querySelectorAll("
            "'svg foreignObject [class*=\"AssetNode_assetName\"] [data-tooltip]').length >= n",
            arg=node_count,
            timeout=RENDER_TIMEOUT_MS,
        )
        # The nodes' live status (checks, partitions) arrives after them: wait for it too, so
        # that the picture shows no "Loading…".
        page.wait_for_function(
            "() => ![...document.querySelectorAll('svg foreignObject')]"
            ".some(box => box.textContent.includes('Loading'))",
            timeout=RENDER_TIMEOUT_MS,
        )
    except PlaywrightTimeout:
        pass  # the caller's assertion says what is missing, and the picture shows why
    try:
        save_screenshot(page, SCREENSHOT_NAME)
        return drawn_assets(page)
    finally:
        context.close()


def test_asset_lineage_shows_the_published_scores_and_their_upstream_chain(
    webserver, record_property
):
    from playwright.sync_api import sync_playwright

    from dagster_project.definitions import defs

    # What the UI should draw, from the definitions: each asset upstream of the published
    # table, as its name in the box of its group.
    graph = defs().resolve_asset_graph()
    distances = upstream_distances(graph, PUBLISHED)
    groups = {key: graph.get(key).group_name for key in distances}
    expected = {(groups[key], key.path[-1]) for key in distances}
    chain = chain_between(graph, LANDING, PUBLISHED)
    assert [group for group, _ in groupby(groups[key] for key in chain)] == STAGES

    url = (
        f"{webserver}/assets/{PUBLISHED.to_user_string()}"
        f"?view=lineage&lineageScope=upstream&lineageDepth={max(distances.values())}"
    )
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            drawn = draw_lineage(browser, url, len(expected))
        finally:
            browser.close()
    record_property("screenshot", str(SCREENSHOT))

    chain_drawn = [(groups[key], key.path[-1]) for key in chain]
    missing_chain = [f"{g}/{name}" for g, name in chain_drawn if (g, name) not in drawn]
    assert not missing_chain, (
        f"the lineage of {PUBLISHED.to_user_string()} at {url} lacks {missing_chain} "
        f"(drawn: {sorted(drawn)}); see {SCREENSHOT}"
    )
    assert drawn == expected, (
        f"the lineage at {url} differs from the definitions: missing "
        f"{sorted(expected - drawn)}, unexpected {sorted(drawn - expected)}; see {SCREENSHOT}"
    )
