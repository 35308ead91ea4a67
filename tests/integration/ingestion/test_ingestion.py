"""Landing files → raw tables: the contract's key rules, the manifest and the archive.

Each test runs the whole validated ingestion (stage, Great Expectations, merge) on a warehouse
of its own; the files here are all valid, bad ones are in test_bad_input_*.py.
"""

import contextlib
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dagster_project.lib.ingestion.raw_tables import file_checksum, missing_required_datasets
from tests.conftest import ingest_folder, write_csv

HEADER = (
    "order_id,line_number,order_date,customer_id,product_id,quantity,unit_price,discount,currency"
)
TODAY = date(2026, 11, 27)


class Installation:
    def __init__(self, root: Path):
        self.landing, self.archive = root / "landing", root / "archive"
        self.warehouse = root / "warehouse.duckdb"
        self.landing.mkdir(parents=True)

    def connect(self):
        return contextlib.closing(duckdb.connect(str(self.warehouse)))

    def ingest(self, **rules):
        self.run = ingest_folder(self.landing.parent, TODAY, **rules)
        return self.run.files

    def query(self, sql: str) -> list[tuple]:
        with self.connect() as conn:
            return conn.execute(sql).fetchall()

    def deliver_master(self, *ids: str) -> None:
        """A customer master first, so that sales lines refer to known customers."""
        write_csv(
            self.landing / "customers.csv",
            "customer_id,customer_name\n" + "\n".join(f"{i},Name {i}" for i in ids),
        )
        self.ingest()

    def sales_rows(self) -> list[tuple]:
        return self.query(
            "select order_id, line_number, customer_id, quantity::double, source_file_name "
            "from raw.sales_lines order by order_id, line_number"
        )


@pytest.fixture
def site(tmp_path) -> Installation:
    return Installation(tmp_path)


def test_ids_keep_their_leading_zeros_through_a_csv(site):
    write_csv(
        site.landing / "customers.csv", "customer_id,customer_name\n007,Bond Ltd\n0042,Answer SpA"
    )
    write_csv(
        site.landing / "sales_lines_2026-01-02.csv",
        f"{HEADER}\n000123,1,2026-01-02,007,00099,1,10,,",
    )
    site.ingest()
    assert site.query("select customer_id from raw.customers order by 1") == [("0042",), ("007",)]
    assert site.query("select order_id, customer_id, product_id from raw.sales_lines") == [
        ("000123", "007", "00099")
    ]


def test_ids_keep_their_leading_zeros_through_parquet(site):
    duckdb.sql("select '007' as customer_id, 'Bond Ltd' as customer_name").write_parquet(
        str(site.landing / "customers.parquet")
    )
    site.ingest()
    assert site.query("select customer_id, customer_name from raw.customers") == [
        ("007", "Bond Ltd")
    ]


def test_a_later_file_replaces_a_line_with_the_same_key(site):
    site.deliver_master("C1", "C2")
    write_csv(
        site.landing / "sales_lines_2026-01-02.csv",
        f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR\nA1,2,2026-01-02,C1,P2,1,10,0,EUR",
    )
    site.ingest()
    write_csv(
        site.landing / "sales_lines_2026-01-03.csv",
        f"{HEADER}\nA1,2,2026-01-02,C1,P2,7,10,0,EUR\nB1,1,2026-01-03,C2,P1,2,10,0,EUR",
    )
    site.ingest()
    assert site.sales_rows() == [
        ("A1", 1, "C1", 5.0, "sales_lines_2026-01-02.csv"),
        ("A1", 2, "C1", 7.0, "sales_lines_2026-01-03.csv"),
        ("B1", 1, "C2", 2.0, "sales_lines_2026-01-03.csv"),
    ]


def test_within_one_run_files_apply_in_name_order(site):
    site.deliver_master("C1")
    write_csv(
        site.landing / "sales_lines_2026-01-03.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,9,10,0,EUR"
    )
    write_csv(
        site.landing / "sales_lines_2026-01-02.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR"
    )
    site.ingest()
    assert site.sales_rows() == [("A1", 1, "C1", 9.0, "sales_lines_2026-01-03.csv")]


def test_delivering_the_same_file_twice_changes_nothing(site):
    site.deliver_master("C1")
    content = f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR\nA1,2,2026-01-02,C1,P2,1,10,0,EUR"
    write_csv(site.landing / "sales_lines_2026-01-02.csv", content)
    first = site.ingest()
    before = site.sales_rows()
    manifest_before = site.query("select * from raw.ingested_files")

    write_csv(site.landing / "sales_lines_2026-01-02.csv", content)
    second = site.ingest()

    assert [r.already_ingested for r in first] == [False]
    assert [r.already_ingested for r in second] == [True]
    assert site.sales_rows() == before
    assert site.query("select * from raw.ingested_files") == manifest_before
    assert list(site.landing.iterdir()) == []
    assert [p.name for p in (site.archive / "sales_lines").iterdir()] == [
        "sales_lines_2026-01-02.csv"
    ]


def test_manifest_records_each_file_and_the_file_is_archived(site):
    site.deliver_master("C1")
    path = write_csv(
        site.landing / "sales_lines_2026-01-02.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR"
    )
    checksum = file_checksum(path)
    site.ingest()
    row = site.query(
        "select ingestion_id, file_name, dataset, file_format, checksum_sha256, row_count, archive_path, "
        "loaded_at is not null from raw.ingested_files where dataset = 'sales_lines'"
    )
    archived = site.archive / "sales_lines" / "sales_lines_2026-01-02.csv"
    assert row == [
        (2, "sales_lines_2026-01-02.csv", "sales_lines", "csv", checksum, 1, str(archived), True)
    ]
    assert archived.exists() and not path.exists()


def test_same_name_with_new_content_is_archived_beside_the_first(site):
    site.deliver_master("C1")
    write_csv(site.landing / "sales_lines_x.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR")
    site.ingest()
    path = write_csv(
        site.landing / "sales_lines_x.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,6,10,0,EUR"
    )
    checksum = file_checksum(path)
    site.ingest()
    assert sorted(p.name for p in (site.archive / "sales_lines").iterdir()) == [
        "sales_lines_x.csv",
        f"sales_lines_x__{checksum[:12]}.csv",
    ]
    assert site.sales_rows() == [("A1", 1, "C1", 6.0, "sales_lines_x.csv")]


def test_a_file_committed_but_not_yet_archived_is_not_loaded_twice(site):
    """A crash between the commit and the move leaves the file in landing: it must not double."""
    site.deliver_master("C1")
    write_csv(
        site.landing / "sales_lines_2026-01-02.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR"
    )
    site.ingest()
    archived = site.archive / "sales_lines" / "sales_lines_2026-01-02.csv"
    archived.rename(site.landing / archived.name)  # as if the move had never happened

    results = site.ingest()
    assert [r.already_ingested for r in results] == [True]
    assert archived.exists() and list(site.landing.iterdir()) == []
    assert site.query("select count(*) from raw.sales_lines") == [(1,)]


def test_customers_are_a_snapshot_the_latest_wins(site):
    write_csv(
        site.landing / "customers_2026-01-01.csv", "customer_id,customer_name\nC1,One\nC2,Two"
    )
    write_csv(
        site.landing / "customers_2026-01-02.csv",
        "customer_id,customer_name\nC2,Two renamed\nC3,Three",
    )
    site.ingest()
    assert site.query("select customer_id, customer_name from raw.customers order by 1") == [
        ("C2", "Two renamed"),
        ("C3", "Three"),
    ]


def test_account_overrides_are_a_snapshot_and_a_header_only_file_removes_them_all(site):
    site.deliver_master("C1", "C2", "C3")
    header = "customer_id,tier,reason,owner,review_date"
    write_csv(
        site.landing / "account_overrides_2026-01-01.csv",
        f"{header}\nC1,key,Strategic,Maria Rossi,2026-12-31\nC2,ordinary,Leaving,Tom Baker,2026-03-31",
    )
    write_csv(
        site.landing / "account_overrides_2026-01-02.csv",
        f"{header}\nC2,development,Second thoughts,Tom Baker,2026-06-30\nC3,prospect,New,Ana,2026-02-28",
    )
    site.ingest()
    overrides = (
        "select customer_id, tier, reason, owner, review_date::varchar "
        "from raw.account_overrides order by 1"
    )
    # The latest snapshot wins whole: C1's override, absent from it, is gone.
    assert site.query(overrides) == [
        ("C2", "development", "Second thoughts", "Tom Baker", "2026-06-30"),
        ("C3", "prospect", "New", "Ana", "2026-02-28"),
    ]
    write_csv(site.landing / "account_overrides_2026-02-01.csv", header)
    [ingested] = site.ingest()
    assert (ingested.file_name, ingested.row_count) == ("account_overrides_2026-02-01.csv", 0)
    assert site.query(overrides) == []
    assert site.query("select count(*) from raw.account_overrides") == [(0,)]


def test_an_assessment_delivered_again_replaces_the_earlier_rating(site):
    """Rows add up by (customer_id, factor, assessed_on): a later file rating C1's reputation on
    2026-01-10 again replaces that rating, in a later run as within one run; C1's other dates
    and factors stay."""
    site.deliver_master("C1", "C2")
    header = "customer_id,factor,rating,assessed_on,assessor"
    write_csv(
        site.landing / "account_assessments_2026-01-10.csv",
        f"{header}\nC1,reputation,6,2026-01-10,Anna\nC1,product_need,4,2026-01-10,Anna\n"
        "C2,reputation,5,2026-01-10,Tom",
    )
    write_csv(
        site.landing / "account_assessments_2026-02-10.csv",
        f"{header}\nC2,reputation,7,2026-01-10,Tom\nC1,reputation,7,2026-02-10,Anna",
    )
    site.ingest()
    write_csv(
        site.landing / "account_assessments_2026-03-01.csv",
        f"{header}\nC1,reputation,8.5,2026-01-10,Bruno",
    )
    site.ingest()
    assert site.query(
        "select customer_id, factor, assessed_on::varchar, rating::double, assessor, "
        "source_file_name from raw.account_assessments order by all"
    ) == [
        ("C1", "product_need", "2026-01-10", 4.0, "Anna", "account_assessments_2026-01-10.csv"),
        ("C1", "reputation", "2026-01-10", 8.5, "Bruno", "account_assessments_2026-03-01.csv"),
        ("C1", "reputation", "2026-02-10", 7.0, "Anna", "account_assessments_2026-02-10.csv"),
        ("C2", "reputation", "2026-01-10", 7.0, "Tom", "account_assessments_2026-02-10.csv"),
    ]


def test_a_feedback_delivered_again_replaces_the_earlier_one(site):
    """Rows add up by (customer_id, signal, recorded_on): C2's no_kam of 2026-11-20 delivered
    again in a later file of the same run, and C1's at_risk of 2026-11-20 in a later run (its
    columns in another order), replace the earlier feedback whole, the note too. A file without
    the optional until and note columns leaves them null."""
    site.deliver_master("C1", "C2")
    write_csv(
        site.landing / "action_feedback_2026-11-20.csv",
        "customer_id,signal,status,recorded_on,until,by,note\n"
        "C1,at_risk,snoozed,2026-11-20,2026-12-20,Anna,Back from holiday in December\n"
        "C1,loyalty,done,2026-11-20,,Anna,\n"
        "C2,no_kam,dismissed,2026-11-20,,Tom,Has a KAM since Monday",
    )
    write_csv(
        site.landing / "action_feedback_2026-11-21.csv",
        "customer_id,signal,status,recorded_on,by\n"
        "C2,no_kam,done,2026-11-20,Maria\nC1,at_risk,done,2026-11-21,Anna",
    )
    site.ingest()
    write_csv(
        site.landing / "action_feedback_2026-11-25.csv",
        "by,customer_id,signal,status,recorded_on,until\nBruno,C1,at_risk,snoozed,2026-11-20,2027-01-15",
    )
    site.ingest()
    assert site.query(
        'select customer_id, signal, recorded_on::varchar, status, until::varchar, "by", note, '
        "source_file_name from raw.action_feedback order by all"
    ) == [
        (
            "C1",
            "at_risk",
            "2026-11-20",
            "snoozed",
            "2027-01-15",
            "Bruno",
            None,
            "action_feedback_2026-11-25.csv",
        ),
        (
            "C1",
            "at_risk",
            "2026-11-21",
            "done",
            None,
            "Anna",
            None,
            "action_feedback_2026-11-21.csv",
        ),
        (
            "C1",
            "loyalty",
            "2026-11-20",
            "done",
            None,
            "Anna",
            None,
            "action_feedback_2026-11-20.csv",
        ),
        (
            "C2",
            "no_kam",
            "2026-11-20",
            "done",
            None,
            "Maria",
            None,
            "action_feedback_2026-11-21.csv",
        ),
    ]


def test_products_are_a_snapshot_the_latest_wins(site):
    header = "product_id,product_name,category"
    write_csv(site.landing / "products_2026-01-01.csv", f"{header}\nP1,Bolts,Fasteners\nP2,Gears,")
    site.ingest()
    write_csv(site.landing / "products_2026-02-01.csv", "product_id,product_name\nP2,Gearbox G2")
    site.ingest()
    assert site.query("select product_id, product_name, category from raw.products") == [
        ("P2", "Gearbox G2", None)
    ]


def test_a_warehouse_from_before_parent_customer_id_takes_snapshots_with_and_without_it(site):
    """raw.customers as a warehouse created before the column held it: the next ingestion adds
    parent_customer_id (null on the rows it has, at the end of the table), and the rows of
    a snapshot land in their own columns, named, not in the table's order."""
    with site.connect() as conn:
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
    assert site.ingest() == []
    assert site.query(
        "select customer_id, parent_customer_id, ingestion_id from raw.customers"
    ) == [("C0", None, 0)]
    assert site.query(
        "select column_name from duckdb_columns() where table_name = 'customers' order by column_index"
    )[-3:] == [("source_file_name",), ("ingestion_id",), ("parent_customer_id",)]
    write_csv(
        site.landing / "customers_2026-01-01.csv",
        "customer_id,customer_name,country,parent_customer_id\nC1,Group,IT,\nC2,Daughter,DE,C1",
    )
    site.ingest()
    customers = (
        "select customer_id, customer_name, country, parent_customer_id, source_file_name "
        "from raw.customers order by 1"
    )
    assert site.query(customers) == [
        ("C1", "Group", "IT", None, "customers_2026-01-01.csv"),
        ("C2", "Daughter", "DE", "C1", "customers_2026-01-01.csv"),
    ]
    write_csv(site.landing / "customers_2026-01-02.csv", "customer_id,customer_name\nC3,Alone")
    site.ingest()
    assert site.query(customers) == [("C3", "Alone", None, None, "customers_2026-01-02.csv")]


def test_optional_customer_columns_are_typed(site):
    write_csv(
        site.landing / "customers.csv",
        "customer_id,customer_name,industry,country,account_manager,is_industry_leader,reputation_score,"
        "estimated_annual_potential\nC1,One,Retail,it,Anna,true,7.5,120000.50\nC2,Two,,,,,,",
    )
    site.ingest()
    assert site.query(
        "select customer_id, industry, is_industry_leader, reputation_score::double, "
        "estimated_annual_potential::double from raw.customers order by 1"
    ) == [("C1", "Retail", True, 7.5, 120000.5), ("C2", None, None, None, None)]


def test_service_costs_redelivered_under_the_same_name_replace_their_rows(site):
    site.deliver_master("C1")
    header = "customer_id,cost_date,cost_type,amount"
    write_csv(
        site.landing / "service_costs_2026-01.csv",
        f"{header}\nC1,2026-01-31,delivery,10\nC1,2026-01-31,visit,150",
    )
    write_csv(site.landing / "service_costs_2026-02.csv", f"{header}\nC1,2026-02-28,delivery,20")
    site.ingest()
    write_csv(site.landing / "service_costs_2026-01.csv", f"{header}\nC1,2026-01-31,delivery,12")
    site.ingest()
    assert site.query(
        "select cost_date::varchar, cost_type, amount::double from raw.service_costs order by 1, 2"
    ) == [
        ("2026-01-31", "delivery", 12.0),
        ("2026-02-28", "delivery", 20.0),
    ]


def test_required_datasets_missing_until_delivered(site):
    site.ingest()
    with site.connect() as conn:
        assert missing_required_datasets(conn) == ["sales_lines", "customers"]
    site.deliver_master("C1")
    with site.connect() as conn:
        assert missing_required_datasets(conn) == ["sales_lines"]


def test_files_that_are_not_inputs_stay_in_landing_and_are_reported(site):
    note = write_csv(site.landing / "notes.txt", "not data")
    assert site.ingest() == []
    assert note.exists()
    assert [left.name for left in site.run.left] == ["notes.txt"]
