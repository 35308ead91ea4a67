"""`python -m dagster_project.cli`: the same command as `key-accounts`, for a checkout that is
not installed."""

import sys

from dagster_project.cli import main

sys.exit(main())
