"""Fixtures shared by the modules of tests/end_to_end."""

import pytest

from tests.end_to_end.cli_helpers import user_environment


@pytest.fixture
def user_env(tmp_path) -> dict[str, str]:
    """The environment of a user whose home is the test's temporary folder (the modules
    tests/end_to_end/test_cli_*.py)."""
    return user_environment(tmp_path)
