"""A process measured as users start it: its wall seconds and the peak resident memory of it
and its children (dbt runs in one), sampled while it runs."""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil


@dataclass
class Measurement:
    seconds: float
    peak_rss_mb: float
    stages: dict[str, float] = field(default_factory=dict)
    # Sales-line files the run ingested (the baseline ingests nothing).
    new_sales_line_files: int | None = None
    # Build seconds of each of TIMED_MODELS the run built, within the dbt stage.
    models: dict[str, float] = field(default_factory=dict)
    # Build seconds of every dbt model the run built, by asset key ("marts/customer_scores").
    dbt_models: dict[str, float] = field(default_factory=dict)
    # Dagster runs the command launched, and the as-of dates they scored.
    runs: int | None = None
    as_of_dates: int | None = None


class PeakMemory:
    """Samples the resident memory of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval_s: float = 0.05):
        self.peak_bytes = 0
        self._root = psutil.Process(pid)
        self._interval_s = interval_s
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stopped.is_set():
            total = 0
            try:
                processes = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                processes = []
            for process in processes:
                with contextlib.suppress(psutil.Error):
                    total += process.memory_info().rss
            self.peak_bytes = max(self.peak_bytes, total)
            self._stopped.wait(self._interval_s)

    def stop(self) -> float:
        self._stopped.set()
        self._thread.join()
        return self.peak_bytes / 1e6


def run_measured(command: list[str], env: dict[str, str], log: Path) -> tuple[float, float]:
    """Run a command to completion; its wall seconds and peak memory (MB). Output goes to log."""
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        memory = PeakMemory(process.pid)
        returncode = process.wait()
        seconds = time.perf_counter() - started
        peak_mb = memory.stop()
    if returncode != 0:
        tail = log.read_text(encoding="utf-8").splitlines()[-20:]
        raise RuntimeError(f"{' '.join(command)} exited {returncode}:\n" + "\n".join(tail))
    return seconds, peak_mb
