"""What tests/end_to_end/test_bad_input_*.py share: the bad files (CASES, one per broken rule, by
dataset), the headers and good files they are delivered with, and the helpers that deliver
them, run the daily job and check what a bad file leaves behind."""

import json
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.lib.configuration.settings import ENV_CONFIG, PipelinePaths
from dagster_project.lib.contracts.datasets import DATASETS
from tests.conftest import run_job
from tests.hand_book import AS_OF

SALES = (
    "order_id,line_number,order_date,customer_id,product_id,quantity,unit_price,discount,currency"
)
GOOD_SALES = f"{SALES}\nN1,1,2026-06-29,001,P1,1,10,0,EUR"
OVERRIDES = "customer_id,tier,reason,owner,review_date"
GOOD_OVERRIDE = "001,key,Strategic partner,Maria Rossi,2026-12-31"
ASSESSMENTS = "customer_id,factor,rating,assessed_on,assessor"
GOOD_ASSESSMENT = "001,our_relative_position,7,2026-06-15,Anna"
PRODUCTS = "product_id,product_name,category"
FEEDBACK = "customer_id,signal,status,recorded_on,until,by,note"
GOOD_FEEDBACK = "001,at_risk,done,2026-06-15,,Anna,Called them"
# A snapshot keeps the customers with sales in the window (001-005), so only its parents fail.
CUSTOMERS = "customer_id,customer_name,parent_customer_id\n001,Uno SpA,\n002,Due Srl,001"


def raw_state(warehouse: Path) -> list:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return [
            conn.execute(f"select * from raw.{table} order by all").fetchall()
            for table in (*DATASETS, "ingested_files")
        ]


def deliver(paths: PipelinePaths, files: dict[str, bytes | str]) -> None:
    for name, content in files.items():
        path = paths.landing_dir / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())


def deliver_and_run(
    paths: PipelinePaths, monkeypatch, files: dict[str, bytes | str], config: str | None = None
):
    """Deliver the files to a copy of an installation and run the daily job as of AS_OF; the
    run, and the published file's bytes and the raw tables before it."""
    if config is not None:
        config_file = paths.landing_dir.parent / "config.yml"
        config_file.write_text(config)
        monkeypatch.setenv(ENV_CONFIG, str(config_file))
    deliver(paths, files)
    before = (paths.published.read_bytes(), raw_state(paths.warehouse))
    with dg.DagsterInstance.ephemeral() as instance:
        run = run_job(instance, AS_OF)
    return run, before


CASES = [
    # (case, file name, content, expected problem in the message, expected count or None)
    (
        "missing column",
        "sales_lines_bad.csv",
        "order_id,line_number,order_date,customer_id,product_id,quantity\nX,1,2026-06-29,001,P1,1",
        "expected: The file has the `unit_price` column",
        None,
    ),
    (
        "wrong type",
        "sales_lines_bad.csv",
        f"{SALES}\nX,one,2026-06-29,001,P1,1,10,0,EUR",
        "expected: `line_number` values are whole numbers (digits only) — 1 row(s) do not (e.g. 'one')",
        1,
    ),
    (
        "unparsable date",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-02-30,001,P1,1,10,0,EUR\nX,2,29/06/2026,001,P1,1,10,0,EUR",
        "expected: `order_date` values are plain ISO dates (YYYY-MM-DD, no time or zone) — 2 row(s) do not",
        2,
    ),
    # An empty file reads as one unnamed column and no rows: it has none of the contract's columns.
    (
        "empty file",
        "sales_lines_bad.csv",
        b"",
        "expected: The file has the `order_id` column",
        None,
    ),
    (
        "header only",
        "sales_lines_bad.csv",
        f"{SALES}\n",
        "expected: The file has at least one row (not empty, not a header only) (found 0)",
        None,
    ),
    (
        "duplicate keys",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-06-29,001,P1,1,10,0,EUR\nX,1,2026-06-29,001,P2,2,10,0,EUR",
        "expected: (`order_id`, `line_number`) identifies one line within the delivery — 2 row(s) do not",
        2,
    ),
    (
        "negative price",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-06-29,001,P1,1,-10,0,EUR",
        "expected: `unit_price` is 0 or more — 1 row(s) do not",
        1,
    ),
    (
        "discount of 1",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-06-29,001,P1,1,10,1,EUR\nX,2,2026-06-29,001,P1,1,10,0.99,EUR",
        "expected: `discount` is at least 0 and below 1 — 1 row(s) do not",
        1,
    ),
    (
        "quantity 0",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-06-29,001,P1,0,10,0,EUR\nX,2,2026-06-29,001,P1,-2,10,0,EUR",
        "expected: `quantity` is not 0 (negative quantities are returns) — 1 row(s) do not",
        1,
    ),
    (
        "future date",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2099-01-01,001,P1,1,10,0,EUR",
        "expected: `order_date` is not after today — 1 row(s) do not",
        1,
    ),
    (
        "unknown currency",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-06-29,001,P1,1,10,0,XYZ\nX,2,2026-03-01,001,P1,1,10,0,USD",
        "expected: A `currency` other than the reporting one has an FX rate on or before the line's date (fx_rates) — 2 row(s) do not",
        2,
    ),
    (
        "currency not three letters",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-06-29,001,P1,1,10,0,EURO",
        "expected: `currency` is a three-letter ISO 4217 code — 1 row(s) do not",
        1,
    ),
    (
        "unknown customer",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-06-29,999,P1,1,10,0,EUR\nX,2,2026-06-29,1,P1,1,10,0,EUR",
        "expected: `customer_id` is in the customer master",
        2,
    ),
    (
        "missing customer id",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-06-29,,P1,1,10,0,EUR",
        "expected: `customer_id` is given on every row — 1 row(s) do not",
        1,
    ),
    (
        "line number 0",
        "sales_lines_bad.csv",
        f"{SALES}\nX,0,2026-06-29,001,P1,1,10,0,EUR",
        "expected: `line_number` is 1 or more — 1 row(s) do not",
        1,
    ),
    (
        "not UTF-8",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-06-29,001,Caf\xe9,1,10,0,EUR".encode("latin-1"),
        "sales_lines_bad.csv cannot be read as CSV",
        None,
    ),
    (
        "truncated Parquet",
        "sales_lines_bad.parquet",
        None,
        "sales_lines_bad.parquet cannot be read as Parquet",
        None,
    ),
    (
        "number too large",
        "sales_lines_bad.csv",
        f"{SALES}\nX,1,2026-06-29,001,P1,1e40,10,0,EUR",
        "expected: `quantity` values are numbers with at most 6 decimal places that fit decimal(18, 6) — 1 row(s) do not (e.g. '1e40')",
        1,
    ),
    (
        "semicolon separated",
        "sales_lines_bad.csv",
        SALES.replace(",", ";") + "\nX;1;2026-06-29;001;P1;1;10;0;EUR",
        "expected: The file has the `order_id` column",
        None,
    ),
    (
        "customers with duplicate ids",
        "customers_bad.csv",
        "customer_id,customer_name\n001,A\n001,B\n002,C",
        "expected: `customer_id` appears once in the snapshot — 2 row(s) do not",
        2,
    ),
    (
        "reputation above 10",
        "customers_bad.csv",
        "customer_id,customer_name,reputation_score\n001,A,11\n002,B,10",
        "expected: `reputation_score` is between 1 and 10 — 1 row(s) do not",
        1,
    ),
    (
        "negative potential",
        "customers_bad.csv",
        "customer_id,customer_name,estimated_annual_potential\n001,A,-5",
        "expected: `estimated_annual_potential` is 0 or more — 1 row(s) do not",
        1,
    ),
    (
        "country not two letters",
        "customers_bad.csv",
        "customer_id,customer_name,country\n001,A,ITA\n002,B,IT",
        "expected: `country` is an ISO 3166 alpha-2 code (two letters) — 1 row(s) do not",
        1,
    ),
    (
        "negative service cost",
        "service_costs_bad.csv",
        "customer_id,cost_date,cost_type,amount\n001,2026-06-01,delivery,-1",
        "expected: `amount` is 0 or more — 1 row(s) do not",
        1,
    ),
    (
        "unknown cost type",
        "service_costs_bad.csv",
        "customer_id,cost_date,cost_type,amount\n001,2026-06-01,lunch,10",
        "expected: `cost_type` is delivery, support, returns, visit or other — 1 row(s) do not",
        1,
    ),
    (
        "FX rate of 0",
        "fx_rates_bad.csv",
        "rate_date,currency,rate_to_reporting\n2026-06-01,USD,0",
        "expected: `rate_to_reporting` is above 0 — 1 row(s) do not",
        1,
    ),
    (
        "duplicate FX rates",
        "fx_rates_bad.csv",
        "rate_date,currency,rate_to_reporting\n2026-06-01,USD,0.9\n2026-06-01,USD,0.91",
        "expected: (`rate_date`, `currency`) appears once in the delivery — 2 row(s) do not",
        2,
    ),
    # An override naming a customer the master does not list is a typo: refused whatever
    # `validation.unknown_customer` says.
    (
        "override of an unknown customer",
        "account_overrides_bad.csv",
        f"{OVERRIDES}\n{GOOD_OVERRIDE}\n999,key,Typo,Maria Rossi,2026-12-31",
        "expected: `customer_id` is in the customer master (the latest customers delivery); an "
        "override of an unknown customer is always refused, whatever `validation.unknown_customer` "
        "says — 1 row(s) do not (e.g. '999')",
        1,
    ),
    (
        "override without a customer id",
        "account_overrides_bad.csv",
        f"{OVERRIDES}\n{GOOD_OVERRIDE}\n,key,Who?,Maria Rossi,2026-12-31",
        "expected: `customer_id` is given on every row — 1 row(s) do not",
        1,
    ),
    (
        "override given twice",
        "account_overrides_bad.csv",
        f"{OVERRIDES}\n{GOOD_OVERRIDE}\n001,development,Second thoughts,Tom Baker,2026-09-30",
        "expected: `customer_id` appears once in the snapshot — 2 row(s) do not (e.g. '001', '001')",
        2,
    ),
    (
        "override to a tier not configured",
        "account_overrides_bad.csv",
        f"{OVERRIDES}\n{GOOD_OVERRIDE}\n002,gold,Big plans,Maria Rossi,2026-12-31\n"
        "006,key_prospect,Tender,Maria Rossi,2026-12-31",
        "expected: `tier` is a tier name of the configuration's `tiers`, or key_prospect or "
        "prospect — 1 row(s) do not (e.g. 'gold')",
        1,
    ),
    (
        "override without a reason",
        "account_overrides_bad.csv",
        f"{OVERRIDES}\n{GOOD_OVERRIDE}\n002,key, ,Maria Rossi,2026-12-31",
        "expected: `reason` is given on every row — 1 row(s) do not",
        1,
    ),
    (
        "override without an owner",
        "account_overrides_bad.csv",
        f"{OVERRIDES}\n{GOOD_OVERRIDE}\n002,key,Big plans,,2026-12-31\n003,key,Plans,,2026-12-31",
        "expected: `owner` is given on every row — 2 row(s) do not",
        2,
    ),
    (
        "override review date not a date",
        "account_overrides_bad.csv",
        f"{OVERRIDES}\n{GOOD_OVERRIDE}\n002,key,Plans,Tom Baker,31/12/2026\n"
        "003,key,Plans,Tom Baker,2026-02-30\n004,key,Plans,Tom Baker,2026-12-31 18:00:00",
        "expected: `review_date` values are plain ISO dates (YYYY-MM-DD, no time or zone) — 3 "
        "row(s) do not (e.g. '31/12/2026', '2026-02-30', '2026-12-31 18:00:00')",
        3,
    ),
    # Like an override, an assessment of a customer the master does not list is a typo.
    (
        "assessment of an unknown customer",
        "account_assessments_bad.csv",
        f"{ASSESSMENTS}\n{GOOD_ASSESSMENT}\n999,reputation,8,2026-06-15,Anna",
        "expected: `customer_id` is in the customer master (the latest customers delivery); an "
        "assessment of an unknown customer is always refused, whatever "
        "`validation.unknown_customer` says — 1 row(s) do not (e.g. '999')",
        1,
    ),
    (
        "assessment of an undeclared factor",
        "account_assessments_bad.csv",
        f"{ASSESSMENTS}\n{GOOD_ASSESSMENT}\n002,loyalty,8,2026-06-15,Anna\n"
        "003,Reputation,8,2026-06-15,Anna",
        "expected: `factor` is one of the configuration's `assessment_factors`, written as "
        "declared there — 2 row(s) do not (e.g. 'loyalty', 'Reputation')",
        2,
    ),
    (
        "assessment rated 0 and 11",
        "account_assessments_bad.csv",
        f"{ASSESSMENTS}\n{GOOD_ASSESSMENT}\n002,reputation,0,2026-06-15,Anna\n"
        "003,reputation,11,2026-06-15,Anna\n004,reputation,10,2026-06-15,Anna\n"
        "005,reputation,1,2026-06-15,Anna",
        "expected: `rating` is between 1 and 10 — 2 row(s) do not",
        2,
    ),
    (
        "assessment in the future",
        "account_assessments_bad.csv",
        f"{ASSESSMENTS}\n{GOOD_ASSESSMENT}\n002,reputation,8,2099-01-01,Anna",
        "expected: `assessed_on` is not after today — 1 row(s) do not",
        1,
    ),
    (
        "assessment without an assessor",
        "account_assessments_bad.csv",
        f"{ASSESSMENTS}\n{GOOD_ASSESSMENT}\n002,reputation,8,2026-06-15,\n"
        "003,reputation,8,2026-06-15,   \n004,reputation,8,2026-06-15,\t",
        "expected: `assessor` is given on every row (not empty or blank) — 3 row(s) do not",
        3,
    ),
    (
        "assessment given twice in a file",
        "account_assessments_bad.csv",
        f"{ASSESSMENTS}\n{GOOD_ASSESSMENT}\n001,our_relative_position,8,2026-06-15,Tom\n"
        "001,our_relative_position,8,2026-06-16,Tom",
        "expected: (`customer_id`, `factor`, `assessed_on`) appears once in the file: one rating "
        "per customer, factor and day — 2 row(s) do not",
        2,
    ),
    # Like an assessment, a feedback on a customer the master does not list is a typo.
    (
        "feedback on an unknown customer",
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n{GOOD_FEEDBACK}\n999,at_risk,done,2026-06-15,,Anna,",
        "expected: `customer_id` is in the customer master (the latest customers delivery); a "
        "feedback on an unknown customer is always refused, whatever "
        "`validation.unknown_customer` says — 1 row(s) do not (e.g. '999')",
        1,
    ),
    (
        "feedback on a signal kam_actions does not raise",
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n{GOOD_FEEDBACK}\n002,churn,done,2026-06-15,,Anna,\n"
        "003,Loyalty,done,2026-06-15,,Anna,\n004,loyalty,done,2026-06-15,,Anna,",
        'expected: `signal` is one of the signals of `kam_actions` (README, "What each KAM should '
        "do\"), written as there — 2 row(s) do not (e.g. 'churn', 'Loyalty')",
        2,
    ),
    (
        "feedback of an unknown status",
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n{GOOD_FEEDBACK}\n002,at_risk,closed,2026-06-15,,Anna,\n"
        "003,at_risk,snooze,2026-06-15,2026-07-01,Anna,\n004,at_risk,dismissed,2026-06-15,,Anna,",
        "expected: `status` is done, snoozed or dismissed — 2 row(s) do not (e.g. 'closed', "
        "'snooze')",
        2,
    ),
    (
        "feedback recorded in the future",
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n{GOOD_FEEDBACK}\n002,at_risk,done,2099-01-01,,Anna,",
        "expected: `recorded_on` is not after today — 1 row(s) do not",
        1,
    ),
    (
        "feedback recorded on a day that is not an ISO date",
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n{GOOD_FEEDBACK}\n002,at_risk,done,15/06/2026,,Anna,\n"
        "003,at_risk,done,2026-06-15 10:00:00,,Anna,",
        "expected: `recorded_on` values are plain ISO dates (YYYY-MM-DD, no time or zone) — 2 "
        "row(s) do not (e.g. '15/06/2026', '2026-06-15 10:00:00')",
        2,
    ),
    (
        "snooze without until",
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n{GOOD_FEEDBACK}\n002,at_risk,snoozed,2026-06-15,,Anna,Call in July\n"
        "003,at_risk,snoozed,2026-06-15,2026-07-01,Anna,",
        "expected: A `snoozed` feedback gives `until`, the day the signal may come back — 1 "
        "row(s) do not (e.g. (customer_id=002, signal=at_risk, recorded_on=2026-06-15))",
        1,
    ),
    (
        "snooze until a day not after its own",
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n{GOOD_FEEDBACK}\n002,at_risk,snoozed,2026-06-15,2026-06-15,Anna,\n"
        "003,at_risk,snoozed,2026-06-15,2026-06-01,Anna,\n"
        "004,at_risk,snoozed,2026-06-15,2026-06-16,Anna,",
        "expected: `until`, when given, is after `recorded_on` — 2 row(s) do not (e.g. "
        "(customer_id=002, signal=at_risk, recorded_on=2026-06-15, until=2026-06-15), "
        "(customer_id=003, signal=at_risk, recorded_on=2026-06-15, until=2026-06-01))",
        2,
    ),
    (
        "snooze until a day that is not an ISO date",
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n{GOOD_FEEDBACK}\n002,at_risk,snoozed,2026-06-15,July,Anna,",
        "expected: `until` values are plain ISO dates (YYYY-MM-DD, no time or zone) — 1 row(s) "
        "do not (e.g. 'July')",
        1,
    ),
    (
        "feedback without who recorded it",
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n{GOOD_FEEDBACK}\n002,at_risk,done,2026-06-15,,,\n"
        "003,at_risk,done,2026-06-15,,   ,\n004,at_risk,done,2026-06-15,,\t,",
        "expected: `by` is given on every row (not empty or blank): who recorded the feedback — "
        "3 row(s) do not",
        3,
    ),
    (
        "feedback given twice in a file",
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n{GOOD_FEEDBACK}\n001,at_risk,dismissed,2026-06-15,,Tom,\n"
        "001,at_risk,dismissed,2026-06-16,,Tom,",
        "expected: (`customer_id`, `signal`, `recorded_on`) appears once in the file: one "
        "feedback per customer, signal and day — 2 row(s) do not",
        2,
    ),
    (
        "feedback file without the by column",
        "action_feedback_bad.csv",
        "customer_id,signal,status,recorded_on\n001,at_risk,done,2026-06-15",
        "expected: The file has the `by` column",
        None,
    ),
    (
        "product without a name",
        "products_bad.csv",
        f"{PRODUCTS}\nP1,Bolts M8,Fasteners\nP2,,Gears\nP3, ,",
        "expected: `product_name` is given on every row — 2 row(s) do not",
        2,
    ),
    (
        "product given twice",
        "products_bad.csv",
        f"{PRODUCTS}\nP1,Bolts M8,Fasteners\nP2,Gearbox,Gears\nP2,Gearbox G2,Gears",
        "expected: `product_id` appears once in the snapshot — 2 row(s) do not (e.g. 'P2', 'P2')",
        2,
    ),
    (
        "customer whose parent is not in the snapshot",
        "customers_bad.csv",
        f"{CUSTOMERS}\n003,Three Inc,001\n004,Vier GmbH,999\n005,Cinq SA,",
        "expected: `parent_customer_id`, when given, is the `customer_id` of a customer in the "
        "same snapshot: a parent is delivered with its subsidiaries — 1 row(s) do not (e.g. "
        "(customer_id=004, parent_customer_id=999))",
        1,
    ),
    (
        "customers in a cycle of two",
        "customers_bad.csv",
        f"{CUSTOMERS}\n003,Three Inc,004\n004,Vier GmbH,003\n005,Cinq SA,004",
        "expected: No customer is its own parent or ancestor: following `parent_customer_id` "
        "from parent to parent never comes back to where it started (each customer in such a "
        "cycle counts as a row) — 2 row(s) do not",
        2,
    ),
    (
        "customer its own parent",
        "customers_bad.csv",
        f"{CUSTOMERS}\n003,Three Inc,\n004,Vier GmbH,004\n005,Cinq SA,002",
        "expected: No customer is its own parent or ancestor: following `parent_customer_id` "
        "from parent to parent never comes back to where it started (each customer in such a "
        "cycle counts as a row) — 1 row(s) do not (e.g. '004')",
        1,
    ),
]


def truncated_parquet(tmp_path: Path) -> bytes:
    path = tmp_path / "whole.parquet"
    duckdb.sql("select 'X' as order_id, 1 as line_number from range(1000)").write_parquet(str(path))
    data = path.read_bytes()
    return data[: len(data) // 2]


def assert_quarantined_with_nothing_ingested(
    paths: PipelinePaths, message: str, raw_before: list, name: str, problem: str, count
) -> None:
    """What a bad file leaves behind: the paragraph, the quarantine, its report, the raw tables."""
    assert message.startswith("Validation failed for 1 landed file(s)")
    assert f"{name}: " in message and problem in message
    assert (
        "the published file was not changed; 1 valid file(s) wait in the landing folder" in message
    )
    # The bad file and its report are in quarantine; the good one waits in landing.
    reports = (
        [f"{name}.report.html", f"{name}.report.json"]
        if "read as" not in problem
        else [f"{name}.report.json"]
    )
    assert sorted(p.name for p in paths.quarantine_dir.iterdir()) == sorted([name, *reports])
    assert [p.name for p in paths.landing_dir.iterdir()] == ["sales_lines_good.csv"]
    report = json.loads((paths.quarantine_dir / f"{name}.report.json").read_text())
    assert report["file"] == name and report["passed"] is False
    assert any(
        problem.removeprefix("expected: ").split(" — ")[0] in line for line in report["problems"]
    )
    if count is not None:
        counts = [f["unexpected_count"] for f in report["failed_expectations"]]
        assert count in counts
    if "read as" not in problem:
        # The Great Expectations Data Docs page of the validation names the failed expectations.
        html = (paths.quarantine_dir / f"{name}.report.html").read_text()
        assert "Great Expectations" in html and "Failed" in html
    # Nothing reached the raw tables.
    assert raw_state(paths.warehouse) == raw_before


def dataset_of(name: str) -> str:
    return name.rsplit("_", 1)[0]


def warn_about_dropped_customers() -> str:
    from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE

    config = DEFAULT_CONFIG_FILE.read_text()
    changed = config.replace("dropped_customer: fail", "dropped_customer: warn")
    assert changed != config
    return changed


def published_scope(published: Path) -> dict:
    """Who each published table counts on the hand book's as-of date (the groups by group_id)."""
    with duckdb.connect(str(published), read_only=True) as conn:

        def ids(table: str, key: str = "customer_id") -> list[str]:
            return [
                row[0]
                for row in conn.execute(
                    f"select {key} from {table} where as_of_date = ? order by 1", [AS_OF]
                ).fetchall()
            ]

        return {
            "customer_scores": ids("customer_scores"),
            "customer_revenue_shares": ids("customer_revenue_shares"),
            "customer_group_revenue_shares": ids("customer_group_revenue_shares", "group_id"),
            "kaism_matrix": ids("kaism_matrix"),
            "revenue_concentration": conn.execute(
                "select customer_count, total_net_revenue::double from revenue_concentration "
                "where as_of_date = ?",
                [AS_OF],
            ).fetchone(),
            "kam_portfolio_accounts": conn.execute(
                "select sum(accounts) from kam_portfolio where as_of_date = ?", [AS_OF]
            ).fetchone()[0],
        }
