"""Every HTML page the pipeline writes renders with no network: a Great Expectations Data Docs
page, their index, a quarantined file's report and dbt's documentation, each opened from disk in
headless Chromium with every request that would leave the machine stopped and recorded.

Needs Debian's chromium (tests/browser.py). The pictures are saved to data/screenshots/.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from dagster_project.lib.configuration.settings import PipelinePaths
from tests.browser import launch_chromium, offline_visit, save_screenshot
from tests.conftest import ingest_folder
from tests.hand_book import AS_OF, HEADER
from tests.installations import copy_installation

pytestmark = pytest.mark.browser

BAD_FILE = "sales_lines_bad.csv"
# What a Data Docs page shows once its files have loaded: Bootstrap's layout (its navbar is a
# flex box, a plain <nav> a block) and scripts, bootstrap-table around every table, the status
# icons in Font Awesome's font, the logo, Vega for charts and every chart drawn.
GX_PAGE_JS = """() => {
    const first = selector => document.querySelector(selector);
    const icon = first('.fa-check-circle, .fa-times');
    const logo = first('.navbar-brand img');
    const charts = [...document.querySelectorAll('[id*="-graph"]')];
    return {
        navbar: getComputedStyle(first('.navbar')).display,
        background: getComputedStyle(document.body).backgroundColor,
        bootstrapScripts: typeof jQuery === 'function' && typeof jQuery.fn.collapse === 'function',
        tables: document.querySelectorAll('table[data-toggle="table"]').length,
        tablesEnhanced: document.querySelectorAll('.bootstrap-table table[data-toggle="table"]').length,
        iconFont: icon && getComputedStyle(icon, '::before').fontFamily,
        iconFontLoaded: [...document.fonts].some(
            font => font.family.includes('Font Awesome 6 Free') && font.status === 'loaded'),
        logoWidth: logo ? logo.naturalWidth : 0,
        vega: typeof vegaEmbed === 'function',
        charts: charts.length,
        chartsDrawn: charts.filter(chart => chart.querySelector('canvas, svg')).length,
    };
}"""
WHITE = "rgb(255, 255, 255)"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def rejected_delivery(hand_book_ingested, tmp_path_factory) -> tuple[PipelinePaths, Path]:
    """The hand book ingested (its Data Docs pages all pass), then a delivery of a sales file with
    a line numbered 0, which is quarantined; the installation's paths and the file's report."""
    from dagster_project.lib.ingestion.write_audit_publish import ValidationFailed

    paths = copy_installation(hand_book_ingested.root, tmp_path_factory.mktemp("rejected"))
    (paths.landing_dir / BAD_FILE).write_text(f"{HEADER}\nX1,0,2026-01-02,001,P1,1,1,0,EUR\n")
    with pytest.raises(ValidationFailed) as failure:
        ingest_folder(paths.landing_dir.parent, date.today(), AS_OF)
    [quarantined] = failure.value.quarantined
    return paths, Path(f"{quarantined}.report.html")


def assert_offline(visit, path: Path) -> None:
    assert visit.left_the_machine == [], f"{path} asked the network for {visit.left_the_machine}"
    assert visit.failed_locally == [], f"{path} links files that are not there"


def assert_renders_gx_page(visit, path: Path, color_scheme: str) -> None:
    assert_offline(visit, path)
    drawn = visit.page.evaluate(GX_PAGE_JS)
    assert drawn["navbar"] == "flex", f"Bootstrap's CSS is not applied to {path}: {drawn}"
    assert drawn["bootstrapScripts"], f"Bootstrap's scripts did not run on {path}: {drawn}"
    assert drawn["tables"] > 0 and drawn["tablesEnhanced"] == drawn["tables"], drawn
    assert '"Font Awesome 6 Free"' in drawn["iconFont"] and drawn["iconFontLoaded"], drawn
    assert drawn["logoWidth"] > 0, f"the logo of {path} is not drawn: {drawn}"
    assert drawn["vega"] and drawn["chartsDrawn"] == drawn["charts"], drawn
    # bootstrap-dark's colours in the dark scheme, Bootstrap's in the light one.
    assert (drawn["background"] == WHITE) == (color_scheme == "light"), drawn


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_data_docs_page_renders_with_no_network(browser, rejected_delivery, color_scheme):
    paths, _report = rejected_delivery
    # The hand book's sales files passed together: one page for the dataset.
    [page] = sorted(paths.validation_docs_dir.glob("*/sales_lines.html"))
    with offline_visit(browser, page, color_scheme) as visit:
        suffix = "" if color_scheme == "light" else "_dark"
        save_screenshot(visit.page, f"data_docs_offline{suffix}.png")
        assert_renders_gx_page(visit, page, color_scheme)
        assert re.search(r"Status:\s*Succeeded", visit.page.locator("body").inner_text())


def test_a_quarantine_report_renders_with_no_network(browser, rejected_delivery):
    _paths, report = rejected_delivery
    with offline_visit(browser, report) as visit:
        save_screenshot(visit.page, "quarantine_report_offline.png")
        assert_renders_gx_page(visit, report, "light")
        text = visit.page.locator("body").inner_text()
        assert "Failed" in text and "`line_number` is 1 or more." in text


def test_the_data_docs_index_renders_with_no_network(browser, rejected_delivery):
    paths, _report = rejected_delivery
    index = paths.validation_docs_dir / "index.html"
    with offline_visit(browser, index) as visit:
        save_screenshot(visit.page, "data_docs_index_offline.png")
        assert_offline(visit, index)
        links = visit.page.eval_on_selector_all("a", "links => links.map(a => a.href)")
    # Every page of both deliveries: the hand book's five datasets, then the bad file's.
    assert f"{BAD_FILE}.html" in {link.rsplit("/", 1)[-1] for link in links}
    assert len(links) == len(list(paths.validation_docs_dir.glob("*/*.html")))
    missing = [link for link in links if not Path(unquote(urlparse(link).path)).is_file()]
    assert not missing, f"{index} links pages that are not there: {missing}"


@pytest.mark.e2e
def test_dbt_docs_render_with_no_network(browser, hand_book_published, copy_of):
    """dbt's page would load a usage tracker from the web if its manifest said that usage
    statistics are sent; dbt_project.yml says not (and dagster-dbt runs dbt so)."""
    from dagster_project.lib.configuration.scoring import dbt_vars, load_scoring_config
    from dagster_project.lib.dbt.project import generate_dbt_docs

    paths = copy_of(hand_book_published)
    config = load_scoring_config(paths.config_file)
    page = generate_dbt_docs(paths.dbt_docs_dir, dbt_vars(config), with_catalog=True)

    with offline_visit(browser, page) as visit:
        visit.page.goto(f"{page.as_uri()}#!/model/model.key_accounts.customer_scores")
        visit.page.get_by_text("tier_source").first.wait_for()
        save_screenshot(visit.page, "dbt_docs_offline.png")
        # dbt's page asks for files of its own templates before filling them in (`{{ getIcon(..) }}`),
        # which do not exist anywhere: only the network matters here.
        assert visit.left_the_machine == [], (
            f"{page} asked the network for {visit.left_the_machine}"
        )
        text = visit.page.locator("body").inner_text()
    assert "customer_scores" in text and "weighted_score" in text
