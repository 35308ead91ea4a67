"""The sample the tests of the sample generator read (test_sample_*): its size and last day, the
scoring window it is judged over with the shipped configuration, and a query over its files."""

from datetime import date
from pathlib import Path

import duckdb

from dagster_project.lib.configuration.scoring import load_scoring_config
from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE
from dagster_project.lib.sample_data import SampleSize

SIZE = SampleSize(customers=120, days=400, lines_per_day=25)
END = date(2026, 6, 30)
CONFIG = load_scoring_config(DEFAULT_CONFIG_FILE)
WINDOW_START = END.replace(year=END.year - 1)  # the window is (WINDOW_START, END]


def query(sample: Path, sql: str):
    return duckdb.sql(sql.replace("{sample}", str(sample))).fetchall()
