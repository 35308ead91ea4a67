"""One pipeline writer at a time on a warehouse (DuckDB allows one writing process per file).

An exclusive advisory lock (flock) on `<warehouse>.lock`, held for a whole run. A second run
waits for it and says so, instead of failing inside DuckDB with a lock error. The kernel drops
the lock when its holder dies, even by kill -9, so a crashed run never leaves it behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class WarehouseBusy(RuntimeError):
    """Another run kept the warehouse longer than this one was willing to wait."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def warehouse_lock(
    warehouse: Path,
    timeout_s: float = 3600,
    poll_s: float = 0.5,
    notify: Callable[[str], None] = print,
) -> Iterator[None]:
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        started = time.monotonic()
        waiting_said = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waiting_said:
                    handle.seek(0)
                    holder = handle.read().strip() or "another run"
                    notify(
                        f"The warehouse {warehouse} is in use by {holder}; waiting for it to finish."
                    )
                    waiting_said = True
                if time.monotonic() - started > timeout_s:
                    raise WarehouseBusy(
                        f"The warehouse {warehouse} stayed in use by another run for more than "
                        f"{timeout_s:.0f} s; this run gave up without changing anything."
                    ) from None
                time.sleep(poll_s)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
