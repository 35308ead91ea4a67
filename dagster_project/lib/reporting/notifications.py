"""The operator's alerts: a daily run failed, the published file is stale or fresh again.

An alert is a short text: a first line that says what happened, then the details. It goes to
a webhook that takes Slack's `{"text": ...}` body (Slack's incoming webhooks, Mattermost's,
Rocket.Chat's) and to a log file, as configured (lib/configuration/settings.py, AlertSettings). A channel that
fails is reported, never raised: the other one still gets the alert, and the sensor that sent it
says in its tick what failed (defs/alerts/sensors.py).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from dagster_project.lib.configuration.as_of_dates import schedule_timezone
from dagster_project.lib.configuration.settings import (
    ENV_ALERT_LOG,
    ENV_ALERT_WEBHOOK,
    ENV_STALE_AFTER_HOURS,
    AlertSettings,
)

WEBHOOK_TIMEOUT_SECONDS = 10
TITLE = "Key accounts"


@dataclass(frozen=True)
class Delivery:
    """Which channels took an alert, and why the others did not."""

    delivered: tuple[str, ...]
    failures: tuple[str, ...]

    def summary(self) -> str:
        if not self.delivered and not self.failures:
            return f"delivered nowhere: {ENV_ALERT_WEBHOOK} is empty and {ENV_ALERT_LOG} is off"
        parts = [f"delivered to {' and '.join(self.delivered)}"] if self.delivered else []
        if self.failures:
            parts.append(f"not delivered to {'; '.join(self.failures)}")
        return "; ".join(parts)


def deliver(text: str, settings: AlertSettings, at: datetime | None = None) -> Delivery:
    """Send the alert through every configured channel; a failure does not stop the others.
    `at`: the time the log entry gives (default: now, in the schedule's time zone)."""
    at = at or datetime.now(ZoneInfo(schedule_timezone()))
    channels: list[tuple[str, Callable[[], None]]] = []
    if settings.webhook_url:
        # Only the host is named: the rest of a webhook's URL is its secret.
        host = urlsplit(settings.webhook_url).netloc.rpartition("@")[2]
        channels.append(
            (f"the webhook at {host}", lambda: post_to_webhook(settings.webhook_url, text))
        )
    if settings.log_file:
        log_file = settings.log_file
        channels.append((f"the log file {log_file}", lambda: append_to_log(log_file, text, at)))
    delivered, failures = [], []
    for channel, send in channels:
        try:
            send()
        except (OSError, ValueError) as error:
            failures.append(f"{channel} ({_reason(error)})")
        else:
            delivered.append(channel)
    return Delivery(tuple(delivered), tuple(failures))


def post_to_webhook(url: str, text: str) -> None:
    body = json.dumps({"text": text}).encode()
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
        response.read()


def append_to_log(path: Path, text: str, at: datetime) -> None:
    """One entry: the time and the first line, then the other lines indented under it."""
    first, *rest = text.splitlines()
    entry = "".join(
        [f"{at.isoformat(timespec='seconds')} {first}\n", *(f"  {line}\n" for line in rest)]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(entry)


def _reason(error: Exception) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return f"no answer within {WEBHOOK_TIMEOUT_SECONDS} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason)


def local_time(timestamp: float) -> str:
    """A moment as the operator reads it: in the schedule's time zone, to the second."""
    moment = datetime.fromtimestamp(timestamp, ZoneInfo(schedule_timezone()))
    return moment.strftime("%Y-%m-%d %H:%M:%S %Z")


def run_link(ui_url: str, run_id: str) -> str:
    return f"{ui_url}/runs/{run_id}"


def _dates_label(days: Sequence[date]) -> str:
    if not days:
        return "without an as-of date"
    if len(days) == 1:
        return f"as of {days[0]}"
    return f"as of {days[0]} to {days[-1]} ({len(days)} dates)"


def run_failure_text(
    job: str,
    run_id: str,
    as_of_dates: Sequence[date],
    failed_steps: Sequence[tuple[str, str]],
    run_error: str,
    ui_url: str,
) -> str:
    """`failed_steps`: (step, its error as the operator reads it); `run_error`: the run's own
    failure message, said when no step failed (the run could not start, or its process died)."""
    lines = [
        f"{TITLE}: the {job} run {_dates_label(as_of_dates)} failed.",
        f"Run {run_id}: {run_link(ui_url, run_id)}",
    ]
    lines += [f"Step {step} failed: {error}" for step, error in failed_steps]
    if not failed_steps:
        lines.append(f"No step failed: {run_error}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Publication:
    """The latest successful publish: when (a timestamp) and by which run ("" for none)."""

    timestamp: float
    run_id: str


def _publication(last: Publication | None, ui_url: str) -> str:
    if last is None:
        return "none recorded in the Dagster instance"
    when = local_time(last.timestamp)
    return f"{when}, by run {last.run_id}: {run_link(ui_url, last.run_id)}" if last.run_id else when


def stale_text(published: Path, last: Publication | None, hours: float, ui_url: str) -> str:
    return "\n".join(
        [
            f"{TITLE}: the published file is stale: no successful publish for more than "
            f"{hours:g} hours ({ENV_STALE_AFTER_HOURS}).",
            f"File: {published}",
            f"Last published: {_publication(last, ui_url)}",
        ]
    )


def fresh_again_text(published: Path, last: Publication | None, ui_url: str) -> str:
    return "\n".join(
        [
            f"{TITLE}: the published file is fresh again.",
            f"File: {published}",
            f"Published: {_publication(last, ui_url)}",
        ]
    )
