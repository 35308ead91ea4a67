"""What tests/end_to_end/test_postgres_deployment.py uses to run the deployment of README's
"Running it unattended": its constants, a PostgreSQL server's programs run as the server's account,
the deployment's environment and installation, the daemon's and webserver's processes, and waiting
for their runs in the PostgreSQL-backed instance and through the webserver's GraphQL."""

import json
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest

from benchmarks.key_accounts_bench import SIZES
from dagster_project.defs.daily_run.schedules import ENV_SCHEDULE_CRON
from dagster_project.lib.configuration.as_of_dates import ENV_SCHEDULE_TIMEZONE
from dagster_project.lib.configuration.settings import ENV_CONFIG, ENV_SETTLE_SECONDS, REPO_ROOT
from dagster_project.lib.sample_data import generate_sample
from tests.conftest import installation_env
from tests.end_to_end.test_lineage_ui import code_location_status

DEPLOY_DIR = REPO_ROOT / "deploy"
BIN_DIR = Path(sys.executable).parent
SCHEDULE_TAG = ("dagster/schedule_name", "daily_key_accounts_schedule")
SENSOR_TAG = ("dagster/sensor_name", "landing_files_sensor")
# The throwaway server's account and database.
PG_USER, PG_PASSWORD, PG_DB = "key_accounts", "test-only", "key_accounts_dagster"
# The schedule's one tick must come after the daemon's first look at it, which waits for the
# definitions to load (the sensor's run came 80 s after the start on a busy machine).
TICK_LEAD = timedelta(seconds=150)
SCHEDULED_RUN_AFTER_TICK = timedelta(minutes=5)
# With other jobs on this machine's two cores both runs were done 7 minutes (load average 3.5 to 5)
# to 14 minutes (8 to 11) after the daemon started; the bound leaves room for a slower day.
RUNS_TIMEOUT_S = 1800
WEBSERVER_TIMEOUT_S = 300
RUNS_QUERY = """
query ($runIds: [String]) { runsOrError(filter: {runIds: $runIds}) {
    __typename ... on Runs { results { runId status } } } }
"""


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def postgres_bin_dir() -> Path:
    """Debian's newest PostgreSQL server programs (initdb, pg_ctl)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: float(p.parts[-3])
    )
    if not found:
        pytest.fail(
            "PostgreSQL's server is missing (/usr/lib/postgresql/*/bin/pg_ctl): "
            "`make postgres-test` installs Debian's postgresql"
        )
    return found[-1].parent


def run_as_server_account(args: list, cwd: Path, check: bool = True) -> None:
    """Run a server program as the account Debian's package creates (initdb refuses root), or as
    the user running the tests when that is not root."""
    user = "postgres" if os.geteuid() == 0 else None
    done = subprocess.run(
        [str(arg) for arg in args], user=user, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    if done.returncode and check:
        log_file = cwd / "server.log"
        server_log = log_file.read_text() if log_file.exists() else ""
        pytest.fail(f"{' '.join(map(str, args))} failed:\n{done.stdout}{done.stderr}{server_log}")


def connect(database: dict[str, str], dbname: str | None = None):
    """A psycopg2 connection to the database of these DAGSTER_POSTGRES_* variables (or another
    database of its server)."""
    import psycopg2

    return psycopg2.connect(
        host=database["DAGSTER_POSTGRES_HOST"],
        port=database["DAGSTER_POSTGRES_PORT"],
        user=database["DAGSTER_POSTGRES_USER"],
        password=database["DAGSTER_POSTGRES_PASSWORD"],
        dbname=dbname or database["DAGSTER_POSTGRES_DB"],
    )


def deployment_environment() -> dict[str, str]:
    """deploy/key-accounts.env, read as systemd's EnvironmentFile= reads it."""
    lines = (DEPLOY_DIR / "key-accounts.env").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if "=" in line and not line.startswith("#")]
    return {name.strip(): value.strip() for name, value in pairs}


@contextmanager
def running(args: list[str], env: dict[str, str], log_file: Path) -> Iterator[subprocess.Popen]:
    """A process of the deployment, started in the repository (the workspace is pyproject's
    [tool.dagster]) in a process group of its own, so that its code servers and runs stop with it."""
    with log_file.open("wb") as out:
        process = subprocess.Popen(
            args,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        # A code server can outlive the process that started it (one stayed on after its daemon).
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def fail_with_log(message: str, log_file: Path, lines: int = 150) -> None:
    """Fail with the end of a process's log, without the runs' DEBUG events (one per step output
    and check), which would hide the daemon's own lines."""
    kept = [
        line
        for line in log_file.read_text(errors="replace").splitlines()
        if " - DEBUG - " not in line
    ]
    tail = "\n".join(kept[-lines:])
    pytest.fail(f"{message}\n--- {log_file.name}, last {lines} lines but DEBUG ---\n{tail}")


def runs_tagged(instance: dg.DagsterInstance, tag: tuple[str, str]) -> list[dg.DagsterRun]:
    """The runs with this tag, oldest first."""
    key, value = tag
    return list(reversed(instance.get_runs(filters=dg.RunsFilter(tags={key: value}))))


def wait_for_finished_runs(instance, daemon, daemon_log: Path, tick: datetime) -> dict:
    """The schedule's and the sensor's first runs once both have finished, each change printed."""
    deadline = time.monotonic() + RUNS_TIMEOUT_S
    statuses: dict[str, str] = {}
    while True:
        runs = {
            who: found[0]
            for who, tag in (("scheduled", SCHEDULE_TAG), ("sensor", SENSOR_TAG))
            if (found := runs_tagged(instance, tag))
        }
        for who, run in runs.items():
            if statuses.get(who) != run.status.value:
                statuses[who] = run.status.value
                log(
                    f"{who} run {run.run_id} ({run.tags.get('dagster/partition')}): {run.status.value}"
                )
        if len(runs) == 2 and all(run.is_finished for run in runs.values()):
            for who, run in runs.items():
                stats = instance.get_run_stats(run.run_id)
                log(f"{who} run: {stats.end_time - (stats.start_time or stats.end_time):.0f} s")
            return runs
        if "scheduled" not in runs and datetime.now(UTC) > tick + SCHEDULED_RUN_AFTER_TICK:
            fail_with_log(
                f"No scheduled run {SCHEDULED_RUN_AFTER_TICK} after the tick at {tick:%H:%M}: did "
                "the daemon look at the schedule after it? (a longer TICK_LEAD)",
                daemon_log,
            )
        if daemon.poll() is not None:
            fail_with_log(f"dagster-daemon exited with {daemon.returncode}", daemon_log)
        if time.monotonic() > deadline:
            fail_with_log(
                f"After {RUNS_TIMEOUT_S} s the runs are {statuses or 'not there'}: expected a "
                "finished run of the schedule and of the sensor",
                daemon_log,
            )
        time.sleep(3)


def run_errors(instance: dg.DagsterInstance, run: dg.DagsterRun) -> str:
    """The run's error messages, as its page in the UI shows them."""
    events = instance.all_logs(run.run_id)
    return "\n".join(event.message for event in events if event.level >= logging.ERROR)


def graphql(base_url: str, query: str, variables: dict) -> dict:
    request = urllib.request.Request(
        f"{base_url}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["data"]


def wait_until_serving(base_url: str, webserver, webserver_log: Path) -> None:
    """Until the webserver has loaded the project's code location."""
    deadline = time.monotonic() + WEBSERVER_TIMEOUT_S
    status, error = "NOT_STARTED", ""
    while status != "LOADED":
        if webserver.poll() is not None:
            fail_with_log(f"dagster-webserver exited with {webserver.returncode}", webserver_log)
        if error or time.monotonic() > deadline:
            fail_with_log(f"the webserver's code location: {status} {error}", webserver_log)
        time.sleep(2)
        try:
            status, error = code_location_status(base_url)
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError, KeyError):
            status = "NOT_SERVING"


def install_deployment(root: Path, database: dict[str, str]) -> tuple[dict[str, str], datetime]:
    """The environment of deploy/key-accounts.env with its database and folders replaced by the
    test's, a DAGSTER_HOME installed as README says (dagster.yaml a link to deploy/dagster.yaml),
    and the tiny sample landed with its markers. Returns it with the minute the schedule ticks."""
    env = {**os.environ, **deployment_environment(), **installation_env(root), **database}
    env.pop(ENV_CONFIG, None)  # the repository's configuration
    dagster_home = Path(env["DAGSTER_HOME"])
    dagster_home.mkdir(parents=True)
    (dagster_home / "dagster.yaml").symlink_to(DEPLOY_DIR / "dagster.yaml")
    landing = Path(env["KEY_ACCOUNTS_LANDING_DIR"])
    generate_sample(landing, SIZES["tiny"], end_date=datetime.now(UTC).date(), progress=log)
    tick = (datetime.now(UTC) + TICK_LEAD + timedelta(minutes=1)).replace(second=0, microsecond=0)
    return env | {
        ENV_SCHEDULE_CRON: f"{tick.minute} {tick.hour} {tick.day} {tick.month} *",
        ENV_SCHEDULE_TIMEZONE: "UTC",
        # Taken by their .done markers, not by waiting.
        ENV_SETTLE_SECONDS: "3600",
    }, tick


def runs_in_database(database: dict[str, str]) -> dict[str, str]:
    """run id → status, read from Dagster's `runs` table in PostgreSQL itself."""
    with closing(connect(database)) as conn, conn.cursor() as cursor:
        cursor.execute("select run_id, status from runs")
        return dict(cursor.fetchall())
