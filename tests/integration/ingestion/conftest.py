"""Fixtures of the ingestion's integration tests: a fresh installation under each test's folder."""

import pytest

from tests.integration.ingestion.delivery_site import Site
from tests.integration.ingestion.raw_tables_site import Installation


@pytest.fixture
def installation(tmp_path) -> Installation:
    """For the test_ingestion_*.py modules."""
    return Installation(tmp_path)


@pytest.fixture
def site(tmp_path) -> Site:
    """For the test_deliveries_*.py modules."""
    return Site(tmp_path)
