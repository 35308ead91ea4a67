"""What `key-accounts run` prints while a run goes: one line per stage with its time, and
everything else (Dagster's step log, dbt's line per model and test) in a log file.

A stage is a step of the job. The log file takes the process's own stdout and stderr at the
file-descriptor level, so it also holds what dbt's process and Dagster's loggers write;
the stage lines go to the terminal the command was started from. `-v` leaves the output as
it is: everything on the terminal, as it happens.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

# What each step of the daily job does, as its stage line says it. The other steps are the
# asset checks of the published tables (the alerts): one line for them all.
STAGE_NAMES = {
    "raw_tables": "ingest and validate the landing files (Great Expectations)",
    "key_accounts_dbt_models": "build and test the models (dbt)",
    "published_tables": "publish the tables for BI",
    "published__charts": "draw the pictures",
}
CHECKS_STAGE = "check the published figures ({count} alerts)"
# The values of DagsterEventType.RUN_SUCCESS, RUN_FAILURE and RUN_CANCELED.
RUN_ENDS = {"PIPELINE_SUCCESS", "PIPELINE_FAILURE", "PIPELINE_CANCELED"}


def seconds_text(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 90 else f"{seconds / 60:.1f} min"


class StageLines:
    """Turns a run's events, as they happen, into one line per finished stage."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.started: dict[str, float] = {}
        self.checks: list[tuple[float, bool]] = []  # (seconds, succeeded) of each check step

    def _line(self, stage: str, succeeded: bool, seconds: float) -> None:
        outcome = "done" if succeeded else "FAILED"
        self.out.write(f"  {stage:<62} {outcome} in {seconds_text(seconds)}\n")
        self.out.flush()

    def _checks_line(self) -> None:
        if self.checks:
            stage = CHECKS_STAGE.format(count=len(self.checks))
            seconds = sum(took for took, _ in self.checks)
            self._line(stage, all(ok for _, ok in self.checks), seconds)
            self.checks = []

    def __call__(self, event) -> None:
        step = event.step_key
        if event.is_step_start:
            self.started[step] = time.monotonic()
        elif event.is_step_success or event.is_step_failure:
            took = time.monotonic() - self.started.get(step, time.monotonic())
            if step in STAGE_NAMES:
                self._checks_line()
                self._line(STAGE_NAMES[step], event.is_step_success, took)
            else:
                self.checks.append((took, event.is_step_success))
        elif event.event_type_value in RUN_ENDS:
            self._checks_line()


# The terminal while output_to_log sends the rest of the output to a file.
_terminal: IO[str] | None = None


def tell_terminal(message: str) -> None:
    """Show the person who started the run a message they must see while it goes on (it waits
    for the warehouse), when the step log that also holds it goes to a file; else nothing."""
    if _terminal is not None:
        _terminal.write(f"  {message}\n")
        _terminal.flush()


@contextlib.contextmanager
def output_to_log(log_file: Path | None) -> Iterator[IO[str]]:
    """Yield the stream for stage lines: the terminal. With a log file, the process's stdout and
    stderr go to that file (appended) until the block ends; without, nothing is redirected."""
    if log_file is None:
        yield sys.stdout
        return
    log_file.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    global _terminal
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    terminal = os.fdopen(os.dup(saved[1]), "w", buffering=1)
    with open(log_file, "a", encoding="utf-8") as log:
        try:
            for fd in (1, 2):
                os.dup2(log.fileno(), fd)
            _terminal = terminal
            yield terminal
        finally:
            _terminal = None
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)
            terminal.close()
