"""The checks of the raw tables: each dataset's Great Expectations suite (blocking) and its
warnings, and the warning about files left in the landing folder; declared here, reported by the
ingestion asset (assets.py) from what the validations found."""

from pathlib import Path

import dagster as dg

from dagster_project.lib.contracts.datasets import DATASETS
from dagster_project.lib.contracts.validation import FileValidation
from dagster_project.lib.ingestion.landing import LeftFile, describe_left_files

MANIFEST_KEY = dg.AssetKey(["raw", "ingested_files"])


def raw_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", dataset])


def contract_check_name(dataset: str) -> str:
    return f"{dataset}_files_meet_their_contract"


def warning_check_name(dataset: str) -> str:
    return f"{dataset}_files_raise_no_warnings"


LANDING_CHECK = "every_landed_file_was_taken"


check_specs = [
    spec
    for dataset in DATASETS
    for spec in (
        dg.AssetCheckSpec(
            name=contract_check_name(dataset),
            asset=raw_key(dataset),
            blocking=True,
            description=f"Great Expectations suite expectations/{dataset}.json on the new files, "
            "before they are merged; a failing file is quarantined and the run stops.",
        ),
        dg.AssetCheckSpec(
            name=warning_check_name(dataset),
            asset=raw_key(dataset),
            description=f"Warning-level expectations of expectations/{dataset}.json (unusual row "
            "counts, columns beyond the contract; unknown or dropped customers when configured "
            "to warn).",
        ),
    )
] + [
    dg.AssetCheckSpec(
        name=LANDING_CHECK,
        asset=MANIFEST_KEY,
        description="Warns about files left in the landing folder: still being written, partial "
        "or compressed uploads, names that only look like deliveries, folders, stray markers.",
    )
]


def _check_metadata(
    validations: list[FileValidation], kind: str, data_docs: dict[str, Path]
) -> dict:
    """What a check shows in the UI: each file's unexpected counts (or why it could not be
    read) and a link to each validation's Data Docs page."""
    outcomes = {}
    for validation in validations:
        selected = validation.failures if kind == "failures" else validation.warnings
        if validation.read_error and kind == "failures":
            outcomes[validation.file_name] = {"read_error": validation.read_error}
        elif selected:
            outcomes[validation.file_name] = {o.description: o.unexpected_count for o in selected}
    pages = {
        f"data_docs {v.file_name}": dg.MetadataValue.path(str(data_docs[v.file_name]))
        for v in validations
        if v.file_name in data_docs
    }
    return {"files_validated": len(validations), "unexpected_counts": outcomes, **pages}


def landing_check_result(left: list[LeftFile]) -> dg.AssetCheckResult:
    """A warning, not a failure: a file left in the landing folder is taken by a later run or
    waits for its sender, and the rest of the delivery is still ingested."""
    return dg.AssetCheckResult(
        asset_key=MANIFEST_KEY,
        check_name=LANDING_CHECK,
        passed=not left,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"{len(left)} file(s) left in the landing folder: {describe_left_files(left)}."
            if left
            else "Every file in the landing folder was taken."
        ),
        metadata={"left_in_landing": {f.name: f.reason for f in left}},
    )


def check_results(by_dataset: dict[str, list[FileValidation]], data_docs: dict[str, Path]):
    """The checks of each dataset that had files to validate. A dataset with no new file has
    nothing to check: its checks report no result, which the UI shows as skipped."""
    for dataset in DATASETS:
        validations = by_dataset.get(dataset, [])
        if not validations:
            continue
        yield dg.AssetCheckResult(
            asset_key=raw_key(dataset),
            check_name=contract_check_name(dataset),
            passed=all(v.passed for v in validations),
            metadata=_check_metadata(validations, "failures", data_docs),
        )
        yield dg.AssetCheckResult(
            asset_key=raw_key(dataset),
            check_name=warning_check_name(dataset),
            passed=not any(v.warnings for v in validations),
            severity=dg.AssetCheckSeverity.WARN,
            metadata=_check_metadata(validations, "warnings", data_docs),
        )
