"""The contract of each dataset (lib/contracts/datasets.py) is the one the raw tables, the
structural expectations of expectations/<dataset>.json and the dbt sources follow: the raw tables
are created from it, and these tests hold the suites and the sources YAML to it exactly."""

import json
import re
from pathlib import Path

import pytest
import yaml

from dagster_project.lib.configuration.settings import DBT_PROJECT_DIR
from dagster_project.lib.contracts.contract_rules import CONTRACT_RULE_GROUPS, WRITTEN_FORMS
from dagster_project.lib.contracts.datasets import DATASETS, Dataset, classify_landing_file
from dagster_project.lib.contracts.validation import SUITES_DIR, load_suite
from dagster_project.lib.dbt.spark_target import RAW_TABLES

RAW_SOURCES = DBT_PROJECT_DIR / "models" / "staging" / "raw" / "_raw__sources.yml"
# The columns the ingestion adds to every input table: which delivery each row came from.
PROVENANCE_COLUMNS = ["source_file_name", "ingestion_id"]
# A rule of a suite that checks a required text column is given and not blank, more strictly
# than the contract's not-null rule.
NOT_BLANK_RULE = re.compile(r"where (?P<column>\w+)__text is null or regexp_full_match\(")
TYPED_VALUE_RULE = re.compile(r"where (\w+)__text is not null and \1 is null$")


def written_suite(dataset: str) -> dict:
    """expectations/<dataset>.json as written, placeholders and all."""
    return json.loads((SUITES_DIR / f"{dataset}.json").read_text(encoding="utf-8"))


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


def test_the_raw_source_has_a_table_for_each_dataset_with_the_contract_s_columns():
    """The dbt sources name the raw tables the spark target exports, and each dataset's table
    has the contract's columns, in its order, then the provenance columns."""
    (source,) = yaml.safe_load(RAW_SOURCES.read_text(encoding="utf-8"))["sources"]
    tables = {table["name"]: table for table in source["tables"]}
    assert sorted(tables) == sorted(RAW_TABLES)
    for dataset in DATASETS.values():
        documented = [column["name"] for column in tables[dataset.name]["columns"]]
        assert documented == [*dataset.column_names, *PROVENANCE_COLUMNS], dataset.name


@pytest.mark.parametrize("dataset", list(DATASETS.values()), ids=list(DATASETS))
def test_each_key_is_made_of_required_columns(dataset: Dataset):
    required = [c.name for c in dataset.columns if c.required]
    assert set(dataset.key) <= set(required)


def _is_structural(expectation: dict) -> bool:
    """Whether a rule is of a kind the contract decides: a column's presence, a value given, a
    typed value parsing, a key's uniqueness."""
    query = expectation.get("kwargs", {}).get("unexpected_rows_query", "")
    return expectation.get("type") in (
        "expect_column_to_exist",
        "expect_column_values_to_not_be_null",
        "expect_compound_columns_to_be_unique",
    ) or bool(TYPED_VALUE_RULE.search(query))


@pytest.mark.parametrize("dataset", list(DATASETS.values()), ids=list(DATASETS))
def test_each_suite_leaves_the_structural_rules_to_the_contract(dataset: Dataset):
    """expectations/<dataset>.json writes only business rules (allowed values, ranges,
    references) and says where each group of the contract's rules goes, once; a group that
    would be empty for the dataset is not placed."""
    expectations = written_suite(dataset.name)["expectations"]
    assert not [e for e in expectations if "contract" not in e and _is_structural(e)]
    placed = [e["contract"] for e in expectations if "contract" in e]
    expected = ["required_columns_exist", "required_columns_given"]
    if any(c.sql_type != "varchar" for c in dataset.columns):
        expected.append("typed_values_parse")
    if dataset.key:
        expected.append("key_is_unique")
    assert sorted(placed) == sorted(expected)
    assert set(placed) <= set(CONTRACT_RULE_GROUPS)


@pytest.mark.parametrize("dataset", list(DATASETS.values()), ids=list(DATASETS))
def test_a_column_left_out_of_the_not_null_rules_has_a_stricter_rule(dataset: Dataset):
    """A required column that `required_columns_given` leaves out is checked, given and not
    blank, by one rule of the suite: never by neither, never by both."""
    expectations = written_suite(dataset.name)["expectations"]
    (given,) = [e for e in expectations if e.get("contract") == "required_columns_given"]
    not_blank = [
        match["column"]
        for e in expectations
        if (match := NOT_BLANK_RULE.search(e.get("kwargs", {}).get("unexpected_rows_query", "")))
    ]
    assert sorted(given.get("except", [])) == sorted(not_blank)
    assert set(not_blank) <= {c.name for c in dataset.columns if c.required and not c.nullable}


def test_each_raw_type_has_the_form_its_parse_rule_describes():
    assert {c.sql_type for d in DATASETS.values() for c in d.columns} - {"varchar"} <= set(
        WRITTEN_FORMS
    )


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
