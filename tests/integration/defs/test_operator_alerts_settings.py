"""Alerts to the operator: the settings' defaults and refusals, the sensors' default status, and
the README's alerts section, whose variables and examples are what the sensors use and send.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
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
from dagster_project.lib.reporting.notifications import (
    Publication,
    append_to_log,
    fresh_again_text,
    run_failure_text,
    stale_text,
)
from tests.hand_book import AS_OF
from tests.integration.defs.operator_alerts_helpers import (
    ALERT_VARIABLES,
)


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
