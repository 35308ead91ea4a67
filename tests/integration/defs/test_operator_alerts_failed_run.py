"""Alerts to the operator (README, "Alerts to the operator"): a failed daily run reaches a
webhook (a local HTTP server here) and a log file, once each; a channel that is down or
answers an error is reported in the sensor's tick, and the sensor goes on.

One failing run of the real job (a sales file its Great Expectations suite rejects, delivered to
a copy of the hand book) serves every run-failure test: each evaluates the sensor from a cursor
taken before that run, so each sees the failure as new.
"""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime

import pytest

from dagster_project.lib.configuration.settings import (
    ENV_ALERT_LOG,
    ENV_ALERT_WEBHOOK,
    ENV_UI_URL,
    AlertSettings,
)
from dagster_project.lib.reporting.notifications import (
    deliver,
)
from tests.conftest import DailyRun
from tests.hand_book import AS_OF
from tests.integration.defs.operator_alerts_helpers import (
    tick,
    webhook_answering,
)

# The ingestion step, where the suites run as blocking checks.
INGESTION_STEP = "raw_tables"
LOG_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"


def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on: a webhook that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def failure_lines(run: DailyRun, ui_url: str = "http://127.0.0.1:3000") -> list[str]:
    """The alert of the failed run, line by line: the GX paragraph is the one the run reports."""
    [message] = run.failures
    paragraph = message.strip()
    assert paragraph.startswith("Validation failed for 1 landed file(s)")
    assert "sales_lines_bad.csv" in paragraph and "Traceback" not in paragraph
    return [
        f"Key accounts: the daily_key_accounts run as of {AS_OF} failed.",
        f"Run {run.run_id}: {ui_url}/runs/{run.run_id}",
        f"Step {INGESTION_STEP} failed: {paragraph}",
    ]


@pytest.mark.e2e
def test_a_failed_daily_run_posts_one_alert_to_the_webhook(failed_run, webhook, alert_env):
    from dagster_project.defs.alerts.sensors import daily_run_failure_sensor

    alert_env.setenv(ENV_ALERT_WEBHOOK, webhook.url)
    alert_env.setenv(ENV_ALERT_LOG, "off")
    sensor = daily_run_failure_sensor()

    first = tick(sensor, failed_run.instance, failed_run.cursor_before)
    assert [reaction.error for reaction in first.dagster_run_reactions] == [None]
    # The next tick has nothing new: the failure is told once.
    assert tick(sensor, failed_run.instance, first.cursor).dagster_run_reactions == []

    text = "\n".join(failure_lines(failed_run.run))
    assert webhook.posts == [("/services/T0/B0/secret", "application/json", {"text": text})]


@pytest.mark.e2e
def test_the_alert_of_a_failed_run_is_appended_to_the_log_file(failed_run, alert_env, tmp_path):
    from dagster_project.defs.alerts.sensors import daily_run_failure_sensor

    log = tmp_path / "ops" / "alerts.log"
    alert_env.setenv(ENV_ALERT_LOG, str(log))
    alert_env.setenv(ENV_UI_URL, "https://dagster.example.com/")
    tick(daily_run_failure_sensor(), failed_run.instance, failed_run.cursor_before)

    # One entry: the time and the first line, the others indented under it.
    first, *rest = failure_lines(failed_run.run, "https://dagster.example.com")
    header, *indented = log.read_text().splitlines()
    assert re.fullmatch(f"{LOG_TIME} {re.escape(first)}", header), header
    assert indented == [f"  {line}" for line in rest]


@pytest.mark.e2e
def test_a_webhook_that_is_down_is_reported_in_the_tick_and_the_log_still_gets_the_alert(
    failed_run, alert_env, tmp_path
):
    from dagster_project.defs.alerts.sensors import daily_run_failure_sensor

    port = closed_port()
    log = tmp_path / "alerts.log"
    alert_env.setenv(ENV_ALERT_WEBHOOK, f"http://127.0.0.1:{port}/services/T0/B0/secret")
    alert_env.setenv(ENV_ALERT_LOG, str(log))
    sensor = daily_run_failure_sensor()

    first = tick(sensor, failed_run.instance, failed_run.cursor_before)
    [reaction] = first.dagster_run_reactions
    run_id = failed_run.run.run_id
    assert reaction.dagster_run.run_id == run_id
    # The tick fails with what was delivered where; the webhook's secret path is not shown.
    assert reaction.error.cls_name == "AlertNotDelivered"
    assert reaction.error.message.strip() == (
        f"dagster_project.defs.alerts.sensors.AlertNotDelivered: The alert for run {run_id} was "
        f"delivered to the log file {log}; not delivered to the webhook at 127.0.0.1:{port} "
        "(Connection refused)."
    )
    assert log.read_text().splitlines()[1] == f"  Run {run_id}: http://127.0.0.1:3000/runs/{run_id}"
    # Not fatal: the sensor goes on from the next event, without sending the alert again.
    later = tick(sensor, failed_run.instance, first.cursor)
    assert later.dagster_run_reactions == [] and later.cursor == first.cursor
    assert len(log.read_text().splitlines()) == len(failure_lines(failed_run.run))


def test_a_webhook_answering_an_error_is_reported_and_the_log_still_written(tmp_path):
    log = tmp_path / "alerts.log"
    at = datetime(2026, 12, 1, 6, 4, 5, tzinfo=UTC)
    with webhook_answering(503) as hook:
        settings = AlertSettings(webhook_url=hook.url, log_file=log, ui_url="http://ui")
        delivery = deliver("Key accounts: first line.\nSecond line.", settings, at)
    assert hook.posts == [
        (
            "/services/T0/B0/secret",
            "application/json",
            {"text": "Key accounts: first line.\nSecond line."},
        )
    ]
    assert delivery.summary() == (
        f"delivered to the log file {log}; not delivered to the webhook at {hook.host} "
        "(HTTP 503 Service Unavailable)"
    )
    assert (
        log.read_text() == "2026-12-01T06:04:05+00:00 Key accounts: first line.\n  Second line.\n"
    )
