"""Nothing lost, nothing silent: a file still being written is never half-ingested.

Each test reproduces a delivery that once lost data or went unreported. The end-to-end
consequences (published tables, the run's checks) are in tests/end_to_end/test_bad_input_*.py.
"""

import threading
import time

import pytest

from dagster_project.lib.ingestion.write_audit_publish import DeliveryChanged
from tests.integration.ingestion.delivery_site import (
    HEADER,
)

# 1. A file still being written is never half-ingested.


def test_a_file_being_written_is_left_until_it_has_settled_then_taken_whole(site):
    """A 200,000-line CSV written while a run starts: the run leaves it; once complete and
    unchanged for the settle interval, all 200,000 lines are taken."""
    site.master("C1")
    path = site.landing / "sales_lines_2026-11-26.csv"
    lines = [f"O{n},1,2026-11-26,C1,P1,1,10,0,EUR\n" for n in range(200_000)]
    started = threading.Event()

    def write_slowly():
        with path.open("w", encoding="utf-8") as handle:
            handle.write(HEADER + "\n")
            for block in range(0, len(lines), 10_000):
                handle.writelines(lines[block : block + 10_000])
                handle.flush()
                started.set()
                time.sleep(0.1)

    writer = threading.Thread(target=write_slowly)
    writer.start()
    started.wait()
    run = site.ingest(settle_seconds=1.0)
    writer.join()

    assert run.files == []
    [left] = run.left
    assert left.name == path.name and "is still being written" in left.reason
    assert "taken once unchanged for 1 s, or at once when" in left.reason
    assert site.query("select count(*) from raw.sales_lines") == [(0,)]
    assert site.left_in_landing() == [path.name]

    time.sleep(1.1)
    run = site.ingest(settle_seconds=1.0)
    assert [(f.file_name, f.row_count) for f in run.files] == [(path.name, 200_000)]
    assert site.query("select count(*) from raw.sales_lines") == [(200_000,)]


def test_a_marker_announces_a_complete_file_at_once_and_goes_with_it(site):
    site.master("C1")
    site.deliver("sales_lines_2026-11-26.csv", f"{HEADER}\nA,1,2026-11-26,C1,P1,1,10,0,EUR")
    (site.landing / "sales_lines_2026-11-26.csv.done").touch()
    run = site.ingest(settle_seconds=3600)
    assert [f.file_name for f in run.files] == ["sales_lines_2026-11-26.csv"]
    assert site.left_in_landing() == []


def test_a_file_written_to_while_it_is_read_is_left_out_and_taken_whole_later(site, monkeypatch):
    """The writer adds lines after the file was found and before its read ended."""
    from dagster_project.lib.ingestion import write_audit_publish

    site.master("C1")
    path = site.deliver("sales_lines_2026-11-26.csv", f"{HEADER}\nA,1,2026-11-26,C1,P1,1,10,0,EUR")
    stage_files = write_audit_publish.stage_files

    def stage_while_the_writer_goes_on(conn, new_files):
        staged = stage_files(conn, new_files)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("A,2,2026-11-26,C1,P1,1,10,0,EUR\n")
        return staged

    monkeypatch.setattr(write_audit_publish, "stage_files", stage_while_the_writer_goes_on)
    run = site.ingest()
    assert run.files == []
    assert [(f.name, f.reason) for f in run.left] == [
        (path.name, "changed while it was being read; it is taken once complete")
    ]
    assert site.query("select count(*) from raw.sales_lines") == [(0,)]

    monkeypatch.setattr(write_audit_publish, "stage_files", stage_files)
    site.ingest()
    assert site.query("select line_number from raw.sales_lines order by 1") == [(1,), (2,)]


def test_a_file_changed_after_its_validation_stops_the_merge(site, monkeypatch):
    from dagster_project.lib.ingestion import write_audit_publish

    site.master("C1")
    path = site.deliver("sales_lines_2026-11-26.csv", f"{HEADER}\nA,1,2026-11-26,C1,P1,1,10,0,EUR")
    validate = write_audit_publish.validate_staged_files

    def validate_then_change(*args):
        outcome = validate(*args)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("A,2,2026-11-26,C1,P1,1,10,0,EUR\n")
        return outcome

    monkeypatch.setattr(write_audit_publish, "validate_staged_files", validate_then_change)
    with pytest.raises(DeliveryChanged, match="sales_lines_2026-11-26.csv changed after it was"):
        site.ingest()
    assert site.query("select count(*) from raw.sales_lines") == [(0,)]
    assert site.left_in_landing() == [path.name]
