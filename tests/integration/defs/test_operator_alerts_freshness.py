"""Alerts to the operator (README, "Alerts to the operator"): a stale published file, and its
recovery, reach the webhook once each.

The test drives Dagster's own freshness daemon at frozen moments after the hand book's publish.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import dagster as dg
import pytest

from dagster_project.lib.configuration.settings import (
    ENV_ALERT_LOG,
    ENV_ALERT_WEBHOOK,
    REPO_ROOT,
)
from dagster_project.lib.dagster.event_log_storage import instance_at
from tests.integration.defs.operator_alerts_helpers import (
    tick,
)


@contextmanager
def freshness_daemon(instance: dg.DagsterInstance) -> Iterator[Callable[[], object]]:
    """One evaluation of Dagster's freshness daemon a call, over the project's definitions
    loaded in this process, as `dagster dev` runs it every 30 seconds."""
    from dagster._core.remote_origin import InProcessCodeLocationOrigin
    from dagster._core.types.loadable_target_origin import LoadableTargetOrigin
    from dagster._core.workspace.context import WorkspaceProcessContext
    from dagster._core.workspace.load_target import InProcessWorkspaceLoadTarget
    from dagster._daemon.freshness import FreshnessDaemon

    origin = InProcessCodeLocationOrigin(
        LoadableTargetOrigin(
            module_name="dagster_project.definitions", working_directory=str(REPO_ROOT)
        )
    )
    with WorkspaceProcessContext(instance, InProcessWorkspaceLoadTarget(origin)) as workspace:
        yield lambda: list(FreshnessDaemon().run_iteration(workspace))


def utc(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def alerting_the_webhook_only(paths, webhook, alert_env):
    """The copy of the hand book at `paths`, its alerts to `webhook` and none to a log file."""
    alert_env.setenv(ENV_ALERT_WEBHOOK, webhook.url)
    alert_env.setenv(ENV_ALERT_LOG, "off")
    return paths


def last_publish(instance: dg.DagsterInstance):
    """The latest materialization of the published tables: the hand book's publish."""
    from dagster_project.defs.publish.assets import published_tables

    return max(
        (instance.fetch_materializations(key, limit=1).records[0] for key in published_tables.keys),
        key=lambda record: record.timestamp,
    )


def record_a_publish(instance: dg.DagsterInstance, timestamp: float) -> None:
    """A publish of the published tables at `timestamp`, as a run records it."""
    from dagster._core.test_utils import freeze_time

    from dagster_project.defs.publish.assets import published_tables

    with freeze_time(timestamp):
        for key in published_tables.keys:
            instance.report_runless_asset_event(dg.AssetMaterialization(key))


@pytest.mark.e2e
def test_a_stale_published_file_is_told_once_and_so_is_its_recovery(
    hand_book_published, copy_of, webhook, alert_env
):
    """The hand book was published minutes ago: 25 hours later it is fresh (no alert), 26 hours
    and a minute later stale (one alert, however often the daemon and the sensor look), and a
    publish an hour after that makes it fresh again (one alert)."""
    from dagster._core.test_utils import freeze_time

    from dagster_project.defs.alerts.sensors import published_freshness_sensor

    paths = alerting_the_webhook_only(copy_of(hand_book_published), webhook, alert_env)
    sensor = published_freshness_sensor()
    with (
        instance_at(os.environ["DAGSTER_HOME"]) as instance,
        freshness_daemon(instance) as evaluate,
    ):
        publish = last_publish(instance)
        cursor = None

        def look(hours: float):
            nonlocal cursor
            with freeze_time(publish.timestamp + hours * 3600):
                evaluate()
                result = tick(sensor, instance, cursor)
            cursor = result.cursor
            return result.skip_message

        assert look(25) == "The published file is fresh: nothing new to tell."
        assert webhook.posts == []

        stale = look(26 + 1 / 60)
        assert look(26.5) == "The published file is still stale: nothing new to tell."
        run_id = publish.run_id
        expected = [
            "Key accounts: the published file is stale: no successful publish for more than 26 "
            "hours (KEY_ACCOUNTS_STALE_AFTER_HOURS).",
            f"File: {paths.published}",
            f"Last published: {utc(publish.timestamp)}, by run {run_id}: "
            f"http://127.0.0.1:3000/runs/{run_id}",
        ]
        assert [post[2]["text"] for post in webhook.posts] == ["\n".join(expected)]
        assert (
            stale == f"{expected[0]} Alert delivered to the webhook at {webhook.url.split('/')[2]}."
        )

        # A publish (as a run records it), then the daemon's next look.
        republished = publish.timestamp + 27 * 3600
        record_a_publish(instance, republished)
        look(27 + 1 / 120)
        look(27.5)
        assert [post[2]["text"] for post in webhook.posts[1:]] == [
            "\n".join(
                [
                    "Key accounts: the published file is fresh again.",
                    f"File: {paths.published}",
                    f"Published: {utc(republished)}",
                ]
            )
        ]
