"""Where the pipeline reads and writes: every path comes from a KEY_ACCOUNTS_* variable or a default in the repo."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DEFAULT_CONFIG_FILE = REPO_ROOT / "config" / "key_accounts.yml"
DEFAULT_DAGSTER_HOME = REPO_ROOT / "dagster_home"

ENV_LANDING_DIR = "KEY_ACCOUNTS_LANDING_DIR"
ENV_WAREHOUSE = "KEY_ACCOUNTS_WAREHOUSE"
ENV_PUBLISHED = "KEY_ACCOUNTS_PUBLISHED"
ENV_CONFIG = "KEY_ACCOUNTS_CONFIG"
ENV_DUCKDB_MEMORY_LIMIT = "KEY_ACCOUNTS_DUCKDB_MEMORY_LIMIT"
# Enough for tens of millions of lines (DuckDB spills the rest to disk), and well below the memory
# of a small machine, which DuckDB would otherwise take 80% of.
DEFAULT_DUCKDB_MEMORY_LIMIT = "4GB"
ENV_SETTLE_SECONDS = "KEY_ACCOUNTS_SETTLE_SECONDS"
# A landed file is taken once unchanged this long (or at once with its `.done` marker): long
# enough for an upload that pauses, short enough for the sensor's next tick to take it.
DEFAULT_SETTLE_SECONDS = 60.0
ENV_AUTOMATION = "KEY_ACCOUNTS_AUTOMATION"
# The schedule and the sensor start stopped, so browsing the UI (make ui) starts no run; a
# deployment sets KEY_ACCOUNTS_AUTOMATION=on and the daemon runs them (README, "Running it
# unattended"). Either can still be switched in the UI, which then overrides the default.
DEFAULT_AUTOMATION = "off"
AUTOMATION_VALUES = ("on", "off")
ENV_STALE_AFTER_HOURS = "KEY_ACCOUNTS_STALE_AFTER_HOURS"
# A day and two hours' grace: the 06:00 run publishes by about 06:05, so when a day's run has
# not published, the file turns stale at about 08:05.
DEFAULT_STALE_AFTER_HOURS = 26.0
ENV_ALERT_WEBHOOK = "KEY_ACCOUNTS_ALERT_WEBHOOK"
ENV_ALERT_LOG = "KEY_ACCOUNTS_ALERT_LOG"
ALERT_LOG_OFF = "off"
ENV_UI_URL = "KEY_ACCOUNTS_UI_URL"
# Where `make ui` serves the Dagster UI; an alert links to the run there.
DEFAULT_UI_URL = "http://127.0.0.1:3000"


class SettingsError(ValueError):
    """A path or setting the pipeline cannot work with; the message says which and why."""


def _number_from_env(
    environ: Mapping[str, str] | None, name: str, default: float, lowest: float, what: str
) -> float:
    env = os.environ if environ is None else environ
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        number = float(text)
    except ValueError:
        number = float("nan")  # refused below, as nan is in no range
    if not lowest <= number < float("inf"):
        raise SettingsError(f"{name}={text!r} must be {what}.")
    return number


def landing_settle_seconds(environ: Mapping[str, str] | None = None) -> float:
    """How long a landed file must stay unchanged before it is taken (lib/ingestion/landing.py)."""
    return _number_from_env(
        environ, ENV_SETTLE_SECONDS, DEFAULT_SETTLE_SECONDS, 0, "a number of seconds, 0 or more"
    )


def automation_on(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the schedule and the sensor run by default (until switched in the UI)."""
    env = os.environ if environ is None else environ
    text = env.get(ENV_AUTOMATION, "").strip().lower() or DEFAULT_AUTOMATION
    if text not in AUTOMATION_VALUES:
        raise SettingsError(
            f"{ENV_AUTOMATION}={text!r} must be on (the schedule and the sensor run) or off "
            f"(they start stopped; the default)."
        )
    return text == "on"


def stale_after_hours(environ: Mapping[str, str] | None = None) -> float:
    """How long after its last successful publish the published file counts as stale."""
    # Dagster evaluates freshness windows of a minute or more.
    return _number_from_env(
        environ,
        ENV_STALE_AFTER_HOURS,
        DEFAULT_STALE_AFTER_HOURS,
        1 / 60,
        "a number of hours, at least 1/60 (a minute)",
    )


@dataclass(frozen=True)
class AlertSettings:
    """Where the operator's alerts go (a run failed, the published file is stale): a webhook that
    takes Slack's `{"text": ...}` body, a log file, both, or neither; and the UI they link to."""

    webhook_url: str | None
    log_file: Path | None
    ui_url: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AlertSettings:
        env = os.environ if environ is None else environ
        webhook = env.get(ENV_ALERT_WEBHOOK, "").strip() or None
        if webhook is not None and not webhook.startswith(("http://", "https://")):
            # The value is not repeated: a webhook's URL is its password.
            raise SettingsError(
                f"{ENV_ALERT_WEBHOOK} must be an http:// or https:// URL, or empty (no webhook; "
                "the default)."
            )
        log_text = env.get(ENV_ALERT_LOG, "").strip()
        if log_text.lower() == ALERT_LOG_OFF:
            log_file = None
        else:
            # Beside the landing folder, as the archive and the quarantine are: data/alerts.log.
            default_log = PipelinePaths.from_env(env).landing_dir.parent / "alerts.log"
            log_file = _path_from_env(env, ENV_ALERT_LOG, default_log)
        ui_url = (env.get(ENV_UI_URL, "").strip() or DEFAULT_UI_URL).rstrip("/")
        return cls(webhook_url=webhook, log_file=log_file, ui_url=ui_url)


def warehouse_duckdb_config(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Settings of every DuckDB connection of the pipeline to its warehouse (dbt's profile reads
    the same variable). One process must open a database file with one set of settings."""
    env = os.environ if environ is None else environ
    return {
        "memory_limit": env.get(ENV_DUCKDB_MEMORY_LIMIT, "").strip() or DEFAULT_DUCKDB_MEMORY_LIMIT
    }


def _path_from_env(environ: Mapping[str, str], name: str, default: Path) -> Path:
    value = environ.get(name, "").strip()
    # A relative value is relative to where the user runs the command, as for any CLI path.
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class PipelinePaths:
    """Files and folders of one installation. Archive and quarantine sit beside the landing folder."""

    landing_dir: Path
    warehouse: Path
    published: Path
    config_file: Path

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PipelinePaths:
        env = os.environ if environ is None else environ
        return cls(
            landing_dir=_path_from_env(env, ENV_LANDING_DIR, REPO_ROOT / "data" / "landing"),
            warehouse=_path_from_env(env, ENV_WAREHOUSE, REPO_ROOT / "data" / "warehouse.duckdb"),
            published=_path_from_env(
                env, ENV_PUBLISHED, REPO_ROOT / "data" / "published" / "key_accounts.duckdb"
            ),
            config_file=_path_from_env(env, ENV_CONFIG, DEFAULT_CONFIG_FILE),
        )

    @property
    def archive_dir(self) -> Path:
        return self.landing_dir.parent / "archive"

    @property
    def quarantine_dir(self) -> Path:
        return self.landing_dir.parent / "quarantine"

    @property
    def dbt_docs_dir(self) -> Path:
        """dbt's documentation site of the models (`key-accounts docs`): static_index.html."""
        return self.landing_dir.parent / "dbt_docs"

    @property
    def logs_dir(self) -> Path:
        """The step logs of `key-accounts run`, `backfill` and `rebuild` (Dagster's and dbt's)."""
        return self.landing_dir.parent / "logs"

    def run_log_file(self, started: datetime) -> Path:
        """The log of one command started at `started`."""
        return self.logs_dir / f"run_{started:%Y-%m-%d_%H%M%S}.log"

    @property
    def validation_docs_dir(self) -> Path:
        """Great Expectations Data Docs of every validation, a folder per delivery."""
        return self.landing_dir.parent / "validation_docs"

    @property
    def _folders(self) -> dict[str, Path]:
        """Every folder the pipeline writes into, by what it is for."""
        return {
            "landing folder": self.landing_dir,
            "archive folder": self.archive_dir,
            "quarantine folder": self.quarantine_dir,
            "validation reports folder": self.validation_docs_dir,
            "warehouse's folder": self.warehouse.parent,
            "published file's folder": self.published.parent,
        }

    def create_folders(self) -> None:
        for folder in self._folders.values():
            folder.mkdir(parents=True, exist_ok=True)

    def problems(self) -> list[str]:
        """What makes these paths unusable, one sentence each (nothing written but folders)."""
        problems = self._clashes()
        for what, folder in self._folders.items():
            problem = _unwritable_folder(what, folder)
            if problem:
                problems.append(problem)
        for what, path in (("warehouse", self.warehouse), ("published file", self.published)):
            if path.is_dir():
                problems.append(f"The {what} {path} is a folder; it must be a DuckDB file.")
        return problems

    def check(self) -> None:
        """Create the folders, or raise SettingsError naming every path that cannot work."""
        problems = self.problems()
        if problems:
            raise SettingsError(" ".join(problems))

    def _clashes(self) -> list[str]:
        problems = []
        beside = {
            "archive": self.archive_dir,
            "quarantine": self.quarantine_dir,
            "validation_docs": self.validation_docs_dir,
            "dbt_docs": self.dbt_docs_dir,
            "logs": self.logs_dir,
        }
        for name, folder in beside.items():
            if folder == self.landing_dir:
                problems.append(
                    f"{ENV_LANDING_DIR} ({self.landing_dir}) is the {name} folder itself: "
                    f"{', '.join(beside)} sit beside the landing folder, so give it another name."
                )
        if self.published == self.warehouse:
            problems.append(
                f"{ENV_PUBLISHED} and {ENV_WAREHOUSE} are the same file ({self.warehouse}): BI "
                "tools read a copy, never the pipeline's own warehouse; choose another file."
            )
        for what, path in (("warehouse", self.warehouse), ("published file", self.published)):
            for folder in (self.landing_dir, self.archive_dir, self.quarantine_dir):
                if path.is_relative_to(folder):
                    problems.append(
                        f"The {what} {path} is inside {folder}, where deliveries are kept; "
                        "put it elsewhere."
                    )
        return problems

    def as_env(self) -> dict[str, str]:
        """The same paths as absolute KEY_ACCOUNTS_* variables, for child processes such as dbt."""
        return {
            ENV_LANDING_DIR: str(self.landing_dir),
            ENV_WAREHOUSE: str(self.warehouse),
            ENV_PUBLISHED: str(self.published),
            ENV_CONFIG: str(self.config_file),
        }


def _unwritable_folder(what: str, folder: Path) -> str | None:
    """Why the pipeline cannot create files in `folder` (creating it if need be), or None.

    A probe file is written and removed: permission bits say nothing for root, and nothing of
    read-only mounts or immutable folders."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".key-accounts-probe-{uuid.uuid4().hex}"
        probe.touch()
        probe.unlink()
    except FileExistsError:
        return f"The {what} {folder} is a file, not a folder."
    except OSError as error:
        return f"The {what} {folder} cannot be written to ({error.strerror or error})."
    return None
