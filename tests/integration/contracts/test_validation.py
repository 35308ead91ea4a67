"""The Great Expectations metrics are real numbers computed by DuckDB, not artefacts of a bug.

Through duckdb-engine, GX's stock SQL engine closes the connection before it fetches a metric,
and then every expectation "fails" with no count (see lib/contracts/gx_duckdb.py). Valid files must pass
every expectation with 0 unexpected rows, and a bad one must fail only where it is bad, with
its exact count.
"""

import contextlib
import time
from datetime import date

import duckdb

from dagster_project.lib.configuration.scoring import load_scoring_config
from dagster_project.lib.contracts.validation import validate_relations
from dagster_project.lib.ingestion.holding_area import reset_holding_area, stage_file
from dagster_project.lib.ingestion.landing import scan_landing
from dagster_project.lib.ingestion.raw_tables import create_raw_tables, file_checksum
from dagster_project.lib.ingestion.reference_views import build_reference_views
from dagster_project.lib.ingestion.rules import IngestionRules
from tests.conftest import write_csv
from tests.hand_book import write_hand_book

TODAY = date(2026, 11, 27)


def staged_hand_book(tmp_path, extra: dict[str, str] | None = None, **rules):
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    write_hand_book(landing)
    for name, text in (extra or {}).items():
        write_csv(landing / name, text)
    with contextlib.closing(duckdb.connect(str(warehouse))) as conn:
        create_raw_tables(conn)
        reset_holding_area(conn)
        staged = [
            stage_file(conn, f.landing_file, position, file_checksum(f.path))
            for position, f in enumerate(scan_landing(landing, time.time(), 0).ready)
        ]
        build_reference_views(conn, staged, IngestionRules(today=TODAY, as_of=TODAY, **rules))
    return warehouse, staged


def test_valid_files_pass_every_expectation_with_zero_unexpected(tmp_path):
    warehouse, staged = staged_hand_book(tmp_path)
    results = validate_relations(
        warehouse,
        {s.name: (s.landing_file.dataset.name, s.relation) for s in staged},
        {"today": "2026-11-27"},
    )
    assert len(results) == len(staged) == 13
    for validation in results.values():
        assert validation.passed, validation.problems()
        for outcome in validation.outcomes:
            assert outcome.success and outcome.error is None, outcome
            assert outcome.unexpected_count in (0, None), outcome
    # Every kind of expectation ran and measured something.
    kinds = {o.expectation for v in results.values() for o in v.outcomes}
    assert {
        "expect_column_values_to_be_between",
        "unexpected_rows_expectation",
        "expect_compound_columns_to_be_unique",
    } <= kinds
    element_counts = {
        o.element_count for o in results["customers.csv"].outcomes if o.element_count is not None
    }
    assert element_counts == {7}  # the seven customers, counted by DuckDB


def test_a_bad_file_fails_only_its_broken_rules_with_exact_counts(tmp_path):
    bad = (
        "order_id,line_number,order_date,customer_id,product_id,quantity,unit_price,discount,currency\n"
        "X,1,2026-06-29,001,P1,0,10,0,EUR\n"
        "X,2,2026-06-29,001,P1,0,-1,0,EUR\n"
        "X,3,2026-06-29,001,P1,2,10,0,EUR\n"
    )
    warehouse, staged = staged_hand_book(tmp_path, {"sales_lines_bad.csv": bad})
    [target] = [s for s in staged if s.name == "sales_lines_bad.csv"]
    [validation] = validate_relations(
        warehouse,
        {target.name: ("sales_lines", target.relation)},
        {"today": date(2026, 11, 27).isoformat()},
    ).values()
    failed = {o.description: o.unexpected_count for o in validation.failures}
    assert failed == {
        "`quantity` is not 0 (negative quantities are returns).": 2,
        "`unit_price` is 0 or more.": 1,
    }


OVERRIDES = "customer_id,tier,reason,owner,review_date"
TIER_RULE = "`tier` is a tier name of the configuration's `tiers`, or key_prospect or prospect."
MASTER_RULE = (
    "`customer_id` is in the customer master (the latest customers delivery); an override of "
    "an unknown customer is always refused, whatever `validation.unknown_customer` says."
)


def validate_delivery(tmp_path, name: str, content: str, settings: dict | None = None, **rules):
    """The validation of one file delivered with the hand book, as a file validated alone."""
    warehouse, staged = staged_hand_book(tmp_path, {name: content}, **rules)
    [target] = [s for s in staged if s.name == name]
    [validation] = validate_relations(
        warehouse,
        {target.name: (target.landing_file.dataset.name, target.relation)},
        {"today": TODAY.isoformat()},
        settings,
        with_samples=True,
    ).values()
    return validation


def validate_overrides(tmp_path, content: str, settings: dict | None = None, **rules):
    """The validation of one account_overrides.csv delivered with the hand book."""
    return validate_delivery(tmp_path, "account_overrides.csv", content, settings, **rules)


def assert_passes_with_zero_unexpected(validation, rows: int) -> None:
    assert validation.passed, validation.problems()
    for outcome in validation.outcomes:
        assert outcome.success and outcome.error is None, outcome
        assert outcome.unexpected_count in (0, None), outcome
    element_counts = {o.element_count for o in validation.outcomes if o.element_count is not None}
    assert element_counts == {rows}


def test_a_good_overrides_file_passes_every_expectation_with_zero_unexpected(tmp_path):
    validation = validate_overrides(
        tmp_path,
        f"{OVERRIDES}\n"
        "001,key,Strategic partner,Maria Rossi,2026-12-31\n"
        "006,key_prospect,Tender won in May,Maria Rossi,2026-09-30\n"
        "004,ordinary,Winding down,Tom Baker,2026-07-31",
    )
    assert validation.passed, validation.problems()
    for outcome in validation.outcomes:
        assert outcome.success and outcome.error is None, outcome
        assert outcome.unexpected_count in (0, None), outcome
    element_counts = {o.element_count for o in validation.outcomes if o.element_count is not None}
    assert element_counts == {3}


def test_the_tiers_an_override_may_set_come_from_the_configuration(tmp_path):
    """With tiers gold and silver configured, `key` is no longer a tier; the prospects' are."""
    validation = validate_overrides(
        tmp_path,
        f"{OVERRIDES}\n001,gold,r,o,2026-12-31\n002,key,r,o,2026-12-31\n006,prospect,r,o,2026-12-31",
        tiers=("gold", "silver"),
    )
    assert [(o.description, o.unexpected_count, o.sample_values) for o in validation.failures] == [
        (TIER_RULE, 1, ["key"])
    ]


def test_the_configurations_tier_names_reach_the_rules(tmp_path):
    config = tmp_path / "tiers.yml"
    config.write_text("tiers:\n  - name: gold\n    min_score: 8\n  - name: silver\n")
    rules = IngestionRules.from_config(load_scoring_config(config), TODAY, [TODAY], 0)
    assert rules.override_tiers == ("gold", "silver", "key_prospect", "prospect")


def test_an_override_of_an_unknown_customer_fails_even_when_unknown_customers_may_warn(tmp_path):
    validation = validate_overrides(
        tmp_path,
        f"{OVERRIDES}\n999,key,r,o,2026-12-31\n001,key,r,o,2026-12-31",
        settings={"unknown_customer": "warn"},
    )
    assert [(o.description, o.unexpected_count, o.sample_values) for o in validation.failures] == [
        (MASTER_RULE, 1, ["999"])
    ]
    assert validation.warnings == []


ASSESSMENTS = "customer_id,factor,rating,assessed_on,assessor"
FACTOR_RULE = (
    "`factor` is one of the configuration's `assessment_factors`, written as declared there."
)


def test_a_good_assessments_file_passes_every_expectation_with_zero_unexpected(tmp_path):
    """Every default factor, the bounds of the scale (1 and 10, a decimal between), today, and
    the same factor of a customer on two days."""
    validation = validate_delivery(
        tmp_path,
        "account_assessments_2026-11-27.csv",
        f"{ASSESSMENTS}\n"
        "001,our_relative_position,7,2026-05-01,Anna Weber\n"
        "001,our_relative_position,8,2026-11-27,Anna Weber\n"
        "001,relationship_stage,10,2026-11-27,Anna Weber\n"
        "006,product_need,1,2025-12-01,Tom Baker\n"
        "004,reputation,6.5,2026-10-31,Tom Baker",
    )
    assert_passes_with_zero_unexpected(validation, 5)


def test_a_bad_assessments_file_fails_only_its_broken_rules_with_exact_counts(tmp_path):
    """Two good rows, then one bad row per rule but for two on the scale (0 and 11) and two
    without an assessor (empty, a tab), and the unknown customer refused even though unknown
    customers may warn: 1 + 1 + 1 + 2 + 2, and the key of 001 twice (2 rows)."""
    validation = validate_delivery(
        tmp_path,
        "account_assessments_bad.csv",
        f"{ASSESSMENTS}\n"
        "001,our_relative_position,7,2026-05-01,Anna\n"
        "002,relationship_stage,10,2026-11-27,Anna\n"
        "002,reputation,5,2026-11-28,Tom\n"
        "003,loyalty,5,2026-05-01,Tom\n"
        "999,product_need,5,2026-05-01,Tom\n"
        "004,reputation,0,2026-05-01,Tom\n"
        "004,product_need,11,2026-05-01,Tom\n"
        "005,reputation,5,2026-05-01,\t\n"
        "005,product_need,5,2026-05-01,\n"
        "001,our_relative_position,8,2026-05-01,Bruno",
        settings={"unknown_customer": "warn"},
    )
    assert {o.description: o.unexpected_count for o in validation.failures} == {
        "`assessed_on` is not after today.": 1,
        FACTOR_RULE: 1,
        "`customer_id` is in the customer master (the latest customers delivery); an assessment "
        "of an unknown customer is always refused, whatever `validation.unknown_customer` says.": 1,
        "`rating` is between 1 and 10.": 2,
        "`assessor` is given on every row (not empty or blank).": 2,
        "(`customer_id`, `factor`, `assessed_on`) appears once in the file: one rating per "
        "customer, factor and day.": 2,
    }
    assert validation.warnings == []


def test_the_factors_an_assessment_may_rate_come_from_the_configuration(tmp_path):
    validation = validate_delivery(
        tmp_path,
        "account_assessments_2026-11-27.csv",
        f"{ASSESSMENTS}\n001,loyalty,7,2026-05-01,Anna\n002,reputation,7,2026-05-01,Anna",
        assessment_factors=("loyalty",),
    )
    assert [(o.description, o.unexpected_count, o.sample_values) for o in validation.failures] == [
        (FACTOR_RULE, 1, ["reputation"])
    ]


def test_the_configurations_assessment_factors_reach_the_rules(tmp_path):
    config = tmp_path / "factors.yml"
    config.write_text(
        "assessment_factors:\n"
        "  loyalty:\n    description: How loyal the customer is.\n    anchors: {1: fickle, 10: faithful}\n"
        "kaism:\n  relative_strength:\n    loyalty: 1\n"
    )
    rules = IngestionRules.from_config(load_scoring_config(config), TODAY, [TODAY], 0)
    assert rules.assessment_factors == ("loyalty",)
    assert IngestionRules(today=TODAY, as_of=TODAY).assessment_factors == (
        "our_relative_position",
        "relationship_stage",
        "product_need",
        "reputation",
    )


def test_a_configuration_without_assessment_factors_leaves_no_factor_to_rate(tmp_path):
    """assessment_factors: {} is a valid configuration: its reference view is empty, not an
    SQL error, so every assessment's factor is refused."""
    warehouse, _ = staged_hand_book(tmp_path, assessment_factors=())
    with contextlib.closing(duckdb.connect(str(warehouse), read_only=True)) as conn:
        assert conn.execute("select * from holding.assessment_factors").fetchall() == []


def test_a_good_products_file_passes_every_expectation_with_zero_unexpected(tmp_path):
    validation = validate_delivery(
        tmp_path,
        "products.csv",
        "product_id,product_name,category\nP1,Bolts M8,Fasteners\nP2,Gearbox G2,\nP3,Oil 5L,Fluids",
    )
    assert_passes_with_zero_unexpected(validation, 3)


CUSTOMERS = "customer_id,customer_name,parent_customer_id"
PARENT_RULE = (
    "`parent_customer_id`, when given, is the `customer_id` of a customer in the same snapshot: "
    "a parent is delivered with its subsidiaries."
)
CYCLE_RULE = (
    "No customer is its own parent or ancestor: following `parent_customer_id` from parent to "
    "parent never comes back to where it started (each customer in such a cycle counts as a row)."
)


def test_a_snapshot_with_groups_passes_every_expectation_with_zero_unexpected(tmp_path):
    """Two groups: 001 above 002 above 003 (a chain of three), and 004 above 005, 006 and 007."""
    validation = validate_delivery(
        tmp_path,
        "customers_2026-11-27.csv",
        f"{CUSTOMERS}\n001,Uno,\n002,Due,001\n003,Tre,002\n004,Quattro,\n005,Cinque,004\n"
        "006,Sei,004\n007,Sette,004",
    )
    assert_passes_with_zero_unexpected(validation, 7)


def test_a_parent_outside_the_snapshot_and_each_customer_of_a_cycle_fail_with_exact_counts(
    tmp_path,
):
    """004 and 005 are each other's parent, 006 its own: three customers in a cycle. 007 sits
    under the cycle without being in it, and 008's parent 999 is not in the snapshot."""
    validation = validate_delivery(
        tmp_path,
        "customers_2026-11-27.csv",
        f"{CUSTOMERS}\n001,Uno,\n002,Due,001\n003,Tre,002\n004,Quattro,005\n005,Cinque,004\n"
        "006,Sei,006\n007,Sette,004\n008,Otto,999",
    )
    failures = {o.description: o for o in validation.failures}
    assert {rule: o.unexpected_count for rule, o in failures.items()} == {
        PARENT_RULE: 1,
        CYCLE_RULE: 3,
    }
    assert failures[PARENT_RULE].sample_values == [
        {"customer_id": "008", "parent_customer_id": "999"}
    ]
    assert sorted(failures[CYCLE_RULE].sample_values) == ["004", "005", "006"]


FEEDBACK = "customer_id,signal,status,recorded_on,until,by,note"
SIGNAL_RULE = (
    '`signal` is one of the signals of `kam_actions` (README, "What each KAM should do"), '
    "written as there."
)


def test_a_good_feedback_file_passes_every_expectation_with_zero_unexpected(tmp_path):
    """Each status and each of the six signals; a snooze until the next day and one until
    next year, a done with an `until` later than its day (ignored, not refused), today, the
    same signal of a customer on two days, and notes given, empty and quoted with a comma."""
    validation = validate_delivery(
        tmp_path,
        "action_feedback_2026-11-27.csv",
        f"{FEEDBACK}\n"
        '001,at_risk,done,2026-11-02,,Anna Weber,"Called them, order placed"\n'
        "001,at_risk,snoozed,2026-11-27,2026-11-28,Anna Weber,\n"
        "001,cross_sell_gap,dismissed,2026-10-15,,Anna Weber,Buys pumps elsewhere by contract\n"
        "002,loyalty,done,2026-11-20,2026-12-31,Anna Weber,\n"
        "006,key_prospect,snoozed,2026-11-20,2027-03-01,Tom Baker,After their tender\n"
        "004,no_kam,done,2026-09-01,,Tom Baker,Giulia takes it\n"
        "003,override_review_due,dismissed,2026-11-26,,Maria Rossi,",
    )
    assert_passes_with_zero_unexpected(validation, 7)


def test_a_feedback_file_without_until_and_note_passes(tmp_path):
    """`until` and `note` are optional columns: a file of done and dismissed rows may omit them."""
    validation = validate_delivery(
        tmp_path,
        "action_feedback_2026-11-27.csv",
        "customer_id,signal,status,recorded_on,by\n"
        "001,at_risk,done,2026-11-02,Anna\n002,loyalty,dismissed,2026-11-20,Anna",
    )
    assert_passes_with_zero_unexpected(validation, 2)


def test_a_bad_feedback_file_fails_only_its_broken_rules_with_exact_counts(tmp_path):
    """Two good rows, then bad ones: an unknown customer (refused even though unknown customers
    may warn), two signals not of kam_actions (`churn`, `At_Risk`), two statuses (`closed`,
    `Done`), a day after today and one not ISO, a snooze without until, two untils not after
    their day (the same day, and the day before on a dismissal), an until not ISO, three rows
    without `by` (empty, spaces, a tab), and 001's at_risk of 2026-11-20 twice (2 rows)."""
    validation = validate_delivery(
        tmp_path,
        "action_feedback_bad.csv",
        f"{FEEDBACK}\n"
        "001,at_risk,done,2026-11-20,,Anna,Called them\n"
        "002,loyalty,snoozed,2026-11-20,2026-12-20,Anna,\n"
        "999,at_risk,done,2026-11-20,,Tom,\n"
        "003,churn,done,2026-11-20,,Tom,\n"
        "003,At_Risk,done,2026-11-20,,Tom,\n"
        "004,at_risk,closed,2026-11-20,,Tom,\n"
        "004,cross_sell_gap,Done,2026-11-20,,Tom,\n"
        "004,loyalty,done,2026-11-28,,Tom,\n"
        "004,no_kam,done,20/11/2026,,Tom,\n"
        "005,at_risk,snoozed,2026-11-20,,Tom,\n"
        "005,loyalty,snoozed,2026-11-20,2026-11-20,Tom,\n"
        "005,no_kam,dismissed,2026-11-20,2026-11-19,Tom,\n"
        "005,key_prospect,snoozed,2026-11-20,next week,Tom,\n"
        "006,at_risk,done,2026-11-20,,,\n"
        "006,loyalty,done,2026-11-20,,   ,\n"
        "006,no_kam,done,2026-11-20,,\t,\n"
        "001,at_risk,dismissed,2026-11-20,,Bruno,",
        settings={"unknown_customer": "warn"},
    )
    failures = {o.description: o for o in validation.failures}
    assert {rule: o.unexpected_count for rule, o in failures.items()} == {
        "`customer_id` is in the customer master (the latest customers delivery); a feedback on "
        "an unknown customer is always refused, whatever `validation.unknown_customer` says.": 1,
        SIGNAL_RULE: 2,
        "`status` is done, snoozed or dismissed.": 2,
        "`recorded_on` is not after today.": 1,
        "`recorded_on` values are plain ISO dates (YYYY-MM-DD, no time or zone).": 1,
        "A `snoozed` feedback gives `until`, the day the signal may come back.": 1,
        "`until`, when given, is after `recorded_on`.": 2,
        "`until` values are plain ISO dates (YYYY-MM-DD, no time or zone).": 1,
        "`by` is given on every row (not empty or blank): who recorded the feedback.": 3,
        "(`customer_id`, `signal`, `recorded_on`) appears once in the file: one feedback per "
        "customer, signal and day.": 2,
    }
    assert sorted(failures[SIGNAL_RULE].sample_values) == ["At_Risk", "churn"]
    assert failures["`until`, when given, is after `recorded_on`."].sample_values == [
        {
            "customer_id": "005",
            "signal": "loyalty",
            "recorded_on": "2026-11-20",
            "until": "2026-11-20",
        },
        {
            "customer_id": "005",
            "signal": "no_kam",
            "recorded_on": "2026-11-20",
            "until": "2026-11-19",
        },
    ]
    assert validation.warnings == []


def test_the_signals_a_feedback_may_answer_are_those_of_kam_actions(tmp_path):
    """holding.action_signals lists scoring_config.SIGNALS, the names kam_actions gives its
    signals: a signal added there is one a KAM may answer, with no suite to edit."""
    warehouse, _ = staged_hand_book(tmp_path)
    with contextlib.closing(duckdb.connect(str(warehouse), read_only=True)) as conn:
        assert conn.execute("select signal from holding.action_signals").fetchall() == [
            ("at_risk",),
            ("cross_sell_gap",),
            ("loyalty",),
            ("key_prospect",),
            ("no_kam",),
            ("override_review_due",),
        ]
