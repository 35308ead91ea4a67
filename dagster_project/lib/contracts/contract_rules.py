"""The structural expectations of a dataset, built from its contract (lib/contracts/datasets.py)
so that the suites in expectations/ hold only the business rules (allowed values, ranges,
references) and a placeholder where the contract's rules go (docs/operations.md, "Bad input").

A placeholder is an entry `{"contract": <group>}` of a suite's `expectations`; it is replaced by
the group's expectations, in the contract's column order, so that a suite decides where in its
report each group stands:

- `required_columns_exist`: the file has each required column;
- `required_columns_given`: each required column that is not nullable is given on every row
  (`<column>__text` not null); `"except": [...]` names columns a rule of the suite checks more
  strictly (given and not blank), which would otherwise be counted twice;
- `typed_values_parse`: each value of a column that is not text casts to the column's type
  (`<column>__text` given but `<column>` null);
- `key_is_unique`: the key appears once per file; the placeholder's `description` says what the
  key means to the user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dagster_project.lib.contracts.datasets import Dataset

# How a value of each raw type must be written to cast, as strict_cast in
# lib/ingestion/typed_columns.py casts it; what the user reads when one does not.
WRITTEN_FORMS = {
    "integer": "whole numbers (digits only)",
    "date": "plain ISO dates (YYYY-MM-DD, no time or zone)",
    "boolean": "booleans (true/false)",
    "decimal(18, 6)": "numbers with at most 6 decimal places that fit decimal(18, 6)",
    "decimal(18, 8)": "numbers with at most 8 decimal places that fit decimal(18, 8)",
}

Expectation = dict[str, Any]


def _required_columns_exist(dataset: Dataset, _placeholder: Expectation) -> list[Expectation]:
    return [
        {
            "type": "expect_column_to_exist",
            "kwargs": {"column": column.name},
            "description": f"The file has the `{column.name}` column.",
        }
        for column in dataset.columns
        if column.required
    ]


def _required_columns_given(dataset: Dataset, placeholder: Expectation) -> list[Expectation]:
    checked_elsewhere = set(placeholder.get("except", ()))
    return [
        {
            "type": "expect_column_values_to_not_be_null",
            "kwargs": {"column": f"{column.name}__text"},
            "description": f"`{column.name}` is given on every row.",
        }
        for column in dataset.columns
        if column.required and not column.nullable and column.name not in checked_elsewhere
    ]


def _typed_values_parse(dataset: Dataset, _placeholder: Expectation) -> list[Expectation]:
    return [
        {
            "type": "unexpected_rows_expectation",
            "description": f"`{column.name}` values are {WRITTEN_FORMS[column.sql_type]}.",
            "kwargs": {
                "unexpected_rows_query": (
                    f"select source_file_name, {column.name}__text from {{batch}} "
                    f"where {column.name}__text is not null and {column.name} is null"
                )
            },
        }
        for column in dataset.columns
        if column.sql_type != "varchar"
    ]


def _key_is_unique(dataset: Dataset, placeholder: Expectation) -> list[Expectation]:
    if not dataset.key:
        raise ValueError(f"{dataset.name} has no key to be unique")
    return [
        {
            "type": "expect_compound_columns_to_be_unique",
            "description": placeholder["description"],
            "kwargs": {"column_list": ["source_file_name", *dataset.key]},
        }
    ]


CONTRACT_RULE_GROUPS: dict[str, Callable[[Dataset, Expectation], list[Expectation]]] = {
    "required_columns_exist": _required_columns_exist,
    "required_columns_given": _required_columns_given,
    "typed_values_parse": _typed_values_parse,
    "key_is_unique": _key_is_unique,
}


def with_contract_rules(dataset: Dataset, expectations: list[Expectation]) -> list[Expectation]:
    """The suite's expectations with each placeholder replaced by the contract's rules."""
    expanded: list[Expectation] = []
    for expectation in expectations:
        group = expectation.get("contract")
        if group is None:
            expanded.append(expectation)
        else:
            expanded.extend(CONTRACT_RULE_GROUPS[group](dataset, expectation))
    return expanded
