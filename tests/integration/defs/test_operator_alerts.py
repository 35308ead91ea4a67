"""Alerts to the operator (README, "Alerts to the operator"): a failed daily run and a stale
published file reach a webhook (a local HTTP server here) and a log file, once each; a channel
that is down is reported in the sensor's tick, and the sensor goes on.

One failing run of the real job (a sales file its Great Expectations suite rejects, delivered to
a copy of the hand book) serves every run-failure test: each evaluates the sensor from a cursor
taken before that run, so each sees the failure as new. The freshness test drives Dagster's own
freshness daemon at frozen moments after the hand book's publish.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dagster as dg
import pytest

from dagster_project.lib.configuration.settings import (
    DEFAULT_STALE_AFTER_HOURS,
    DEFAULT_UI_URL,
    ENV_ALERT_LOG,
    ENV_ALERT_WEBHOOK,
    ENV_AUTOMATION,
    ENV_LANDING_DIR,
    ENV_STALE_AFTER_HOURS,
    ENV_UI_URL,
    REPO_ROOT,
    AlertSettings,
    SettingsError,
    stale_after_hours,
)
from dagster_project.lib.dagster.event_log_storage import instance_at
from dagster_project.lib.reporting.notifications import (
    Publication,
    append_to_log,
    deliver,
    fresh_again_text,
    run_failure_text,
    stale_text,
)
from tests.conftest import DailyRun, run_job, use_installation, write_csv
from tests.hand_book import AS_OF
from tests.installations import copy_installation

ALERT_VARIABLES = (ENV_ALERT_WEBHOOK, ENV_ALERT_LOG, ENV_UI_URL, ENV_STALE_AFTER_HOURS)
# A return line of quantity 0: the sales_lines suite rejects it
# (tests/end_to_end/test_bad_input_sales_lines.py).
BAD_SALES = """
    order_id,line_number,order_date,customer_id,product_id,quantity,unit_price,discount,currency
    X,1,2026-06-29,001,P1,0,10,0,EUR
"""
# The ingestion step, where the suites run as blocking checks.
INGESTION_STEP = "raw_tables"
LOG_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"


@dataclass
class Webhook:
    host: str
    # (path, Content-Type, JSON body) of each POST received
    posts: list[tuple[str, str, dict]] = field(default_factory=list)

    @property
    def url(self) -> str:
        # The path stands for a Slack webhook's secret part.
        return f"http://{self.host}/services/T0/B0/secret"


@contextmanager
def webhook_answering(status: int) -> Iterator[Webhook]:
    """A webhook on 127.0.0.1 that records each POST and answers with `status`."""
    posts: list[tuple[str, str, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            posts.append((self.path, self.headers["Content-Type"], json.loads(body)))
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Webhook(f"127.0.0.1:{server.server_port}", posts)
    finally:
        server.shutdown()
        server.server_close()


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


def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on: a webhook that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tick(sensor: dg.SensorDefinition, instance: dg.DagsterInstance, cursor: str | None):
    return sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=cursor))


@dataclass(frozen=True)
class FailedRun:
    instance: dg.DagsterInstance
    run: DailyRun
    # the run-failure sensor's cursor before the run
    cursor_before: str


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


@pytest.mark.e2e
def test_a_stale_published_file_is_told_once_and_so_is_its_recovery(
    hand_book_published, copy_of, webhook, alert_env
):
    """The hand book was published minutes ago: 25 hours later it is fresh (no alert), 26 hours
    and a minute later stale (one alert, however often the daemon and the sensor look), and a
    publish an hour after that makes it fresh again (one alert)."""
    from dagster._core.test_utils import freeze_time

    from dagster_project.defs.alerts.sensors import published_freshness_sensor
    from dagster_project.defs.publish.assets import published_tables

    paths = copy_of(hand_book_published)
    alert_env.setenv(ENV_ALERT_WEBHOOK, webhook.url)
    alert_env.setenv(ENV_ALERT_LOG, "off")
    sensor = published_freshness_sensor()
    with (
        instance_at(os.environ["DAGSTER_HOME"]) as instance,
        freshness_daemon(instance) as evaluate,
    ):
        publish = max(
            (
                instance.fetch_materializations(key, limit=1).records[0]
                for key in published_tables.keys
            ),
            key=lambda record: record.timestamp,
        )
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
        with freeze_time(republished):
            for key in published_tables.keys:
                instance.report_runless_asset_event(dg.AssetMaterialization(key))
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


def test_alert_settings_defaults_and_their_refusals(alert_env, tmp_path):
    alert_env.setenv(ENV_LANDING_DIR, str(tmp_path / "in" / "landing"))
    assert AlertSettings.from_env() == AlertSettings(
        webhook_url=None, log_file=tmp_path / "in" / "alerts.log", ui_url="http://127.0.0.1:3000"
    )
    assert stale_after_hours() == 26
    alert_env.setenv(ENV_ALERT_LOG, "OFF")
    alert_env.setenv(ENV_STALE_AFTER_HOURS, "0.5")
    assert AlertSettings.from_env().log_file is None and stale_after_hours() == 0.5

    alert_env.setenv(ENV_ALERT_WEBHOOK, "hooks.slack.com/services/T0/B0/secret")
    with pytest.raises(SettingsError) as refused:
        AlertSettings.from_env()
    # A webhook's URL is a secret: the message does not repeat it.
    assert str(refused.value) == (
        "KEY_ACCOUNTS_ALERT_WEBHOOK must be an http:// or https:// URL, or empty (no webhook; "
        "the default)."
    )
    for hours in ("0", "-3", "a day", "inf"):
        alert_env.setenv(ENV_STALE_AFTER_HOURS, hours)
        with pytest.raises(
            SettingsError, match=f"KEY_ACCOUNTS_STALE_AFTER_HOURS='{hours}' must be"
        ):
            stale_after_hours()


def test_the_alert_sensors_start_stopped_unless_automation_is_on(alert_env, dbt_manifest):
    from dagster_project.defs.alerts.sensors import (
        daily_run_failure_sensor,
        published_freshness_sensor,
    )

    for automation, status in (("off", "STOPPED"), ("on", "RUNNING")):
        alert_env.setenv(ENV_AUTOMATION, automation)
        for sensor in (daily_run_failure_sensor(), published_freshness_sensor()):
            assert sensor.default_status == dg.DefaultSensorStatus[status], sensor.name


def readme_alerts_section() -> str:
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme.split("### Alerts to the operator\n", 1)[1]
    return re.split(r"\n##+ ", section, maxsplit=1)[0]  # up to the next heading


def test_the_readme_lists_each_alert_variable_with_its_default():
    rows = dict(
        re.findall(r"^\| `(KEY_ACCOUNTS_\w+)` \| ([^|]+) \|", readme_alerts_section(), re.M)
    )
    assert sorted(rows) == sorted(ALERT_VARIABLES)
    assert rows[ENV_ALERT_WEBHOOK].startswith("empty: no webhook")
    assert rows[ENV_ALERT_LOG].startswith("`data/alerts.log`")
    assert rows[ENV_STALE_AFTER_HOURS].startswith(f"`{DEFAULT_STALE_AFTER_HOURS:g}`")
    assert rows[ENV_UI_URL].startswith(f"`{DEFAULT_UI_URL}`")


def test_the_readme_examples_are_the_messages_the_sensors_send(alert_env, tmp_path):
    """The README's messages, rebuilt from their figures by the code that writes them."""
    failure, log_entries = re.findall(r"```text\n(.*?)```", readme_alerts_section(), re.S)
    run_id = "0643fe2d-9056-42ab-82bf-d945986931f5"
    paragraph = failure.splitlines()[2].removeprefix("Step raw_tables failed: ")
    assert (
        failure
        == run_failure_text(
            "daily_key_accounts", run_id, [AS_OF], [("raw_tables", paragraph)], "", DEFAULT_UI_URL
        )
        + "\n"
    )

    published = Path("/srv/key-accounts/data/published/key_accounts.duckdb")
    at = [datetime(2026, 7, 1, 8, 4, 40, tzinfo=UTC), datetime(2026, 7, 1, 9, 12, 40, tzinfo=UTC)]
    last = Publication(
        datetime(2026, 6, 30, 6, 4, 12, tzinfo=UTC).timestamp(),
        "77c217a2-a339-46cf-ad44-898f84e58c93",
    )
    again = Publication(
        datetime(2026, 7, 1, 9, 12, 5, tzinfo=UTC).timestamp(),
        "5b1d0c9e-2f4a-4c77-9a51-0e3d2f6b8a10",
    )
    log = tmp_path / "alerts.log"
    append_to_log(
        log, stale_text(published, last, DEFAULT_STALE_AFTER_HOURS, DEFAULT_UI_URL), at[0]
    )
    append_to_log(log, fresh_again_text(published, again, DEFAULT_UI_URL), at[1])
    assert log.read_text() == log_entries
