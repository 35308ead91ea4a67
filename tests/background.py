"""Slow commands that need nothing from the rest of the suite, run beside it.

The sqlfluff lint and the bench on its tiny sample take a minute or two each and only read the
repository. A test that checks one is marked with `waits_for`; once the tests are collected,
each command some selected test waits for starts in a process of its own (conftest.py), so it
runs while the other tests run, and the test waits for its result. A command nobody started
(a test run on its own, say, or any test in a pytest-xdist worker, as `make test` runs them)
starts when the test asks for its result.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dagster_project.lib.configuration.settings import REPO_ROOT


@dataclass(eq=False)
class BackgroundCommand:
    """`command(folder)` gives the command line and its environment; the command may write in
    `folder`, a temporary folder of its own, kept until the session ends."""

    name: str
    command: Callable[[Path], tuple[list[str], dict[str, str]]]
    timeout_s: float | None = None
    _process: subprocess.Popen | None = field(default=None, init=False, repr=False)
    _folder: tempfile.TemporaryDirectory | None = field(default=None, init=False, repr=False)

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix=f"{self.name}-")
        return Path(self._folder.name)

    def start(self) -> None:
        if self._process is not None:
            return
        STARTED.append(self)
        argv, env = self.command(self.folder)
        self._process = subprocess.Popen(
            argv,
            cwd=REPO_ROOT,
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            stdout=(self.folder / "stdout").open("w"),
            stderr=(self.folder / "stderr").open("w"),
            text=True,
        )

    def result(self) -> subprocess.CompletedProcess:
        """Wait for the command (starting it if need be) and return what it did."""
        self.start()
        returncode = self._process.wait(timeout=self.timeout_s)
        return subprocess.CompletedProcess(
            self._process.args,
            returncode,
            (self.folder / "stdout").read_text(),
            (self.folder / "stderr").read_text(),
        )

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._folder is not None:
            self._folder.cleanup()


# Every command started in this session, to stop when it ends.
STARTED: list[BackgroundCommand] = []


def waits_for(*commands: BackgroundCommand):
    """Mark a test as checking these commands' results, so that they start with the session."""

    def mark(test):
        test.background_commands = [*getattr(test, "background_commands", []), *commands]
        return test

    return mark


def commands_waited_for(items) -> list[BackgroundCommand]:
    commands = []
    for item in items:
        for command in getattr(getattr(item, "function", None), "background_commands", []):
            if all(command is not other for other in commands):
                commands.append(command)
    return commands
