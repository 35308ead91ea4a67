"""The days and the configuration the warnings on published figures are tested with
(test_alerts_*): today, the day before, and the shipped defaults."""

from datetime import date

from dagster_project.lib.configuration.scoring import ScoringConfig

TODAY, YESTERDAY = date(2026, 6, 30), date(2026, 6, 29)
CONFIG = ScoringConfig()
