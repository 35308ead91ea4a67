"""Alerts to the operator: a daily run failed, the published file is stale or fresh again.

Both sensors start stopped unless KEY_ACCOUNTS_AUTOMATION=on, as the schedule does, and deliver
through lib/reporting/notifications.py to KEY_ACCOUNTS_ALERT_WEBHOOK and KEY_ACCOUNTS_ALERT_LOG. Whether the
published file is stale is Dagster's judgement: the freshness policy of the published tables
(defs/publish/assets.py), evaluated by Dagster's freshness daemon, which records each change of
state; the sensor tells each change between stale and fresh once.
"""

import json

import dagster as dg

# Dagster exports the freshness states only from here; a test drives the real daemon, so a
# change of this interface shows there.
from dagster._core.definitions.freshness import FreshnessState

from dagster_project.defs.daily_run.jobs import daily_key_accounts_job
from dagster_project.defs.daily_run.partitions import as_of_dates_of
from dagster_project.defs.ingestion.sensors import default_sensor_status
from dagster_project.defs.publish.assets import published_tables
from dagster_project.lib.configuration.settings import (
    ENV_ALERT_LOG,
    ENV_ALERT_WEBHOOK,
    ENV_AUTOMATION,
    ENV_STALE_AFTER_HOURS,
    AlertSettings,
    PipelinePaths,
    stale_after_hours,
)
from dagster_project.lib.reporting import notifications

# The step's error as `key-accounts run` prints it: a dg.Failure's message, or the root cause.
from dagster_project.lib.reporting.step_errors import step_error_text

DELIVERY_NOTE = (
    f"Delivered to {ENV_ALERT_WEBHOOK} and {ENV_ALERT_LOG}; runs by default when "
    f"{ENV_AUTOMATION}=on."
)


class AlertNotDelivered(RuntimeError):
    """A channel did not take an alert; the message says which and why."""


def _deliver(context, text: str, settings: AlertSettings) -> notifications.Delivery:
    """Send the alert; the sensor's tick log says where it went, as an error if it failed."""
    delivery = notifications.deliver(text, settings)
    if delivery.failures:
        log = context.log.error
    elif not delivery.delivered:
        log = context.log.warning
    else:
        log = context.log.info
    log(f"Alert {delivery.summary()}:\n{text}")
    return delivery


def run_failure_text(context: dg.RunFailureSensorContext, ui_url: str) -> str:
    run = context.dagster_run
    failed_steps = [
        (
            event.step_key or "?",
            step_error_text(event.step_failure_data.error)
            if event.step_failure_data and event.step_failure_data.error
            else "failed",
        )
        for event in context.get_step_failure_events()
    ]
    return notifications.run_failure_text(
        job=run.job_name,
        run_id=run.run_id,
        as_of_dates=as_of_dates_of(run.tags, context.instance),
        failed_steps=failed_steps,
        run_error=context.failure_event.message or "",
        ui_url=ui_url,
    )


def daily_run_failure_sensor() -> dg.SensorDefinition:
    settings = AlertSettings.from_env()

    @dg.run_failure_sensor(
        name="daily_run_failure_sensor",
        monitored_jobs=[daily_key_accounts_job],
        default_status=default_sensor_status(),
        description="Tells the operator that a run of the daily job failed: its as-of dates, "
        f"each failed step with its error, and the run's page in the UI. {DELIVERY_NOTE}",
    )
    def _sensor(context: dg.RunFailureSensorContext) -> None:
        delivery = _deliver(context, run_failure_text(context, settings.ui_url), settings)
        if delivery.failures:
            # The tick fails with this message; Dagster does not evaluate a run-status sensor on
            # the same run again, so the channels that took the alert do not get it twice.
            raise AlertNotDelivered(
                f"The alert for run {context.dagster_run.run_id} was {delivery.summary()}."
            )

    return _sensor


def latest_publication(instance: dg.DagsterInstance, keys) -> notifications.Publication | None:
    entries = [
        entry for entry in instance.get_latest_materialization_events(keys).values() if entry
    ]
    if not entries:
        return None
    latest = max(entries, key=lambda entry: entry.timestamp)
    return notifications.Publication(latest.timestamp, latest.run_id)


def published_freshness_sensor() -> dg.SensorDefinition:
    settings = AlertSettings.from_env()
    hours = stale_after_hours()
    keys = sorted(published_tables.keys)

    @dg.sensor(
        name="published_freshness_sensor",
        minimum_interval_seconds=60,
        default_status=default_sensor_status(),
        description="Tells the operator once when the published file turns stale (no publish "
        f"succeeded for {ENV_STALE_AFTER_HOURS}, {hours:g} h: the published tables' freshness "
        f"policy, evaluated by Dagster's freshness daemon), and once when it is fresh again. "
        f"{DELIVERY_NOTE}",
    )
    def _sensor(
        context: dg.SensorEvaluationContext, paths: dg.ResourceParam[PipelinePaths]
    ) -> dg.SensorResult | dg.SkipReason:
        states = context.instance.get_freshness_state_records(keys)
        if not states:
            return dg.SkipReason(
                "Dagster's freshness daemon has not evaluated the published tables yet."
            )
        stale = any(state.freshness_state == FreshnessState.FAIL for state in states.values())
        told_stale = json.loads(context.cursor)["stale"] if context.cursor else False
        if stale == told_stale:
            return dg.SkipReason(
                f"The published file is {'still stale' if stale else 'fresh'}: nothing new to tell."
            )
        last = latest_publication(context.instance, keys)
        text = (
            notifications.stale_text(paths.published, last, hours, settings.ui_url)
            if stale
            else notifications.fresh_again_text(paths.published, last, settings.ui_url)
        )
        delivery = _deliver(context, text, settings)
        # Told once, whatever the channels did: trying again would repeat it where it arrived.
        return dg.SensorResult(
            cursor=json.dumps({"stale": stale}),
            skip_reason=f"{text.splitlines()[0]} Alert {delivery.summary()}.",
        )

    return _sensor


@dg.definitions
def alert_sensors() -> dg.Definitions:
    return dg.Definitions(sensors=[daily_run_failure_sensor(), published_freshness_sensor()])
