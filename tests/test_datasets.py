from pathlib import Path

import pytest

from dagster_project.lib.contracts.datasets import DATASETS, classify_landing_file
from dagster_project.lib.contracts.validation import load_suite
from dagster_project.lib.dbt.spark_target import RAW_TABLES


@pytest.mark.parametrize(
    ("name", "dataset", "file_format"),
    [
        ("sales_lines_2026-11-26.csv", "sales_lines", "csv"),
        ("sales_lines.CSV", "sales_lines", "csv"),
        ("customers.parquet", "customers", "parquet"),
        ("customers_2026-11-26.csv", "customers", "csv"),
        ("service_costs_2026-10.csv", "service_costs", "csv"),
        ("fx_rates-2026.parquet", "fx_rates", "parquet"),
        ("account_overrides.csv", "account_overrides", "csv"),
        ("account_overrides_2026-11-26.parquet", "account_overrides", "parquet"),
        ("account_assessments_2026-11.csv", "account_assessments", "csv"),
        ("products.csv", "products", "csv"),
        ("products_2026-11-26.parquet", "products", "parquet"),
        ("action_feedback_2026-11-27.csv", "action_feedback", "csv"),
    ],
)
def test_dataset_is_the_prefix_of_the_file_name(name, dataset, file_format):
    landing_file = classify_landing_file(Path(name))
    assert landing_file is not None
    assert (landing_file.dataset.name, landing_file.file_format) == (dataset, file_format)


@pytest.mark.parametrize(
    "name",
    [
        "sales_lines_2026.xlsx",
        "customer_list.csv",
        "readme.txt",
        ".customers.csv",
        "salesy_lines.csv",
    ],
)
def test_other_files_are_not_inputs(name):
    assert classify_landing_file(Path(name)) is None


def test_every_dataset_is_a_raw_table_the_spark_target_exports():
    assert set(DATASETS) <= set(RAW_TABLES)


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_every_dataset_has_a_suite_that_checks_its_required_columns(dataset):
    """expectations/<dataset>.json exists, names its dataset, asks for every required column and
    describes each rule (what a user reads in the quarantine report)."""
    suite = load_suite(dataset)
    assert suite["name"] == dataset
    required = {c.name for c in DATASETS[dataset].columns if c.required}
    checked = {
        e["kwargs"]["column"]
        for e in suite["expectations"]
        if e["type"] == "expect_column_to_exist"
    }
    assert checked == required
    assert all(e.get("description") for e in suite["expectations"])
