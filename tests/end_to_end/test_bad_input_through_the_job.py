"""Bad input through the whole daily job (docs/operations.md, "Bad input").

A few bad files of tests/end_to_end/bad_input_cases.py go through the daily job of a copy of the
hand book: the run fails with the paragraph of the failed validation, the dataset's blocking
check fails, and the published file's bytes stay as they were. Valid but unusual deliveries
pass: good data with checks counting 0, a feedback file without its optional columns, tricky
but valid values stored verbatim, unknown customers let through with a warning.
"""

from datetime import date

import duckdb
import pytest

from dagster_project.lib.configuration.settings import PipelinePaths
from tests.end_to_end.bad_input_cases import (
    CASES,
    GOOD_SALES,
    SALES,
    assert_quarantined_with_nothing_ingested,
    dataset_of,
    deliver_and_run,
    truncated_parquet,
)
from tests.hand_book import AS_OF


@pytest.fixture
def hand_book(hand_book_published, copy_of) -> PipelinePaths:
    """A copy of the hand book published as of AS_OF."""
    return copy_of(hand_book_published)


# Through the whole job: a file the suite rejects, one that cannot be read, other datasets'.
END_TO_END_CASES = [
    "quantity 0",
    "truncated Parquet",
    "reputation above 10",
    "override to a tier not configured",
    "assessment of an undeclared factor",
    "feedback on a signal kam_actions does not raise",
]


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("name", "content", "problem", "count"),
    [c[1:] for c in CASES if c[0] in END_TO_END_CASES],
    ids=END_TO_END_CASES,
)
def test_a_run_given_a_bad_file_fails_and_publishes_nothing(
    hand_book, tmp_path, monkeypatch, name, content, problem, count
):
    if content is None:
        content = truncated_parquet(tmp_path)
    run, (published_before, raw_before) = deliver_and_run(
        hand_book, monkeypatch, {name: content, "sales_lines_good.csv": GOOD_SALES}
    )

    assert not run.success
    [message] = run.failures
    assert_quarantined_with_nothing_ingested(hand_book, message, raw_before, name, problem, count)
    assert hand_book.published.read_bytes() == published_before
    # The blocking Great Expectations check of the dataset failed.
    assert run.checks[f"{dataset_of(name)}_files_meet_their_contract"] is False


@pytest.mark.e2e
def test_the_published_file_stays_byte_identical_when_validation_fails(hand_book, monkeypatch):
    """The same guarantee seen by a BI reader: the figures it reads are the previous run's."""
    run, _ = deliver_and_run(
        hand_book,
        monkeypatch,
        {"sales_lines_bad.csv": f"{SALES}\nX,1,2026-06-29,001,P1,0,10,0,EUR"},
    )
    assert not run.success
    with duckdb.connect(str(hand_book.published), read_only=True) as conn:
        assert conn.execute("select count(*) from customer_scores").fetchone() == (6,)


@pytest.mark.e2e
def test_good_data_passes_every_expectation_with_zero_unexpected(hand_book, monkeypatch):
    """The metrics are real: a valid delivery passes, and its checks report counts of 0."""
    run, _ = deliver_and_run(hand_book, monkeypatch, {"sales_lines_good.csv": GOOD_SALES})
    assert run.success, run.failures
    assert run.checks["sales_lines_files_meet_their_contract"] is True
    assert list(hand_book.quarantine_dir.iterdir()) == []


@pytest.mark.e2e
def test_a_feedback_file_without_until_and_note_reaches_staging_with_them_null(
    hand_book, monkeypatch
):
    """The optional columns left out of a file: the run passes, and stg_raw__action_feedback
    has all its columns, snoozed_until and feedback_note null."""
    run, _ = deliver_and_run(
        hand_book,
        monkeypatch,
        {
            "action_feedback_2026-06-30.csv": "customer_id,signal,status,recorded_on,by\n"
            "001,at_risk,done,2026-06-29,Anna\n002,loyalty,dismissed,2026-06-30,Tom"
        },
    )
    assert run.success, run.failures
    assert run.checks["action_feedback_files_meet_their_contract"] is True
    with duckdb.connect(str(hand_book.warehouse), read_only=True) as conn:
        relation = conn.sql("select * from staging.stg_raw__action_feedback order by all")
        assert relation.columns == [
            "customer_id",
            "signal",
            "feedback_status",
            "recorded_on",
            "snoozed_until",
            "recorded_by",
            "feedback_note",
            "source_file_name",
        ]
        assert relation.fetchall() == [
            (
                "001",
                "at_risk",
                "done",
                date(2026, 6, 29),
                None,
                "Anna",
                None,
                "action_feedback_2026-06-30.csv",
            ),
            (
                "002",
                "loyalty",
                "dismissed",
                date(2026, 6, 30),
                None,
                "Tom",
                None,
                "action_feedback_2026-06-30.csv",
            ),
        ]


VALID_TRICKY = (
    "customer_id,customer_name,industry\n"
    '001,"Müller, ""Söhne"" & Co.",Ëlectronics\n'
    "002,Robert'); drop table raw.customers;--,Retail\n"
    "0003,Ørsted Åb,Energy\n"
    # The customers with sales in the window stay in the snapshot (a snapshot dropping them fails).
    "003,Three Inc,Machinery\n004,Vier GmbH,Machinery\n005,Cinq SA,Textiles\n"
)


@pytest.mark.e2e
def test_tricky_but_valid_values_are_stored_verbatim(hand_book, monkeypatch):
    run, _ = deliver_and_run(hand_book, monkeypatch, {"customers_2026-06-30.csv": VALID_TRICKY})
    assert run.success, run.failures
    with duckdb.connect(str(hand_book.warehouse), read_only=True) as conn:
        assert conn.execute(
            "select customer_id, customer_name, industry from raw.customers order by 1"
        ).fetchall() == [
            ("0003", "Ørsted Åb", "Energy"),
            ("001", 'Müller, "Söhne" & Co.', "Ëlectronics"),
            ("002", "Robert'); drop table raw.customers;--", "Retail"),
            ("003", "Three Inc", "Machinery"),
            ("004", "Vier GmbH", "Machinery"),
            ("005", "Cinq SA", "Textiles"),
        ]


@pytest.mark.e2e
def test_unknown_customers_can_be_let_through_with_a_warning(hand_book, monkeypatch):
    from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE

    config = DEFAULT_CONFIG_FILE.read_text().replace(
        "unknown_customer: fail", "unknown_customer: warn"
    )
    run, _ = deliver_and_run(
        hand_book,
        monkeypatch,
        {"sales_lines_new.csv": f"{SALES}\nX,1,2026-06-29,999,P1,1,10,0,EUR"},
        config=config,
    )
    assert run.success, run.failures
    assert run.checks["sales_lines_files_meet_their_contract"] is True
    assert run.checks["sales_lines_files_raise_no_warnings"] is False
    with duckdb.connect(str(hand_book.warehouse), read_only=True) as conn:
        assert conn.execute(
            "select count(*) from raw.sales_lines where customer_id = '999'"
        ).fetchone() == (1,)


def test_validation_dates_are_today_not_the_as_of_date():
    # The future-date rule is about deliveries, so it uses the day the run happens.
    assert date.today() > AS_OF
