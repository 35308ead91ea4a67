"""What tests/end_to_end/test_cli_*.py share: `key-accounts` run as a user runs it, a separate
process with a user's environment (paths from KEY_ACCOUNTS_* variables, no virtual environment
on PATH)."""

import subprocess
import sys
from datetime import date
from pathlib import Path

from dagster_project.lib.configuration.settings import ENV_SETTLE_SECONDS
from tests.conftest import installation_env

CLI = str(Path(sys.executable).parent / "key-accounts")
AS_OF = date(2026, 6, 30)


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=600)


def user_environment(home: Path) -> dict[str, str]:
    # PATH without the virtual environment, as when the command is called by its full path.
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        **installation_env(home),
        # The tests' files are complete once written: no settle interval.
        ENV_SETTLE_SECONDS: "0",
    }
