"""An installation under a folder for the ingestion's tests: landing, archive and warehouse.

Shared by the test_ingestion_*.py modules; the `installation` fixture is in conftest.py.
"""

import contextlib
from datetime import date
from pathlib import Path

import duckdb

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
