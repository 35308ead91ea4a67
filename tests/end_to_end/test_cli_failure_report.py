"""The failure report `key-accounts run` prints when a run fails: a full disk said plainly on its
first line, the root cause of an unexpected error first, a failure's own message as it is."""

from types import SimpleNamespace

import pytest

from dagster_project.cli.running import _failure_report


def error_info(message: str, cls_name: str, cause=None, context=None):
    from dagster._utils.error import SerializableErrorInfo

    return SerializableErrorInfo(f"{message}\n", ["  File ...\n"], cls_name, cause, context)


def step_wrapper(step: str, cause):
    """How Dagster records an exception a step raised: its own error, the step's as the cause."""
    return error_info(
        "dagster._core.errors.DagsterExecutionStepExecutionError: "
        f'Error occurred while executing op "{step}":',
        "DagsterExecutionStepExecutionError",
        cause=cause,
    )


def failed_run(step: str, error) -> SimpleNamespace:
    """A result of execute_in_process with one step failure, as the failure report reads it."""
    event = SimpleNamespace(
        is_step_failure=True, step_key=step, step_failure_data=SimpleNamespace(error=error)
    )
    return SimpleNamespace(all_events=[event])


DISK_FULL_OS_ERROR = error_info(
    "OSError: [Errno 28] No space left on device: '/srv/data/published/key_accounts.duckdb'",
    "OSError",
)
DISK_FULL_DUCKDB = error_info(
    'duckdb.duckdb.IOException: IO Error: Could not write file "/srv/data/warehouse.duckdb.wal": '
    "No space left on device",
    "IOException",
)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            step_wrapper(
                "published_tables",
                error_info(
                    "RuntimeError: could not publish", "RuntimeError", cause=DISK_FULL_OS_ERROR
                ),
            ),
            "  step published_tables: the disk is full (No space left on device) while "
            "[Errno 28] No space left on device: '/srv/data/published/key_accounts.duckdb'; "
            "free space on /srv/data/published/key_accounts.duckdb and run again",
        ),
        (
            # Raised while handling DuckDB's error (an implicit context, not a cause).
            step_wrapper(
                "raw_tables",
                error_info("KeyError: 'rows'", "KeyError", context=DISK_FULL_DUCKDB),
            ),
            "  step raw_tables: the disk is full (No space left on device) while IO Error: "
            'Could not write file "/srv/data/warehouse.duckdb.wal": No space left on device; '
            "free space on /srv/data/warehouse.duckdb.wal and run again",
        ),
        (
            error_info(
                "dagster._core.definitions.events.Failure: could not archive the delivery",
                "Failure",
                cause=error_info("OSError: [Errno 28] No space left on device", "OSError"),
            ),
            "  step raw_tables: the disk is full (No space left on device) while "
            "[Errno 28] No space left on device; free space on the disk and run again",
        ),
    ],
    ids=["OSError two causes down", "DuckDB's IOException as the context", "behind a Failure"],
)
def test_a_full_disk_is_said_plainly_on_the_first_line_of_the_failure_report(error, expected):
    step = expected.split()[1].removesuffix(":")
    assert _failure_report(failed_run(step, error)).splitlines()[0] == expected


def test_the_failure_report_names_the_root_cause_of_an_unexpected_error_first():
    root = error_info("ValueError: could not convert string to float: 'n/a'", "ValueError")
    error = step_wrapper(
        "published_tables", error_info("RuntimeError: could not publish", "RuntimeError", root)
    )
    assert _failure_report(failed_run("published_tables", error)).splitlines() == [
        "  step published_tables: ValueError: could not convert string to float: 'n/a'",
        "    leading to: RuntimeError: could not publish",
    ]


def test_the_failure_report_shows_a_failures_own_message():
    error = error_info(
        "dagster._core.definitions.events.Failure: No sales_lines file has ever been delivered.",
        "Failure",
    )
    assert _failure_report(failed_run("raw_tables", error)) == (
        "  step raw_tables: No sales_lines file has ever been delivered."
    )
