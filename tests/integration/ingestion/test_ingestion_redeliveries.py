"""Landing files → raw tables: rows delivered again under their key replace the earlier ones.

Each test runs the whole validated ingestion (stage, Great Expectations, merge) on a warehouse
of its own; the files here are all valid, bad ones are in tests/end_to_end/test_bad_input_*.py.
"""

from tests.conftest import write_csv


def test_an_assessment_delivered_again_replaces_the_earlier_rating(installation):
    """Rows add up by (customer_id, factor, assessed_on): a later file rating C1's reputation on
    2026-01-10 again replaces that rating, in a later run as within one run; C1's other dates
    and factors stay."""
    installation.deliver_master("C1", "C2")
    header = "customer_id,factor,rating,assessed_on,assessor"
    write_csv(
        installation.landing / "account_assessments_2026-01-10.csv",
        f"{header}\nC1,reputation,6,2026-01-10,Anna\nC1,product_need,4,2026-01-10,Anna\n"
        "C2,reputation,5,2026-01-10,Tom",
    )
    write_csv(
        installation.landing / "account_assessments_2026-02-10.csv",
        f"{header}\nC2,reputation,7,2026-01-10,Tom\nC1,reputation,7,2026-02-10,Anna",
    )
    installation.ingest()
    write_csv(
        installation.landing / "account_assessments_2026-03-01.csv",
        f"{header}\nC1,reputation,8.5,2026-01-10,Bruno",
    )
    installation.ingest()
    assert installation.query(
        "select customer_id, factor, assessed_on::varchar, rating::double, assessor, "
        "source_file_name from raw.account_assessments order by all"
    ) == [
        ("C1", "product_need", "2026-01-10", 4.0, "Anna", "account_assessments_2026-01-10.csv"),
        ("C1", "reputation", "2026-01-10", 8.5, "Bruno", "account_assessments_2026-03-01.csv"),
        ("C1", "reputation", "2026-02-10", 7.0, "Anna", "account_assessments_2026-02-10.csv"),
        ("C2", "reputation", "2026-01-10", 7.0, "Tom", "account_assessments_2026-02-10.csv"),
    ]


def deliver_feedback_in_two_runs(installation) -> None:
    """Three feedback files: two in one run (the second without until and note), one in a
    later run with its columns in another order."""
    installation.deliver_master("C1", "C2")
    write_csv(
        installation.landing / "action_feedback_2026-11-20.csv",
        "customer_id,signal,status,recorded_on,until,by,note\n"
        "C1,at_risk,snoozed,2026-11-20,2026-12-20,Anna,Back from holiday in December\n"
        "C1,loyalty,done,2026-11-20,,Anna,\n"
        "C2,no_kam,dismissed,2026-11-20,,Tom,Has a KAM since Monday",
    )
    write_csv(
        installation.landing / "action_feedback_2026-11-21.csv",
        "customer_id,signal,status,recorded_on,by\n"
        "C2,no_kam,done,2026-11-20,Maria\nC1,at_risk,done,2026-11-21,Anna",
    )
    installation.ingest()
    write_csv(
        installation.landing / "action_feedback_2026-11-25.csv",
        "by,customer_id,signal,status,recorded_on,until\nBruno,C1,at_risk,snoozed,2026-11-20,2027-01-15",
    )
    installation.ingest()


def test_a_feedback_delivered_again_replaces_the_earlier_one(installation):
    """Rows add up by (customer_id, signal, recorded_on): C2's no_kam of 2026-11-20 delivered
    again in a later file of the same run, and C1's at_risk of 2026-11-20 in a later run (its
    columns in another order), replace the earlier feedback whole, the note too. A file without
    the optional until and note columns leaves them null."""
    deliver_feedback_in_two_runs(installation)
    assert installation.query(
        'select customer_id, signal, recorded_on::varchar, status, until::varchar, "by", note, '
        "source_file_name from raw.action_feedback order by all"
    ) == [
        (
            "C1",
            "at_risk",
            "2026-11-20",
            "snoozed",
            "2027-01-15",
            "Bruno",
            None,
            "action_feedback_2026-11-25.csv",
        ),
        (
            "C1",
            "at_risk",
            "2026-11-21",
            "done",
            None,
            "Anna",
            None,
            "action_feedback_2026-11-21.csv",
        ),
        (
            "C1",
            "loyalty",
            "2026-11-20",
            "done",
            None,
            "Anna",
            None,
            "action_feedback_2026-11-20.csv",
        ),
        (
            "C2",
            "no_kam",
            "2026-11-20",
            "done",
            None,
            "Maria",
            None,
            "action_feedback_2026-11-21.csv",
        ),
    ]


def test_service_costs_redelivered_under_the_same_name_replace_their_rows(installation):
    installation.deliver_master("C1")
    header = "customer_id,cost_date,cost_type,amount"
    write_csv(
        installation.landing / "service_costs_2026-01.csv",
        f"{header}\nC1,2026-01-31,delivery,10\nC1,2026-01-31,visit,150",
    )
    write_csv(
        installation.landing / "service_costs_2026-02.csv", f"{header}\nC1,2026-02-28,delivery,20"
    )
    installation.ingest()
    write_csv(
        installation.landing / "service_costs_2026-01.csv", f"{header}\nC1,2026-01-31,delivery,12"
    )
    installation.ingest()
    assert installation.query(
        "select cost_date::varchar, cost_type, amount::double from raw.service_costs order by 1, 2"
    ) == [
        ("2026-01-31", "delivery", 12.0),
        ("2026-02-28", "delivery", 20.0),
    ]
