"""Landing files → raw tables: the contract's key rules, the manifest and the archive."""

from pathlib import Path

import duckdb
import pytest

from dagster_project.lib.ingestion import (
    IngestionError,
    file_checksum,
    ingest_landing_folder,
    missing_required_datasets,
)
from tests.conftest import write_csv

HEADER = (
    "order_id,line_number,order_date,customer_id,product_id,quantity,unit_price,discount,currency"
)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    landing, archive = tmp_path / "landing", tmp_path / "archive"
    landing.mkdir()
    return landing, archive


@pytest.fixture
def conn():
    with duckdb.connect() as connection:
        yield connection


def sales_rows(conn) -> list[tuple]:
    return conn.execute(
        "select order_id, line_number, customer_id, quantity::double, source_file_name "
        "from raw.sales_lines order by order_id, line_number"
    ).fetchall()


def test_ids_keep_their_leading_zeros_through_a_csv(conn, folders):
    landing, archive = folders
    write_csv(
        landing / "customers.csv",
        """
        customer_id,customer_name
        007,Bond Ltd
        0042,Answer SpA
    """,
    )
    write_csv(
        landing / "sales_lines_2026-01-02.csv",
        f"""
        {HEADER}
        000123,1,2026-01-02,007,00099,1,10,,
    """,
    )
    ingest_landing_folder(conn, landing, archive)
    assert conn.execute("select customer_id from raw.customers order by 1").fetchall() == [
        ("0042",),
        ("007",),
    ]
    assert conn.execute(
        "select order_id, customer_id, product_id from raw.sales_lines"
    ).fetchall() == [("000123", "007", "00099")]


def test_ids_keep_their_leading_zeros_through_parquet(conn, folders):
    landing, archive = folders
    duckdb.sql("select '007' as customer_id, 'Bond Ltd' as customer_name").write_parquet(
        str(landing / "customers.parquet")
    )
    ingest_landing_folder(conn, landing, archive)
    assert conn.execute("select customer_id, customer_name from raw.customers").fetchall() == [
        ("007", "Bond Ltd")
    ]


def test_a_later_file_replaces_a_line_with_the_same_key(conn, folders):
    landing, archive = folders
    write_csv(
        landing / "sales_lines_2026-01-02.csv",
        f"""
        {HEADER}
        A1,1,2026-01-02,C1,P1,5,10,0,EUR
        A1,2,2026-01-02,C1,P2,1,10,0,EUR
    """,
    )
    ingest_landing_folder(conn, landing, archive)
    write_csv(
        landing / "sales_lines_2026-01-03.csv",
        f"""
        {HEADER}
        A1,2,2026-01-02,C1,P2,7,10,0,EUR
        B1,1,2026-01-03,C2,P1,2,10,0,EUR
    """,
    )
    ingest_landing_folder(conn, landing, archive)
    assert sales_rows(conn) == [
        ("A1", 1, "C1", 5.0, "sales_lines_2026-01-02.csv"),
        ("A1", 2, "C1", 7.0, "sales_lines_2026-01-03.csv"),
        ("B1", 1, "C2", 2.0, "sales_lines_2026-01-03.csv"),
    ]


def test_within_one_run_files_apply_in_name_order(conn, folders):
    landing, archive = folders
    write_csv(landing / "sales_lines_2026-01-03.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,9,10,0,EUR")
    write_csv(landing / "sales_lines_2026-01-02.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR")
    ingest_landing_folder(conn, landing, archive)
    assert sales_rows(conn) == [("A1", 1, "C1", 9.0, "sales_lines_2026-01-03.csv")]


def test_delivering_the_same_file_twice_changes_nothing(conn, folders):
    landing, archive = folders
    content = f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR\nA1,2,2026-01-02,C1,P2,1,10,0,EUR"
    write_csv(landing / "sales_lines_2026-01-02.csv", content)
    first = ingest_landing_folder(conn, landing, archive)
    before = sales_rows(conn)
    manifest_before = conn.execute("select * from raw.ingested_files").fetchall()

    write_csv(landing / "sales_lines_2026-01-02.csv", content)
    second = ingest_landing_folder(conn, landing, archive)

    assert [r.already_ingested for r in first] == [False]
    assert [r.already_ingested for r in second] == [True]
    assert sales_rows(conn) == before
    assert conn.execute("select * from raw.ingested_files").fetchall() == manifest_before
    assert list(landing.iterdir()) == []
    assert [p.name for p in (archive / "sales_lines").iterdir()] == ["sales_lines_2026-01-02.csv"]


def test_manifest_records_each_file_and_the_file_is_archived(conn, folders):
    landing, archive = folders
    path = write_csv(
        landing / "sales_lines_2026-01-02.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR"
    )
    checksum = file_checksum(path)
    ingest_landing_folder(conn, landing, archive)
    row = conn.execute(
        "select ingestion_id, file_name, dataset, file_format, checksum_sha256, row_count, archive_path, "
        "loaded_at is not null from raw.ingested_files"
    ).fetchone()
    archived = archive / "sales_lines" / "sales_lines_2026-01-02.csv"
    assert row == (
        1,
        "sales_lines_2026-01-02.csv",
        "sales_lines",
        "csv",
        checksum,
        1,
        str(archived),
        True,
    )
    assert archived.exists() and not path.exists()


def test_same_name_with_new_content_is_archived_beside_the_first(conn, folders):
    landing, archive = folders
    write_csv(landing / "sales_lines_x.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR")
    ingest_landing_folder(conn, landing, archive)
    path = write_csv(landing / "sales_lines_x.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,6,10,0,EUR")
    checksum = file_checksum(path)
    ingest_landing_folder(conn, landing, archive)
    assert sorted(p.name for p in (archive / "sales_lines").iterdir()) == [
        "sales_lines_x.csv",
        f"sales_lines_x__{checksum[:12]}.csv",
    ]
    assert sales_rows(conn) == [("A1", 1, "C1", 6.0, "sales_lines_x.csv")]


def test_a_file_committed_but_not_yet_archived_is_not_loaded_twice(conn, folders):
    """A crash between the commit and the move leaves the file in landing: it must not double."""
    landing, archive = folders
    content = f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR"
    write_csv(landing / "sales_lines_2026-01-02.csv", content)
    ingest_landing_folder(conn, landing, archive)
    archived = archive / "sales_lines" / "sales_lines_2026-01-02.csv"
    archived.rename(landing / archived.name)  # as if the move had never happened

    results = ingest_landing_folder(conn, landing, archive)
    assert [r.already_ingested for r in results] == [True]
    assert archived.exists() and list(landing.iterdir()) == []
    assert conn.execute("select count(*) from raw.sales_lines").fetchone()[0] == 1


def test_customers_are_a_snapshot_the_latest_wins(conn, folders):
    landing, archive = folders
    write_csv(landing / "customers_2026-01-01.csv", "customer_id,customer_name\nC1,One\nC2,Two")
    write_csv(
        landing / "customers_2026-01-02.csv", "customer_id,customer_name\nC2,Two renamed\nC3,Three"
    )
    ingest_landing_folder(conn, landing, archive)
    assert conn.execute(
        "select customer_id, customer_name from raw.customers order by 1"
    ).fetchall() == [
        ("C2", "Two renamed"),
        ("C3", "Three"),
    ]


def test_optional_customer_columns_are_typed(conn, folders):
    landing, archive = folders
    write_csv(
        landing / "customers.csv",
        """
        customer_id,customer_name,industry,country,account_manager,is_industry_leader,reputation_score,estimated_annual_potential
        C1,One,Retail,it,Anna,true,7.5,120000.50
        C2,Two,,,,,,
    """,
    )
    ingest_landing_folder(conn, landing, archive)
    assert conn.execute(
        "select customer_id, industry, is_industry_leader, reputation_score::double, "
        "estimated_annual_potential::double from raw.customers order by 1"
    ).fetchall() == [("C1", "Retail", True, 7.5, 120000.5), ("C2", None, None, None, None)]


def test_service_costs_redelivered_under_the_same_name_replace_their_rows(conn, folders):
    landing, archive = folders
    header = "customer_id,cost_date,cost_type,amount"
    write_csv(
        landing / "service_costs_2026-01.csv",
        f"{header}\nC1,2026-01-31,delivery,10\nC1,2026-01-31,visit,150",
    )
    write_csv(landing / "service_costs_2026-02.csv", f"{header}\nC1,2026-02-28,delivery,20")
    ingest_landing_folder(conn, landing, archive)
    write_csv(landing / "service_costs_2026-01.csv", f"{header}\nC1,2026-01-31,delivery,12")
    ingest_landing_folder(conn, landing, archive)
    assert conn.execute(
        "select cost_date::varchar, cost_type, amount::double from raw.service_costs order by 1, 2"
    ).fetchall() == [("2026-01-31", "delivery", 12.0), ("2026-02-28", "delivery", 20.0)]


def test_missing_required_column_names_the_file_and_the_column(conn, folders):
    landing, archive = folders
    path = write_csv(landing / "sales_lines_2026-01-02.csv", "order_id,line_number\nA1,1")
    with pytest.raises(IngestionError) as raised:
        ingest_landing_folder(conn, landing, archive)
    message = str(raised.value)
    assert message.startswith(
        "sales_lines_2026-01-02.csv: missing required column(s) order_date, customer_id"
    )
    # Nothing of the file was merged, and it stays where it was.
    assert conn.execute("select count(*) from raw.sales_lines").fetchone()[0] == 0
    assert conn.execute("select count(*) from raw.ingested_files").fetchone()[0] == 0
    assert path.exists()


def test_a_value_of_the_wrong_type_names_the_file(conn, folders):
    landing, archive = folders
    write_csv(
        landing / "sales_lines_2026-01-02.csv", f"{HEADER}\nA1,one,2026-01-02,C1,P1,5,10,0,EUR"
    )
    with pytest.raises(IngestionError, match="sales_lines_2026-01-02.csv: a value does not match"):
        ingest_landing_folder(conn, landing, archive)


def test_required_datasets_missing_until_delivered(conn, folders):
    landing, archive = folders
    ingest_landing_folder(conn, landing, archive)
    assert missing_required_datasets(conn) == ["sales_lines", "customers"]
    write_csv(landing / "customers.csv", "customer_id,customer_name\nC1,One")
    ingest_landing_folder(conn, landing, archive)
    assert missing_required_datasets(conn) == ["sales_lines"]


def test_files_that_are_not_inputs_stay_in_landing(conn, folders):
    landing, archive = folders
    note = write_csv(landing / "notes.txt", "not data")
    assert ingest_landing_folder(conn, landing, archive) == []
    assert note.exists()
