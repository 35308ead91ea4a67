"""Nothing lost, nothing silent: symbolic links, names that only look like deliveries,
doubled or extra columns and unreadable files are refused or reported with why.

Each test reproduces a delivery that once lost data or went unreported. The end-to-end
consequences (published tables, the run's checks) are in tests/end_to_end/test_bad_input_*.py.
"""

import json
import os
import time

from dagster_project.lib.ingestion.landing import scan_landing
from tests.conftest import write_csv
from tests.integration.ingestion.delivery_site import (
    HEADER,
    failure_of,
    sales_line,
)

# 5. Symbolic links are refused.


def test_a_symbolic_link_is_refused_and_what_it_points_to_is_not_read(site, tmp_path):
    site.master("C1")
    elsewhere = write_csv(tmp_path / "elsewhere" / "secret.csv", f"{HEADER}\n{sales_line()}")
    (site.landing / "sales_lines_link.csv").symlink_to(elsewhere)
    failure = failure_of(site)
    [refused] = failure.validations
    assert refused.read_error.startswith(
        f"sales_lines_link.csv is a symbolic link (to {elsewhere}); the pipeline reads only "
        "files delivered into"
    )
    assert site.quarantined() == ["sales_lines_link.csv", "sales_lines_link.csv.report.json"]
    assert (site.root / "quarantine" / "sales_lines_link.csv").is_symlink()
    assert elsewhere.exists() and site.query("select count(*) from raw.sales_lines") == [(0,)]


# 9. Files that only look like deliveries are reported, not silently left.


def test_every_file_that_is_not_taken_is_reported_with_why(site):
    for name in (
        "SALES_LINES_2026-11-26.csv",
        "sales-lines_2026-11-26.csv",
        "sales_lines_2026-11-26.csv.gz",
        "sales_lines_2026-11-26.csv.part",
        "sales_lines_2026-11-26.xlsx",
        "notes.txt",
        "customers.csv.done",
    ):
        site.deliver(name, "x")
    (site.landing / "older").mkdir()
    (site.landing / ".upload.tmp").write_text("an uploader's hidden file is its own business")
    reasons = {f.name: f.reason for f in site.ingest().left}
    assert reasons == {
        "SALES_LINES_2026-11-26.csv": "looks like a sales_lines delivery, but its name must "
        "start with `sales_lines` exactly (lower case, underscores), followed by _, - or . ; "
        "rename it",
        "sales-lines_2026-11-26.csv": "looks like a sales_lines delivery, but its name must "
        "start with `sales_lines` exactly (lower case, underscores), followed by _, - or . ; "
        "rename it",
        "sales_lines_2026-11-26.csv.gz": "is compressed; deliver it uncompressed, as .csv or "
        ".parquet",
        "sales_lines_2026-11-26.csv.part": "is a partial upload; it is taken once renamed to "
        "its final name",
        "sales_lines_2026-11-26.xlsx": "is a sales_lines file but not CSV or Parquet (.csv, "
        ".parquet)",
        "notes.txt": "is not a delivery: a file name starts with its dataset (sales_lines, "
        "customers, service_costs, fx_rates, account_overrides, account_assessments, products, "
        "action_feedback)",
        "customers.csv.done": "announces a file that is not there",
        "older": "is a folder; only files directly in it are read",
    }
    assert len(site.left_in_landing()) == 9


def test_a_column_delivered_twice_in_two_cases_is_refused(site):
    site.master("C1")
    site.deliver(
        "sales_lines_bad.csv",
        f"{HEADER},QUANTITY\n{sales_line()},5",
    )
    [refused] = failure_of(site).validations
    assert (
        refused.read_error
        == "sales_lines_bad.csv has a column more than once (`quantity`, `QUANTITY`)"
    )


def test_columns_beyond_the_contract_are_ignored_with_a_warning(site):
    site.master("C1")
    site.deliver("sales_lines_x.csv", f"{HEADER},discunt,region\n{sales_line()},0.5,North")
    run = site.ingest()
    [validation] = run.validations["sales_lines"]
    [warning] = validation.warnings
    assert warning.description == (
        "The file has only the contract's columns (any other column is ignored)."
    )
    assert warning.unexpected_count == 1
    assert run.ignored_columns == {"sales_lines_x.csv": ("discunt", "region")}
    assert site.query("select discount::double from raw.sales_lines") == [(0.0,)]


# 8. A file that cannot be read is refused with its reason.


def test_a_file_that_cannot_be_read_is_refused_with_the_reason(site, monkeypatch):
    """Permission bits do not stop root, so the denial is what the operating system says."""
    from dagster_project.lib.ingestion import write_audit_publish

    site.master("C1")
    site.deliver("sales_lines_locked.csv", f"{HEADER}\n{sales_line()}")

    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(write_audit_publish, "file_checksum", denied)
    [refused] = failure_of(site).validations
    assert refused.read_error.startswith(
        "sales_lines_locked.csv cannot be read (Permission denied)"
    )
    assert "sales_lines_locked.csv" in site.quarantined()


def test_the_scan_sorts_a_folder_without_reading_any_file(tmp_path):
    """The sensor scans every minute: it looks at names and times, never at contents."""
    landing = tmp_path / "landing"
    write_csv(landing / "customers.csv", "customer_id,customer_name\nC1,N1")
    write_csv(landing / "sales_lines_1.csv", "x")
    (landing / "sales_lines_1.csv.done").touch()
    now = time.time()
    scan = scan_landing(landing, now, settle_seconds=60)
    assert [f.path.name for f in scan.ready] == ["sales_lines_1.csv"]
    assert [f.name for f in scan.waiting] == ["customers.csv"]
    later = scan_landing(landing, now + 61, settle_seconds=60)
    assert [f.path.name for f in later.ready] == ["customers.csv", "sales_lines_1.csv"]
    assert json.dumps([f.name for f in later.left]) == "[]"
    assert os.listdir(landing)  # nothing was moved
