"""Fixtures of the alerts to the operator's tests (test_operator_alerts_*.py): a webhook, an
environment without alert variables, and one failing run of the real job per module.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dagster_project.lib.configuration.settings import (
    ENV_AUTOMATION,
)
from dagster_project.lib.dagster.event_log_storage import instance_at
from tests.conftest import run_job, use_installation, write_csv
from tests.hand_book import AS_OF
from tests.installations import copy_installation
from tests.integration.defs.operator_alerts_helpers import (
    ALERT_VARIABLES,
    BAD_SALES,
    FailedRun,
    Webhook,
    tick,
    webhook_answering,
)


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    with webhook_answering(200) as hook:
        yield hook


@pytest.fixture
def alert_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No alert variable set, whatever the environment of the test run has."""
    for name in (*ALERT_VARIABLES, ENV_AUTOMATION, "KEY_ACCOUNTS_SCHEDULE_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory, hand_book_published) -> Iterator[FailedRun]:
    """The daily job as of AS_OF on a copy of the hand book with a bad sales file: it fails."""
    from dagster_project.defs.alerts.sensors import daily_run_failure_sensor

    root = tmp_path_factory.mktemp("failed_run")
    copy_installation(hand_book_published.root, root)
    with pytest.MonkeyPatch.context() as patch:
        paths = use_installation(root, patch)
        write_csv(paths.landing_dir / "sales_lines_bad.csv", BAD_SALES)
        with instance_at(root / "dagster_home") as instance:
            cursor = tick(daily_run_failure_sensor(), instance, None).cursor
            run = run_job(instance, AS_OF)
            assert not run.success
            yield FailedRun(instance, run, cursor)
