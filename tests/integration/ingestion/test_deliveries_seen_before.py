"""Nothing lost, nothing silent: "seen before" means equal to the dataset's latest state,
and a customer master that drops customers with sales fails by default.

Each test reproduces a delivery that once lost data or went unreported. The end-to-end
consequences (published tables, the run's checks) are in tests/end_to_end/test_bad_input_*.py.
"""

from tests.integration.ingestion.delivery_site import (
    HEADER,
    failure_of,
)

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
