"""Landing files → raw tables: ids keep their zeros and a line's key decides which file wins.

Each test runs the whole validated ingestion (stage, Great Expectations, merge) on a warehouse
of its own; the files here are all valid, bad ones are in tests/end_to_end/test_bad_input_*.py.
"""

import duckdb

from tests.conftest import write_csv
from tests.integration.ingestion.raw_tables_site import (
    HEADER,
)


def test_ids_keep_their_leading_zeros_through_a_csv(installation):
    write_csv(
        installation.landing / "customers.csv",
        "customer_id,customer_name\n007,Bond Ltd\n0042,Answer SpA",
    )
    write_csv(
        installation.landing / "sales_lines_2026-01-02.csv",
        f"{HEADER}\n000123,1,2026-01-02,007,00099,1,10,,",
    )
    installation.ingest()
    assert installation.query("select customer_id from raw.customers order by 1") == [
        ("0042",),
        ("007",),
    ]
    assert installation.query("select order_id, customer_id, product_id from raw.sales_lines") == [
        ("000123", "007", "00099")
    ]


def test_ids_keep_their_leading_zeros_through_parquet(installation):
    duckdb.sql("select '007' as customer_id, 'Bond Ltd' as customer_name").write_parquet(
        str(installation.landing / "customers.parquet")
    )
    installation.ingest()
    assert installation.query("select customer_id, customer_name from raw.customers") == [
        ("007", "Bond Ltd")
    ]


def test_a_later_file_replaces_a_line_with_the_same_key(installation):
    installation.deliver_master("C1", "C2")
    write_csv(
        installation.landing / "sales_lines_2026-01-02.csv",
        f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR\nA1,2,2026-01-02,C1,P2,1,10,0,EUR",
    )
    installation.ingest()
    write_csv(
        installation.landing / "sales_lines_2026-01-03.csv",
        f"{HEADER}\nA1,2,2026-01-02,C1,P2,7,10,0,EUR\nB1,1,2026-01-03,C2,P1,2,10,0,EUR",
    )
    installation.ingest()
    assert installation.sales_rows() == [
        ("A1", 1, "C1", 5.0, "sales_lines_2026-01-02.csv"),
        ("A1", 2, "C1", 7.0, "sales_lines_2026-01-03.csv"),
        ("B1", 1, "C2", 2.0, "sales_lines_2026-01-03.csv"),
    ]


def test_within_one_run_files_apply_in_name_order(installation):
    installation.deliver_master("C1")
    write_csv(
        installation.landing / "sales_lines_2026-01-03.csv",
        f"{HEADER}\nA1,1,2026-01-02,C1,P1,9,10,0,EUR",
    )
    write_csv(
        installation.landing / "sales_lines_2026-01-02.csv",
        f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR",
    )
    installation.ingest()
    assert installation.sales_rows() == [("A1", 1, "C1", 9.0, "sales_lines_2026-01-03.csv")]
