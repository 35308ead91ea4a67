"""Great Expectations Data Docs: a page for every validation of a delivery, and an index."""

import json
import re
from datetime import date

import pytest

from dagster_project.lib.ingestion.write_audit_publish import ValidationFailed
from tests.conftest import ingest_folder, page_text
from tests.hand_book import DAILY_LINES, HEADER, write_hand_book

TODAY = date(2026, 11, 27)


def ingest(tmp_path):
    return ingest_folder(tmp_path, TODAY)


def test_a_good_delivery_has_one_passing_page_per_dataset(tmp_path):
    write_hand_book(tmp_path / "landing")
    run = ingest(tmp_path)

    # The files of a dataset are validated together: one validation, one page, per dataset.
    assert sorted(run.data_docs) == [
        "account_assessments",
        "customers",
        "fx_rates",
        "sales_lines",
        "service_costs",
    ]
    text = page_text(run.data_docs["sales_lines"])
    assert "Status: Succeeded" in text
    assert "Unsuccessful Expectations 0" in text
    # The page is GX's rendering of our suite: its descriptions, and the rows it counted.
    assert "`order_date` values are plain ISO dates (YYYY-MM-DD, no time or zone)." in text

    index = tmp_path / "validation_docs" / "index.html"
    links = re.findall(r'href="([^"]+)"', index.read_text())
    assert sorted(links) == sorted(
        f"{page.parent.name}/{page.name}" for page in run.data_docs.values()
    )


def test_a_bad_file_gets_a_failing_page_with_its_count(tmp_path):
    write_hand_book(tmp_path / "landing")
    # Two lines, one numbered 0: the line_number rule (≥ 1) fails on exactly one row.
    (tmp_path / "landing" / "sales_lines_bad.csv").write_text(
        f"{HEADER}\nX1,0,2026-01-02,001,P1,1,1,0,EUR\nX1,1,2026-01-02,001,P1,1,1,0,EUR\n"
    )
    with pytest.raises(ValidationFailed) as failure:
        ingest(tmp_path)

    pages = failure.value.data_docs
    # The sales lines batch failed, so each sales lines file was validated alone, with a page.
    assert sorted(pages) == sorted(
        ["account_assessments", "customers", "fx_rates", "service_costs", "sales_lines_bad.csv"]
        + [f"sales_lines_{day}.csv" for day in DAILY_LINES]
    )
    bad = page_text(pages["sales_lines_bad.csv"])
    assert "Status: Failed" in bad
    assert "Unsuccessful Expectations 1" in bad
    assert "`line_number` is 1 or more. 1 unexpected values found. 50% of 2 total rows." in bad
    assert "Status: Succeeded" in page_text(pages["sales_lines_2026-01-15.csv"])

    outcomes = json.loads((pages["customers"].parent / "validations.json").read_text())
    failed = [o for o in outcomes if not o["passed"]]
    assert failed == [
        {
            "page": "sales_lines_bad.csv.html",
            "dataset": "sales_lines",
            "passed": False,
            "failed_expectations": 1,
            "warnings": 0,
        }
    ]
    index = page_text(tmp_path / "validation_docs" / "index.html")
    assert "sales_lines_bad.csv failed (1)" in index


# GX names 1.19.0 for this one file of bootstrap-table, 1.19.1 for the others; 1.19.1's copy is the
# same bytes.
SAME_FILE_OF_ANOTHER_VERSION = {
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css"
}


def test_each_file_the_pages_link_from_the_web_is_carried_at_the_version_they_name():
    from dagster_project.lib.contracts.offline_pages import CDN_ASSETS, GX, package_version

    for url, asset in CDN_ASSETS.items():
        if asset.package == GX or url in SAME_FILE_OF_ANOTHER_VERSION:
            continue
        assert asset.path.is_file(), url
        # The version in the URL: name@1.2.3/…, /1.2.3/…, name-1.2.3.min.js, or a bare name@major.
        named = re.search(r"[@/-](\d+(?:\.\d+)*)(?:/|\.min\.js$|$)", url).group(1)
        installed = package_version(asset.package)
        assert installed == named or ("." not in named and installed.startswith(f"{named}.")), url
