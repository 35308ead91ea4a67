"""Helpers on Dagster itself: runs, event-log storage, asset metadata."""
