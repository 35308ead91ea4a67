"""Helpers shared by the Dagster definitions and the command line: plain Python, no Dagster state."""
