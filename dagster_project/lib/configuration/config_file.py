"""Reading a configuration file and reporting what is wrong with it, in the user's terms.

docs/operations.md, "Bad input": a file that cannot be used stops the run with one message
naming the file, the key and the fix, so the operator need not read a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# A message echoes at most this many characters of a value: it stays a few short lines
# whatever the file holds.
ECHO_LIMIT = 80


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file, the key and the fix."""


def cut(text: str) -> str:
    """Text from the file, short enough to echo in a message."""
    return text if len(text) <= ECHO_LIMIT else f"{text[: ECHO_LIMIT - 1]}…"


def abridged(value: Any) -> str:
    return cut(repr(value))


def describe_error(error: dict[str, Any]) -> str:
    """One line of the report for one of pydantic's errors, worded for whoever edits the file."""
    message = error["msg"].removeprefix("Value error, ")
    if not error["loc"]:
        # A rule across several keys: its message names them.
        return f"  {message}"
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    if error["type"] == "literal_error":
        message = f"not allowed; {message[0].lower()}{message[1:]}"
    return f"  {key}: {message} (got {abridged(error.get('input'))})"


class _Refused(yaml.YAMLError):
    """A file PyYAML would read, written in a way the configuration does not accept."""


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader, stricter: a key given twice in a mapping, which YAML resolves by
    silently keeping the last, and aliases, which can expand a few lines into gigabytes (the
    "billion laughs"), are refused."""

    def compose_node(self, parent, index):
        # Checked as each node is composed, so an alias is refused before anything expands.
        if self.check_event(yaml.AliasEvent):
            alias = self.peek_event()
            raise _Refused(
                f"uses YAML aliases (*name), which the configuration does not allow: "
                f"*{cut(alias.anchor)} on line {alias.start_mark.line + 1}; "
                "write the value out instead"
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool):
                continue  # an unhashable key is PyYAML's own error, raised below
            line = key_node.start_mark.line + 1
            if key in lines:
                raise _Refused(
                    f"has the key {abridged(key)} twice in one mapping, on lines "
                    f"{lines[key]} and {line}: YAML would silently keep the last; keep one"
                )
            lines[key] = line
        return super().construct_mapping(node, deep)


def read_yaml(path: Path) -> Any:
    """The file's YAML, or ConfigError naming the file and what is wrong with it."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except FileNotFoundError:
        raise ConfigError(f"Configuration file {path} does not exist.") from None
    except _Refused as exc:
        raise ConfigError(f"Configuration file {path} {exc}.") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"Configuration file {path} is not valid YAML: {exc}") from None
