"""A site for the tests of real operators' deliveries: deliver files, ingest as a run does, look inside.

Shared by the test_deliveries_*.py modules; the `site` fixture is in conftest.py.
"""

import contextlib
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dagster_project.lib.ingestion.write_audit_publish import ValidationFailed
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


def failure_of(site: Site, **rules) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as failed:
        site.ingest(**rules)
    return failed.value


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
