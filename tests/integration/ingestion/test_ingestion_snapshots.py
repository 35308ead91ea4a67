"""Landing files → raw tables: the datasets delivered as snapshots, the latest of which wins whole.

Each test runs the whole validated ingestion (stage, Great Expectations, merge) on a warehouse
of its own; the files here are all valid, bad ones are in tests/end_to_end/test_bad_input_*.py.
"""

from tests.conftest import write_csv


def test_customers_are_a_snapshot_the_latest_wins(installation):
    write_csv(
        installation.landing / "customers_2026-01-01.csv",
        "customer_id,customer_name\nC1,One\nC2,Two",
    )
    write_csv(
        installation.landing / "customers_2026-01-02.csv",
        "customer_id,customer_name\nC2,Two renamed\nC3,Three",
    )
    installation.ingest()
    assert installation.query(
        "select customer_id, customer_name from raw.customers order by 1"
    ) == [
        ("C2", "Two renamed"),
        ("C3", "Three"),
    ]


def test_account_overrides_are_a_snapshot_and_a_header_only_file_removes_them_all(installation):
    installation.deliver_master("C1", "C2", "C3")
    header = "customer_id,tier,reason,owner,review_date"
    write_csv(
        installation.landing / "account_overrides_2026-01-01.csv",
        f"{header}\nC1,key,Strategic,Maria Rossi,2026-12-31\nC2,ordinary,Leaving,Tom Baker,2026-03-31",
    )
    write_csv(
        installation.landing / "account_overrides_2026-01-02.csv",
        f"{header}\nC2,development,Second thoughts,Tom Baker,2026-06-30\nC3,prospect,New,Ana,2026-02-28",
    )
    installation.ingest()
    overrides = (
        "select customer_id, tier, reason, owner, review_date::varchar "
        "from raw.account_overrides order by 1"
    )
    # The latest snapshot wins whole: C1's override, absent from it, is gone.
    assert installation.query(overrides) == [
        ("C2", "development", "Second thoughts", "Tom Baker", "2026-06-30"),
        ("C3", "prospect", "New", "Ana", "2026-02-28"),
    ]
    write_csv(installation.landing / "account_overrides_2026-02-01.csv", header)
    [ingested] = installation.ingest()
    assert (ingested.file_name, ingested.row_count) == ("account_overrides_2026-02-01.csv", 0)
    assert installation.query(overrides) == []
    assert installation.query("select count(*) from raw.account_overrides") == [(0,)]


def test_products_are_a_snapshot_the_latest_wins(installation):
    header = "product_id,product_name,category"
    write_csv(
        installation.landing / "products_2026-01-01.csv", f"{header}\nP1,Bolts,Fasteners\nP2,Gears,"
    )
    installation.ingest()
    write_csv(
        installation.landing / "products_2026-02-01.csv", "product_id,product_name\nP2,Gearbox G2"
    )
    installation.ingest()
    assert installation.query("select product_id, product_name, category from raw.products") == [
        ("P2", "Gearbox G2", None)
    ]


def test_a_warehouse_from_before_parent_customer_id_takes_snapshots_with_and_without_it(
    installation,
):
    """raw.customers as a warehouse created before the column held it: the next ingestion adds
    parent_customer_id (null on the rows it has, at the end of the table), and the rows of
    a snapshot land in their own columns, named, not in the table's order."""
    with installation.connect() as conn:
        conn.execute("create schema raw")
        conn.execute(
            "create table raw.customers (customer_id varchar, customer_name varchar, "
            "industry varchar, country varchar, account_manager varchar, is_industry_leader "
            "boolean, reputation_score decimal(18, 6), estimated_annual_potential decimal(18, 6), "
            "source_file_name varchar not null, ingestion_id bigint not null)"
        )
        conn.execute(
            "insert into raw.customers values ('C0', 'Old', null, null, null, null, null, null, 'customers_old.csv', 0)"
        )
    # The run adds the column before it stages anything; the old rows then have no parent.
    assert installation.ingest() == []
    assert installation.query(
        "select customer_id, parent_customer_id, ingestion_id from raw.customers"
    ) == [("C0", None, 0)]
    assert installation.query(
        "select column_name from duckdb_columns() where table_name = 'customers' order by column_index"
    )[-3:] == [("source_file_name",), ("ingestion_id",), ("parent_customer_id",)]
    write_csv(
        installation.landing / "customers_2026-01-01.csv",
        "customer_id,customer_name,country,parent_customer_id\nC1,Group,IT,\nC2,Daughter,DE,C1",
    )
    installation.ingest()
    customers = (
        "select customer_id, customer_name, country, parent_customer_id, source_file_name "
        "from raw.customers order by 1"
    )
    assert installation.query(customers) == [
        ("C1", "Group", "IT", None, "customers_2026-01-01.csv"),
        ("C2", "Daughter", "DE", "C1", "customers_2026-01-01.csv"),
    ]
    write_csv(
        installation.landing / "customers_2026-01-02.csv", "customer_id,customer_name\nC3,Alone"
    )
    installation.ingest()
    assert installation.query(customers) == [
        ("C3", "Alone", None, None, "customers_2026-01-02.csv")
    ]


def test_optional_customer_columns_are_typed(installation):
    write_csv(
        installation.landing / "customers.csv",
        "customer_id,customer_name,industry,country,account_manager,is_industry_leader,reputation_score,"
        "estimated_annual_potential\nC1,One,Retail,it,Anna,true,7.5,120000.50\nC2,Two,,,,,,",
    )
    installation.ingest()
    assert installation.query(
        "select customer_id, industry, is_industry_leader, reputation_score::double, "
        "estimated_annual_potential::double from raw.customers order by 1"
    ) == [("C1", "Retail", True, 7.5, 120000.5), ("C2", None, None, None, None)]
