"""What is in the landing folder: deliveries ready to take, and everything else, each with why.

A delivery is taken only once it is complete: its sender announced it with a marker
`<file>.done` (an empty file written after `<file>` is complete), or it has not changed for the
settle interval (`KEY_ACCOUNTS_SETTLE_SECONDS`). Nothing else is silent: a file still being
written, a partial or compressed upload, a name that only looks like a delivery, a folder or a
marker without its file is reported and left where it is; a symbolic link is refused (the
pipeline reads only files delivered into the folder, never what a link points to).
docs/method.md, "Inputs", documents the conventions for senders.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from dagster_project.lib.contracts.datasets import (
    DATASETS,
    FILE_FORMATS,
    LandingFile,
    classify_landing_file,
)

MARKER_SUFFIX = ".done"
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".filepart", ".crdownload", ".download", "~")
COMPRESSED_SUFFIXES = (".gz", ".zip", ".bz2", ".xz", ".zst", ".7z", ".tgz")


@dataclass(frozen=True)
class FileState:
    """What changes when a file is written to: its size, its modification time, and the time
    this machine last changed it (ctime: set by the local clock on every write or rename, so a
    sender's clock or a copy that keeps the original modification time cannot fake it)."""

    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileState:
        info = path.stat(follow_symlinks=False)
        return cls(info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@dataclass(frozen=True)
class ReadyFile:
    """A delivery that is complete: taken by this run."""

    landing_file: LandingFile
    state: FileState
    marker: Path | None = None

    @property
    def path(self) -> Path:
        return self.landing_file.path

    def has_changed(self) -> bool:
        """Whether the file was written to since it was found (or has gone)."""
        try:
            return FileState.of(self.path) != self.state
        except FileNotFoundError:
            return True


@dataclass(frozen=True)
class LeftFile:
    """A file of the landing folder this run does not take, and why."""

    name: str
    reason: str


@dataclass
class LandingScan:
    """The landing folder's entries, sorted by what a run does with them."""

    ready: list[ReadyFile] = field(default_factory=list)
    # Complete deliveries still arriving: taken by a later run.
    waiting: list[LeftFile] = field(default_factory=list)
    # Files that are not deliveries: left in the landing folder until someone moves them.
    strays: list[LeftFile] = field(default_factory=list)
    # Symbolic links: refused, quarantined like a file that fails its contract.
    links: list[LeftFile] = field(default_factory=list)

    @property
    def left(self) -> list[LeftFile]:
        return [*self.waiting, *self.strays]


def _normalised(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", name.lower())


def stray_reason(path: Path) -> str:
    """Why a file that is not a delivery is not read, in words its sender can act on."""
    name = path.name
    lower = name.lower()
    if lower.endswith(COMPRESSED_SUFFIXES):
        return "is compressed; deliver it uncompressed, as .csv or .parquet"
    stem = Path(name).stem
    longest_first = sorted(DATASETS, key=len, reverse=True)
    dataset = next((d for d in longest_first if _normalised(stem).startswith(d)), None)
    if dataset is None:
        return f"is not a delivery: a file name starts with its dataset ({', '.join(DATASETS)})"
    if Path(lower).suffix not in FILE_FORMATS:
        return f"is a {dataset} file but not CSV or Parquet (.csv, .parquet)"
    return (
        f"looks like a {dataset} delivery, but its name must start with `{dataset}` exactly "
        "(lower case, underscores), followed by _, - or . ; rename it"
    )


def _age_seconds(state: FileState, now: float) -> float:
    return now - state.ctime_ns / 1e9


def scan_landing(landing_dir: Path, now: float, settle_seconds: float) -> LandingScan:
    """Sort the landing folder's entries, in name order (the order deliveries apply in).

    `now` is the wall-clock time (time.time()) against which a file's last write is aged."""
    scan = LandingScan()
    if not landing_dir.is_dir():
        return scan
    entries = sorted(landing_dir.iterdir())
    names = {entry.name for entry in entries}
    for path in entries:
        name = path.name
        if name.startswith("."):
            # Hidden: an uploader's temporary file (rsync, scp), renamed when complete.
            continue
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            scan.links.append(LeftFile(name, f"is a symbolic link (to {os.readlink(path)})"))
        elif stat.S_ISDIR(mode):
            scan.strays.append(LeftFile(name, "is a folder; only files directly in it are read"))
        elif name.endswith(MARKER_SUFFIX):
            if name.removesuffix(MARKER_SUFFIX) not in names:
                scan.strays.append(LeftFile(name, "announces a file that is not there"))
        elif name.lower().endswith(PARTIAL_SUFFIXES):
            scan.waiting.append(
                LeftFile(name, "is a partial upload; it is taken once renamed to its final name")
            )
        elif (landing_file := classify_landing_file(path)) is None:
            scan.strays.append(LeftFile(name, stray_reason(path)))
        else:
            _sort_delivery(scan, landing_file, names, now, settle_seconds)
    return scan


def _sort_delivery(
    scan: LandingScan, landing_file: LandingFile, names: set[str], now: float, settle: float
) -> None:
    """A delivery is ready once announced by its marker or settled; otherwise it waits, and
    the reason says how it will be taken."""
    path = landing_file.path
    state = FileState.of(path)
    marker = path.with_name(path.name + MARKER_SUFFIX)
    if marker.name in names:
        scan.ready.append(ReadyFile(landing_file, state, marker))
        return
    age = _age_seconds(state, now)
    if age >= settle:
        scan.ready.append(ReadyFile(landing_file, state))
    else:
        scan.waiting.append(
            LeftFile(
                path.name,
                f"is still being written (changed {max(age, 0):.0f} s ago); it is taken once "
                f"unchanged for {settle:g} s, or at once when {marker.name} announces it",
            )
        )


def remove_marker(ready: ReadyFile) -> None:
    """A delivery's marker goes once the delivery has left the landing folder."""
    if ready.marker is not None:
        ready.marker.unlink(missing_ok=True)


def describe_left_files(files: list[LeftFile]) -> str:
    return "; ".join(f"{f.name} {f.reason}" for f in files)
