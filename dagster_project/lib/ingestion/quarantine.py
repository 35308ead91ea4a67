"""Quarantine: a file that broke its contract leaves the landing folder with its reports, so its
sender can see what was wrong and deliver it again (docs/operations.md, "Bad input").
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from dagster_project.lib.configuration.settings import PipelinePaths
from dagster_project.lib.contracts.offline_pages import with_local_assets
from dagster_project.lib.contracts.validation import FileValidation
from dagster_project.lib.ingestion.data_docs import DATA_DOCS_ASSETS


def quarantine_file(validation: FileValidation, paths: PipelinePaths) -> Path:
    """Move a failed file to the quarantine folder with its reports beside it: <file>.report.json
    (machine-readable) and, when GX could validate it, <file>.report.html (GX Data Docs, linking
    the Data Docs' copies of its CSS, scripts, fonts and logo)."""
    landing_dir, quarantine_dir = paths.landing_dir, paths.quarantine_dir
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    source = landing_dir / validation.file_name
    target = quarantine_dir / validation.file_name
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = target.with_name(f"{target.stem}__{stamp}{target.suffix}")
    report = {
        **validation.to_report(),
        "quarantined_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "problems": validation.problems(),
    }
    Path(f"{target}.report.json").write_text(
        json.dumps(report, indent=2, default=str), encoding="utf-8"
    )
    if validation.data_docs_html:
        assets = paths.validation_docs_dir / DATA_DOCS_ASSETS
        page = with_local_assets(validation.data_docs_html, quarantine_dir, assets)
        Path(f"{target}.report.html").write_text(page, encoding="utf-8")
    source.replace(target)
    return target


def failure_paragraph(failed: list[FileValidation], quarantined: list[Path], waiting: int) -> str:
    """The one paragraph a user reads when a delivery fails: every problem, where the files went
    and what to do, since nothing of the delivery reaches the published file."""
    details = "; ".join(f"{v.file_name}: " + "; ".join(v.problems()) for v in failed)
    where = quarantined[0].parent if quarantined else "the quarantine folder"
    return (
        f"Validation failed for {len(failed)} landed file(s), moved with their reports "
        f"(<file>.report.json, <file>.report.html) to {where}: {details}. Nothing of this delivery was ingested "
        f"and the published file was not changed; {waiting} valid file(s) wait in the landing "
        "folder. Correct the files and deliver them again."
    )
