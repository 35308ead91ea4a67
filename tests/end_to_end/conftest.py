"""Fixtures shared by the modules of tests/end_to_end."""

import pytest

from tests.end_to_end.cli_helpers import user_environment


@pytest.fixture
def user_env(tmp_path) -> dict[str, str]:
    """The environment of a user whose home is the test's temporary folder (the modules
    tests/end_to_end/test_cli_*.py)."""
    return user_environment(tmp_path)


@pytest.fixture
def published(hand_book_published, copy_of):
    """A copy of the hand book published as of AS_OF, and the run that published it
    (tests/end_to_end/test_daily_job_by_hand_*.py)."""
    return copy_of(hand_book_published), hand_book_published.runs[-1]
