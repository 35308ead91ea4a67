"""A failed step's error as the operator reads it, in `key-accounts run`'s report and in the
alert of a failed daily run: Dagster records a chain of errors, and the line that matters is
seldom the outermost one (docs/operations.md, "Bad input")."""

from __future__ import annotations

import errno
import re

# How Dagster writes a dg.Failure's class before its message.
DAGSTER_FAILURE_PREFIX = "dagster._core.definitions.events.Failure: "
# Dagster's wrapper of whatever a step raised: it says no more than "step X failed".
STEP_ERROR_CLASS = "DagsterExecutionStepExecutionError"
# strerror(ENOSPC), in OSError's message ("[Errno 28] No space left on device") and DuckDB's.
DISK_FULL = "No space left on device"
QUOTED_PATH = re.compile(r"""["']((?:/|~|[A-Za-z]:[\\/])[^"']*)["']""")


def _chains(error, outer=()):
    """Each error behind a step's error (its causes, and the errors it was raised while
    handling), with the errors it led to, nearest first."""
    yield error, outer
    for behind in (error.cause, error.context):
        if behind is not None:
            yield from _chains(behind, (error, *outer))


def _message(error) -> str:
    text = error.message.strip()
    return text.removeprefix(DAGSTER_FAILURE_PREFIX) if error.cls_name == "Failure" else text


def _says_disk_full(text: str) -> bool:
    return DISK_FULL in text or f"[Errno {errno.ENOSPC}]" in text


def _disk_full_text(error) -> str:
    """One plain line: a full disk needs the operator, not a developer reading a traceback."""
    line = next(
        (line.strip() for line in error.message.splitlines() if _says_disk_full(line)),
        error.message.strip(),
    )
    head, separator, rest = line.partition(": ")
    if separator and head.rsplit(".", 1)[-1] == error.cls_name:
        line = rest  # the class name says nothing to the operator
    path = QUOTED_PATH.search(line)
    where = path.group(1) if path else "the disk"
    return f"the disk is full ({DISK_FULL}) while {line}; free space on {where} and run again"


def step_error_text(error) -> str:
    """The step's error as the report shows it: a full disk anywhere in the chain first; else a
    dg.Failure's message, written for the user; else the root cause, the error that started it.
    Then the errors it led to, without Dagster's wrapper."""
    chains = list(_chains(error))
    disk_full = [chain for chain in chains if _says_disk_full(chain[0].message)]
    if disk_full:
        # The deepest is the one the system raised; those it led to may repeat its text.
        headline, outer = max(disk_full, key=lambda chain: len(chain[1]))
        first = _disk_full_text(headline)
    elif error.cls_name == "Failure":
        first, outer = _message(error), ()
    else:
        root, outer = next((e, o) for e, o in chains if e.cause is None and e.context is None)
        first = _message(root)
    led_to = [f"    leading to: {_message(e)}" for e in outer if e.cls_name != STEP_ERROR_CLASS]
    return "\n".join([first, *led_to])
