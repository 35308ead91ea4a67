"""`make ui`: `dg dev` on the project and the Dagster instance of DAGSTER_HOME, with no warning at
start-up, and every one of its processes gone soon after Ctrl-C or SIGTERM.

Each test starts `make ui` on a free localhost port with an installation and a Dagster instance
of its own under a temporary folder (the dagster_home fixture), so nothing in data/ or
dagster_home/ is touched."""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from tests.conftest import free_port, start_in_own_group

# dg dev loads the code location before its webserver answers: minutes on a busy machine.
STARTUP_TIMEOUT_S = 300
# Measured here, two cores shared with other work: the webserver and the daemon gone 6 s after
# the signal, dg 13 s, its code server 18-22 s; with the whole suite and a second one running on
# the same two cores nothing had stopped after 45 s. The bound says it stops, not how fast.
STOP_TIMEOUT_S = 120
INSTANCE_QUERY = "{ instance { info } }"


def instance_info(base_url: str) -> str:
    """The webserver's Dagster instance as it describes itself (its storages and their paths)."""
    request = urllib.request.Request(
        f"{base_url}/graphql",
        data=json.dumps({"query": INSTANCE_QUERY}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["data"]["instance"]["info"]


def group_members(pgid: int) -> list[psutil.Process]:
    """The live processes of a process group (zombies have exited: only their entry is left)."""
    members = []
    for process in psutil.process_iter():
        try:
            if os.getpgid(process.pid) == pgid and process.status() != psutil.STATUS_ZOMBIE:
                members.append(process)
        except (ProcessLookupError, psutil.NoSuchProcess):
            pass
    return members


@dataclass
class RunningUi:
    make: subprocess.Popen
    base_url: str
    log: Path


@contextmanager
def make_ui(tmp_path: Path, *, as_background_job: bool) -> Iterator[RunningUi]:
    """`make ui PORT=...` in a process group of its own, once its webserver answers. As a
    background job of a shell, it starts with SIGINT ignored, as a shell starts one."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = tmp_path / "make-ui.log"
    # Started as a supervisor or a shell starts it: every signal at its default (a pytest worker
    # can hold SIGINT and SIGTERM ignored, left so by code run in it before, and a child would
    # inherit that: make then ignores the very SIGTERM under test), SIGINT ignored for a
    # background job.
    ignore_sigint = ["--ignore-signal=INT"] if as_background_job else []
    make = start_in_own_group(
        [
            "env",
            "--default-signal",
            *ignore_sigint,
            "make",
            "--no-print-directory",
            "ui",
            f"PORT={port}",
        ],
        log,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if make.poll() is not None:
                pytest.fail(f"make ui exited with {make.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"make ui did not answer within {STARTUP_TIMEOUT_S} s:\n{log.read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{base_url}/server_info", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(1)
        yield RunningUi(make, base_url, log)
    finally:
        for process in group_members(make.pid):
            process.kill()
        make.wait(timeout=STOP_TIMEOUT_S)


def assert_started_without_warnings(ui: RunningUi, dagster_home: Path) -> None:
    output = ui.log.read_text()
    assert "dg dev --host 127.0.0.1" in output
    assert "Serving dagster-webserver" in output
    for word in ("warn", "error", "deprecat", "superseded"):
        assert word not in output.lower(), output
    # The instance of `key-accounts run`: DAGSTER_HOME's, configured by the repo's dagster.yaml.
    info = instance_info(ui.base_url)
    assert str(dagster_home) in info and "PooledSqliteEventLogStorage" in info, info


def assert_whole_group_stops(ui: RunningUi, send_signal) -> None:
    """Send the signal; within STOP_TIMEOUT_S no process of make's group is left, make included."""
    members = group_members(ui.make.pid)
    # make, dg, its webserver, daemon and code server (with the gRPC server it runs) at least.
    assert len(members) >= 5, [process.cmdline() for process in members]
    deadline = time.monotonic() + STOP_TIMEOUT_S
    send_signal()
    # make exits last (it waits for dg), and is left a zombie until reaped here.
    while group_members(ui.make.pid) and time.monotonic() < deadline:
        ui.make.poll()
        time.sleep(0.2)
    left = [" ".join(process.cmdline())[:120] for process in group_members(ui.make.pid)]
    assert not left, f"still running {STOP_TIMEOUT_S} s after the signal: {left}"


def test_make_ui_stops_on_sigterm_to_make(tmp_path, dagster_home, dbt_manifest):
    """A supervisor's SIGTERM to make alone, started in the background: make passes it on to dg,
    which stops its services."""
    with make_ui(tmp_path, as_background_job=True) as ui:
        assert_started_without_warnings(ui, dagster_home)
        assert_whole_group_stops(ui, lambda: ui.make.send_signal(signal.SIGTERM))
    assert "Dagster services shut down." in ui.log.read_text()


def test_make_ui_stops_on_ctrl_c(tmp_path, dagster_home, dbt_manifest):
    """Ctrl-C in a terminal: SIGINT to every process of the foreground group."""
    with make_ui(tmp_path, as_background_job=False) as ui:
        assert_started_without_warnings(ui, dagster_home)
        assert_whole_group_stops(ui, lambda: os.killpg(ui.make.pid, signal.SIGINT))
    assert "Dagster services shut down." in ui.log.read_text()
