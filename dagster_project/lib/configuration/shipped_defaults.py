"""The shipped configuration file, config/key_accounts.yml, as the one home of every default.

A key a user's file omits takes the shipped file's value, read when a configuration is
validated, so no default is written twice (docs/method.md, "Inputs"). The few defaults that
follow the scale are derived from the shipped values in scale_defaults.py.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from pydantic import Field

from dagster_project.lib.configuration.config_file import read_yaml
from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE


@functools.cache
def _shipped_configuration() -> dict[str, Any]:
    # Read once per process: the shipped file is part of the release, not of a run.
    return read_yaml(DEFAULT_CONFIG_FILE)


def shipped_value(*keys: str) -> Any:
    """The shipped file's value at `keys` (section, then key); a copy, so nobody alters it."""
    value: Any = _shipped_configuration()
    for key in keys:
        value = value[key]
    return copy.deepcopy(value)


def shipped(*keys: str) -> Any:
    """A model field's default: the shipped file's value, looked up only when a file omits it."""
    return Field(default_factory=functools.partial(shipped_value, *keys))
