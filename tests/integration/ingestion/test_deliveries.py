"""Nothing lost, nothing silent: the deliveries real operators make, checked on the ingestion.

Each test reproduces a delivery that once lost data or went unreported: a file still being
written, a snapshot returning to an earlier state, a customer master that drops customers with
sales, values that a lenient cast would bend, symbolic links, names that only look like
deliveries. The end-to-end consequences (published tables, the run's checks) are in
test_bad_input_*.py (tests/end_to_end).
"""

import contextlib
import json
import os
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dagster_project.lib.ingestion.landing import scan_landing
from dagster_project.lib.ingestion.write_audit_publish import DeliveryChanged, ValidationFailed
from tests.conftest import ingest_folder, write_csv

TODAY = date(2026, 11, 27)
HEADER = (
    "order_id,line_number,order_date,customer_id,product_id,quantity,unit_price,discount,currency"
)


class Site:
    """An installation under a folder: deliver files, ingest them as a run does, look inside."""

    def __init__(self, root: Path):
        self.root = root
        self.landing = root / "landing"
        self.landing.mkdir(parents=True)

    def deliver(self, name: str, text: str) -> Path:
        return write_csv(self.landing / name, text)

    def ingest(self, **rules):
        self.run = ingest_folder(self.root, TODAY, **rules)
        return self.run

    def query(self, sql: str) -> list[tuple]:
        with contextlib.closing(duckdb.connect(str(self.root / "warehouse.duckdb"))) as conn:
            return conn.execute(sql).fetchall()

    def master(self, *ids: str) -> None:
        self.deliver(
            "customers.csv", "customer_id,customer_name\n" + "\n".join(f"{i},N{i}" for i in ids)
        )
        self.ingest()

    def quarantined(self) -> list[str]:
        return sorted(p.name for p in (self.root / "quarantine").iterdir())

    def left_in_landing(self) -> list[str]:
        return sorted(p.name for p in self.landing.iterdir())


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


def failure_of(site: Site, **rules) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as failed:
        site.ingest(**rules)
    return failed.value


# 1. A file still being written is never half-ingested.


def test_a_file_being_written_is_left_until_it_has_settled_then_taken_whole(site):
    """A 200,000-line CSV written while a run starts: the run leaves it; once complete and
    unchanged for the settle interval, all 200,000 lines are taken."""
    site.master("C1")
    path = site.landing / "sales_lines_2026-11-26.csv"
    lines = [f"O{n},1,2026-11-26,C1,P1,1,10,0,EUR\n" for n in range(200_000)]
    started = threading.Event()

    def write_slowly():
        with path.open("w", encoding="utf-8") as handle:
            handle.write(HEADER + "\n")
            for block in range(0, len(lines), 10_000):
                handle.writelines(lines[block : block + 10_000])
                handle.flush()
                started.set()
                time.sleep(0.1)

    writer = threading.Thread(target=write_slowly)
    writer.start()
    started.wait()
    run = site.ingest(settle_seconds=1.0)
    writer.join()

    assert run.files == []
    [left] = run.left
    assert left.name == path.name and "is still being written" in left.reason
    assert "taken once unchanged for 1 s, or at once when" in left.reason
    assert site.query("select count(*) from raw.sales_lines") == [(0,)]
    assert site.left_in_landing() == [path.name]

    time.sleep(1.1)
    run = site.ingest(settle_seconds=1.0)
    assert [(f.file_name, f.row_count) for f in run.files] == [(path.name, 200_000)]
    assert site.query("select count(*) from raw.sales_lines") == [(200_000,)]


def test_a_marker_announces_a_complete_file_at_once_and_goes_with_it(site):
    site.master("C1")
    site.deliver("sales_lines_2026-11-26.csv", f"{HEADER}\nA,1,2026-11-26,C1,P1,1,10,0,EUR")
    (site.landing / "sales_lines_2026-11-26.csv.done").touch()
    run = site.ingest(settle_seconds=3600)
    assert [f.file_name for f in run.files] == ["sales_lines_2026-11-26.csv"]
    assert site.left_in_landing() == []


def test_a_file_written_to_while_it_is_read_is_left_out_and_taken_whole_later(site, monkeypatch):
    """The writer adds lines after the file was found and before its read ended."""
    from dagster_project.lib.ingestion import write_audit_publish

    site.master("C1")
    path = site.deliver("sales_lines_2026-11-26.csv", f"{HEADER}\nA,1,2026-11-26,C1,P1,1,10,0,EUR")
    stage_files = write_audit_publish.stage_files

    def stage_while_the_writer_goes_on(conn, new_files):
        staged = stage_files(conn, new_files)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("A,2,2026-11-26,C1,P1,1,10,0,EUR\n")
        return staged

    monkeypatch.setattr(write_audit_publish, "stage_files", stage_while_the_writer_goes_on)
    run = site.ingest()
    assert run.files == []
    assert [(f.name, f.reason) for f in run.left] == [
        (path.name, "changed while it was being read; it is taken once complete")
    ]
    assert site.query("select count(*) from raw.sales_lines") == [(0,)]

    monkeypatch.setattr(write_audit_publish, "stage_files", stage_files)
    site.ingest()
    assert site.query("select line_number from raw.sales_lines order by 1") == [(1,), (2,)]


def test_a_file_changed_after_its_validation_stops_the_merge(site, monkeypatch):
    from dagster_project.lib.ingestion import write_audit_publish

    site.master("C1")
    path = site.deliver("sales_lines_2026-11-26.csv", f"{HEADER}\nA,1,2026-11-26,C1,P1,1,10,0,EUR")
    validate = write_audit_publish.validate_staged_files

    def validate_then_change(*args):
        outcome = validate(*args)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("A,2,2026-11-26,C1,P1,1,10,0,EUR\n")
        return outcome

    monkeypatch.setattr(write_audit_publish, "validate_staged_files", validate_then_change)
    with pytest.raises(DeliveryChanged, match="sales_lines_2026-11-26.csv changed after it was"):
        site.ingest()
    assert site.query("select count(*) from raw.sales_lines") == [(0,)]
    assert site.left_in_landing() == [path.name]


# 2. "Seen before" means equal to the dataset's latest state.


def test_a_snapshot_that_returns_to_an_earlier_state_applies(site):
    snapshot_a = "customer_id,customer_name\nC1,Alpha\nC2,Beta"
    snapshot_b = "customer_id,customer_name\nC1,Alpha renamed"
    for snapshot in (snapshot_a, snapshot_b, snapshot_a):
        site.deliver("customers.csv", snapshot)
        site.ingest()
    assert site.query("select customer_id, customer_name from raw.customers order by 1") == [
        ("C1", "Alpha"),
        ("C2", "Beta"),
    ]


def test_a_sales_file_corrected_back_to_its_first_bytes_applies(site):
    site.master("C1")
    original = f"{HEADER}\nA,1,2026-11-26,C1,P1,1,10,0,EUR"
    site.deliver("sales_lines_2026-11-26.csv", original)
    site.ingest()
    site.deliver("sales_lines_2026-11-26.csv", original.replace(",10,0,", ",12,0,"))
    site.ingest()
    site.deliver("sales_lines_2026-11-26.csv", original)
    [taken] = site.ingest().files
    assert taken.already_ingested is False
    assert site.query("select unit_price::double from raw.sales_lines") == [(10.0,)]


def test_the_latest_state_delivered_again_changes_nothing(site):
    site.master("C1")
    site.master("C1")  # the same bytes again
    [again] = site.run.files
    assert again.already_ingested is True
    assert site.query("select count(*) from raw.ingested_files") == [(1,)]


# 3. A customer snapshot that drops customers with sales fails by default.

DROPPED = (
    "The snapshot keeps every customer with sales lines in the as-of date's window; "
    "`validation.dropped_customer: warn` in the configuration takes it with a warning"
)


def test_a_snapshot_that_drops_a_customer_with_sales_in_the_window_is_refused(site):
    site.master("C1", "C2", "C3")
    site.deliver(
        "sales_lines_2026-11-20.csv",
        f"{HEADER}\nA,1,2026-11-20,C1,P1,1,10,0,EUR\nB,1,2025-11-27,C3,P1,1,10,0,EUR",
    )
    site.ingest()
    # C1 bought a week ago; C3's only sale is exactly one window (12 months) old, outside it.
    site.deliver("customers_2026-11-27.csv", "customer_id,customer_name\nC2,N2")
    failure = failure_of(site)
    [validation] = failure.validations
    [dropped] = [o for o in validation.failures if o.description.startswith(DROPPED)]
    assert dropped.unexpected_count == 1 and dropped.sample_values == ["C1"]
    assert site.quarantined() == [
        "customers_2026-11-27.csv",
        "customers_2026-11-27.csv.report.html",
        "customers_2026-11-27.csv.report.json",
    ]
    assert site.query("select customer_id from raw.customers order by 1") == [
        ("C1",),
        ("C2",),
        ("C3",),
    ]


def test_dropped_customers_can_be_let_through_with_a_warning(site):
    site.master("C1", "C2")
    site.deliver("sales_lines_2026-11-20.csv", f"{HEADER}\nA,1,2026-11-20,C1,P1,1,10,0,EUR")
    site.ingest()
    site.deliver("customers_2026-11-27.csv", "customer_id,customer_name\nC2,N2")
    run = site.ingest(dropped_customer="warn")
    [validation] = run.validations["customers"]
    assert [
        (o.description.startswith(DROPPED), o.unexpected_count) for o in validation.warnings
    ] == [(True, 1)]
    assert site.query("select customer_id from raw.customers") == [("C2",)]


# 4. Strict casts: a value is taken in the contract's form or refused, never bent.

STRICT_CASES = [
    # (case, column, delivered value, the rule it breaks)
    ("line number 1.4", "line_number", "1.4", "`line_number` values are whole numbers"),
    ("date with garbage", "order_date", "2026-06-05garbage", "`order_date` values are plain ISO"),
    ("date with a time", "order_date", "2026-06-05 23:59:59", "`order_date` values are plain ISO"),
    (
        "date with a zone",
        "order_date",
        "2026-06-05T23:30:00-05:00",
        "`order_date` values are plain",
    ),
    ("date not zero-padded", "order_date", "2026-6-5", "`order_date` values are plain ISO"),
    ("price beyond 6 decimals", "unit_price", "0.0000004999", "`unit_price` values are numbers"),
    ("quantity 1e-7", "quantity", "1e-7", "`quantity` values are numbers with at most 6 decimal"),
    ("hex line number", "line_number", "0x10", "`line_number` values are whole numbers"),
]


def sales_line(**values: str) -> str:
    line = {
        "order_id": "X",
        "line_number": "1",
        "order_date": "2026-06-05",
        "customer_id": "C1",
        "product_id": "P1",
        "quantity": "1000000",
        "unit_price": "10",
        "discount": "0",
        "currency": "EUR",
    }
    line.update(values)
    return ",".join(line.values())


@pytest.mark.parametrize(
    ("column", "value", "rule"), [c[1:] for c in STRICT_CASES], ids=[c[0] for c in STRICT_CASES]
)
def test_a_value_a_lenient_cast_would_bend_is_refused_as_delivered(site, column, value, rule):
    site.master("C1")
    site.deliver("sales_lines_bad.csv", f"{HEADER}\n{sales_line(**{column: value})}")
    [validation] = failure_of(site).validations
    [broken] = validation.failures
    assert broken.description.startswith(rule)
    # The report shows the value as delivered, not what a cast made of it.
    assert (broken.unexpected_count, broken.sample_values) == (1, [value])
    assert site.query("select count(*) from raw.sales_lines") == [(0,)]


def test_values_in_the_contracts_form_are_taken_exactly(site):
    site.master("C1")
    site.deliver(
        "sales_lines_ok.csv",
        f"{HEADER}\n"
        + sales_line(line_number="+2", quantity="1.5e2", unit_price="0.100000000")
        + "\n"
        + sales_line(line_number="3", quantity="-2", unit_price=".5", discount="0.123456"),
    )
    site.ingest()
    assert site.query(
        "select line_number, quantity::varchar, unit_price::varchar, discount::varchar "
        "from raw.sales_lines order by 1"
    ) == [(2, "150.000000", "0.100000", "0.000000"), (3, "-2.000000", "0.500000", "0.123456")]


def test_control_characters_in_ids_are_refused(site):
    site.master("C1")
    path = site.landing / "sales_lines_bad.csv"
    path.write_bytes(f"{HEADER}\n{sales_line(order_id='X')}\n".replace("X,", "X\x00,").encode())
    [validation] = failure_of(site).validations
    [broken] = validation.failures
    assert broken.description == "`order_id` has no control characters (NUL, tab, line break, …)."
    assert (broken.unexpected_count, broken.sample_values) == (1, ["X\x00"])


def test_a_parquet_timestamp_with_a_zone_is_refused_not_shifted(site):
    site.master("C1")
    duckdb.sql(
        "select 'X' as order_id, 1 as line_number, "
        "timestamptz '2026-06-05 23:30:00-05:00' as order_date, 'C1' as customer_id, "
        "'P1' as product_id, 1.0 as quantity, 10.0 as unit_price"
    ).write_parquet(str(site.landing / "sales_lines_tz.parquet"))
    [validation] = failure_of(site).validations
    [broken] = validation.failures
    assert broken.description.startswith("`order_date` values are plain ISO dates")
    assert broken.unexpected_count == 1


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
