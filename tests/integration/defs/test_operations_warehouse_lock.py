"""Running unattended: one writer at a time on the warehouse, and a lock no killed holder leaves behind."""

import subprocess
import sys
import threading
import time

import pytest

from dagster_project.lib.warehouse.lock import WarehouseBusy, warehouse_lock


def test_a_second_writer_waits_for_the_first(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    events, messages = [], []

    def second_run():
        with warehouse_lock(warehouse, timeout_s=10, poll_s=0.05, notify=messages.append):
            events.append("second acquired")

    with warehouse_lock(warehouse):
        events.append("first acquired")
        thread = threading.Thread(target=second_run)
        thread.start()
        time.sleep(0.5)
        events.append("first released")
    thread.join(timeout=10)
    assert events == ["first acquired", "first released", "second acquired"]
    assert (
        messages
        and "is in use by process" in messages[0]
        and "waiting for it to finish" in messages[0]
    )


def test_a_writer_that_waits_too_long_gives_up_with_a_clear_message(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with (
        warehouse_lock(warehouse),
        pytest.raises(WarehouseBusy, match="stayed in use by another run"),
        warehouse_lock(warehouse, timeout_s=0.2, poll_s=0.05, notify=lambda _: None),
    ):
        pass


def test_a_killed_holder_does_not_leave_the_lock_behind(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from dagster_project.lib.warehouse.lock import warehouse_lock\n"
            f"import time\nwith warehouse_lock(__import__('pathlib').Path({str(warehouse)!r})):\n"
            "    print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    holder.kill()  # SIGKILL: no clean-up runs
    holder.wait()
    with warehouse_lock(warehouse, timeout_s=2, notify=lambda _: None):
        pass
