"""Great Expectations on action_feedback: the signals answered are those of KAM actions.

Valid files pass every expectation with 0 unexpected rows and a bad one fails only where
it is bad, with its exact count (why: tests/integration/contracts/validation_helpers.py).
"""

import contextlib

import duckdb

from tests.integration.contracts.validation_helpers import (
    assert_passes_with_zero_unexpected,
    staged_hand_book,
    validate_delivery,
)

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
