"""Great Expectations on landed files, run as SQL in DuckDB (docs/operations.md, "Bad input").

The suites are the JSON files in expectations/, one per dataset, with the structural rules its
contract implies written in where the suite names them (lib/contracts/contract_rules.py). Each
landed file is loaded into a holding table of the warehouse (text columns), seen through a
typed view (`<column>` the value cast to the contract's type, null when it does not cast, and
`<column>__text` the value as delivered), and validated there by GX through SQLAlchemy and
duckdb-engine: the metrics are SQL aggregates computed by DuckDB, never rows pulled into pandas.

An expectation of severity "critical" that fails blocks the file; "warning" ones are reported.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from dagster_project.lib.configuration.settings import REPO_ROOT, warehouse_duckdb_config
from dagster_project.lib.contracts.contract_rules import with_contract_rules
from dagster_project.lib.contracts.datasets import DATASETS

SUITES_DIR = REPO_ROOT / "expectations"
SAMPLE_SIZE = 5
# Expectations whose severity the configuration sets (`meta.rule` in the suites → the setting
# of `validation:` in config/key_accounts.yml that makes it "fail" or "warn").
CONFIGURABLE_RULES = {
    "customer_master": "unknown_customer",
    "dropped_customer": "dropped_customer",
}


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    description: str
    severity: str
    success: bool
    column: str | None = None
    unexpected_count: int | None = None
    element_count: int | None = None
    sample_values: list[Any] = field(default_factory=list)
    error: str | None = None

    def summary(self) -> str:
        rule = self.description.rstrip(".")
        if self.error:
            return f"expected: {rule} — could not be checked: {self.error}"
        if self.unexpected_count is None:
            observed = "" if self.element_count is None else f" (found {self.element_count:,})"
            return f"expected: {rule}{observed}"
        sample = (
            f" (e.g. {', '.join(map(_show, self.sample_values))})" if self.sample_values else ""
        )
        return f"expected: {rule} — {self.unexpected_count:,} row(s) do not{sample}"


@dataclass(frozen=True)
class FileValidation:
    file_name: str
    dataset: str
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    read_error: str | None = None
    # GX's Data Docs page of the validation, as GX renders it: it links its CSS, scripts and logo
    # on the web until it is written with local copies (lib/contracts/offline_pages.py).
    data_docs_html: str | None = field(default=None, repr=False)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "critical"]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity != "critical"]

    @property
    def passed(self) -> bool:
        return self.read_error is None and not self.failures

    def problems(self) -> list[str]:
        """What is wrong, one line each; expectations that could not run for want of a missing
        column are folded into the missing column's line."""
        if self.read_error:
            return [self.read_error]
        missing = {o.column for o in self.failures if o.expectation == "expect_column_to_exist"}
        lines = [
            o.summary()
            for o in self.failures
            if not (o.error and o.column in missing)
            and not (o.error and missing and o.column is None)
        ]
        skipped = len(self.failures) - len(lines)
        if skipped:
            lines.append(
                f"{skipped} more expectation(s) could not run without the missing column(s)"
            )
        return lines

    def to_report(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "dataset": self.dataset,
            "passed": self.passed,
            "read_error": self.read_error,
            "failed_expectations": [asdict(o) for o in self.failures],
            "warnings": [asdict(o) for o in self.warnings],
            "expectations_evaluated": len(self.outcomes),
        }


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "(" + ", ".join(f"{k}={v}" for k, v in value.items()) + ")"
    return repr(value) if isinstance(value, str) else str(value)


@cache
def load_suite(dataset: str) -> dict[str, Any]:
    """The suite as GX runs it: expectations/<dataset>.json holds the business rules and where
    the contract's go, so that a column, type or key is declared in the contract alone."""
    suite = json.loads((SUITES_DIR / f"{dataset}.json").read_text(encoding="utf-8"))
    return {**suite, "expectations": with_contract_rules(DATASETS[dataset], suite["expectations"])}


def _with_severity(expectation: dict[str, Any], settings: dict[str, str]) -> dict[str, Any]:
    """The expectation with the severity the configuration gives its rule, if it has one."""
    rule = expectation.get("meta", {}).get("rule")
    if rule not in CONFIGURABLE_RULES:
        return dict(expectation)
    setting = settings.get(CONFIGURABLE_RULES[rule], "fail")
    return {**expectation, "severity": "warning" if setting == "warn" else "critical"}


def _outcome(result: Any, expectation: dict[str, Any]) -> ExpectationOutcome:
    details = result.result or {}
    kwargs = expectation["kwargs"]
    error = None
    if result.exception_info and result.exception_info.get("raised_exception"):
        error = result.exception_info.get("exception_message")
    else:
        # Exceptions of metrics come keyed by metric; keep the first message.
        nested = [
            value.get("exception_message")
            for value in (result.exception_info or {}).values()
            if isinstance(value, dict) and value.get("raised_exception")
        ]
        error = nested[0] if nested else None
    if error:
        error = error.splitlines()[0]
    if expectation["type"] == "unexpected_rows_expectation":
        unexpected = details.get("observed_value")
        rows = (details.get("details") or {}).get("unexpected_rows") or []
        sample = [_without_file_name(row) for row in rows[:SAMPLE_SIZE]]
        element_count = None
    elif expectation["type"].startswith("expect_table_row_count"):
        unexpected, sample, element_count = None, [], details.get("observed_value")
    else:
        unexpected = details.get("unexpected_count")
        sample = [
            _without_file_name(v)
            for v in (details.get("partial_unexpected_list") or [])[:SAMPLE_SIZE]
        ]
        element_count = details.get("element_count")
    return ExpectationOutcome(
        expectation=expectation["type"],
        description=expectation.get("description", expectation["type"]),
        severity=expectation.get("severity", "critical"),
        success=bool(result.success),
        # A rule on `<column>__text` (as delivered) is about the column itself.
        column=(kwargs.get("column") or "").removesuffix("__text") or None,
        unexpected_count=unexpected,
        element_count=element_count,
        sample_values=[_jsonable(v) for v in sample],
        error=error,
    )


def _without_file_name(value: Any) -> Any:
    """A sample row without the file's name (the report is per file); a lone value unwrapped."""
    if not isinstance(value, dict):
        return value
    rest = {k: v for k, v in value.items() if k != "source_file_name"}
    return next(iter(rest.values())) if len(rest) == 1 else rest


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _data_docs_page(result: Any) -> str:
    """The validation as a Great Expectations Data Docs page (one HTML file)."""
    from great_expectations.render.renderer import ValidationResultsPageRenderer
    from great_expectations.render.view import DefaultJinjaPageView

    return DefaultJinjaPageView().render(ValidationResultsPageRenderer().render(result))


def _validate_relation(
    context: Any,
    datasource: Any,
    position: int,
    relation: tuple[str, str, str],
    settings: dict[str, str],
    run_options: dict[str, Any],
) -> FileValidation:
    """One GX validation of a relation (label, dataset, select query) with its dataset's suite."""
    import great_expectations as gx

    file_name, dataset, query = relation
    expectations = [_with_severity(e, settings) for e in load_suite(dataset)["expectations"]]
    # Names as the Data Docs page shows them; unique within this ephemeral context.
    asset = datasource.add_query_asset(name=file_name, query=query)
    batch = asset.add_batch_definition_whole_table(name="whole_file")
    suite = context.suites.add(
        gx.ExpectationSuite(
            name=f"expectations/{dataset}.json ({position + 1})", expectations=expectations
        )
    )
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"validate_{position}", data=batch, suite=suite)
    )
    result = definition.run(**run_options)
    by_id = {e.id: spec for e, spec in zip(suite.expectations, expectations, strict=True)}
    return FileValidation(
        file_name=file_name,
        dataset=dataset,
        outcomes=[_outcome(r, by_id[r.expectation_config.id]) for r in result.results],
        data_docs_html=_data_docs_page(result),
    )


def validate_relations(
    warehouse: Path,
    relations: dict[str, tuple[str, str]],
    parameters: dict[str, Any],
    settings: dict[str, str] | None = None,
    with_samples: bool = False,
) -> dict[str, FileValidation]:
    """Validate holding relations with their dataset's suite, one GX validation each.

    relations: label (a file name, or a dataset for a batch of files) → (dataset, select query);
    parameters: the suites' $PARAMETER values; settings: the configuration's `validation:`
    (which configurable rules fail and which warn; each fails by default). The warehouse must
    have no open connection in this process: GX opens it through its own engine, which is
    disposed of before returning.
    with_samples asks GX for the unexpected rows themselves (its COMPLETE result format), for
    reports on bad files; without it only the counts come back.
    """
    if not relations:
        return {}
    import great_expectations as gx
    from sqlalchemy.pool import StaticPool

    from dagster_project.lib.contracts import gx_duckdb  # noqa: F401  (registers the datasource type)

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    # One connection for the whole validation: opening the database file for every one of the
    # hundreds of metric queries would cost more than the queries.
    datasource = context.data_sources.add_duckdb_buffered(
        name="warehouse",
        connection_string=f"duckdb:///{warehouse}",
        kwargs={"poolclass": StaticPool, "connect_args": {"config": warehouse_duckdb_config()}},
    )
    run_options = {
        "expectation_parameters": parameters,
        "result_format": {
            "result_format": "COMPLETE" if with_samples else "SUMMARY",
            "partial_unexpected_count": SAMPLE_SIZE,
        },
    }
    outcomes: dict[str, FileValidation] = {}
    try:
        for position, (file_name, (dataset, query)) in enumerate(relations.items()):
            outcomes[file_name] = _validate_relation(
                context,
                datasource,
                position,
                (file_name, dataset, query),
                settings or {},
                run_options,
            )
    finally:
        # The datasource and its execution engine each hold an engine; both must let go of the
        # warehouse before the pipeline opens it again with other settings.
        datasource.get_execution_engine().engine.dispose()
        datasource.get_engine().dispose()
    return outcomes
