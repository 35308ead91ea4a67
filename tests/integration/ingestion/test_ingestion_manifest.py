"""Landing files → raw tables: the manifest of ingested files, the archive, and what stays in landing.

Each test runs the whole validated ingestion (stage, Great Expectations, merge) on a warehouse
of its own; the files here are all valid, bad ones are in tests/end_to_end/test_bad_input_*.py.
"""

from dagster_project.lib.ingestion.raw_tables import file_checksum, missing_required_datasets
from tests.conftest import write_csv
from tests.integration.ingestion.raw_tables_site import (
    HEADER,
)


def test_delivering_the_same_file_twice_changes_nothing(installation):
    installation.deliver_master("C1")
    content = f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR\nA1,2,2026-01-02,C1,P2,1,10,0,EUR"
    write_csv(installation.landing / "sales_lines_2026-01-02.csv", content)
    first = installation.ingest()
    before = installation.sales_rows()
    manifest_before = installation.query("select * from raw.ingested_files")

    write_csv(installation.landing / "sales_lines_2026-01-02.csv", content)
    second = installation.ingest()

    assert [r.already_ingested for r in first] == [False]
    assert [r.already_ingested for r in second] == [True]
    assert installation.sales_rows() == before
    assert installation.query("select * from raw.ingested_files") == manifest_before
    assert list(installation.landing.iterdir()) == []
    assert [p.name for p in (installation.archive / "sales_lines").iterdir()] == [
        "sales_lines_2026-01-02.csv"
    ]


def test_manifest_records_each_file_and_the_file_is_archived(installation):
    installation.deliver_master("C1")
    path = write_csv(
        installation.landing / "sales_lines_2026-01-02.csv",
        f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR",
    )
    checksum = file_checksum(path)
    installation.ingest()
    row = installation.query(
        "select ingestion_id, file_name, dataset, file_format, checksum_sha256, row_count, archive_path, "
        "loaded_at is not null from raw.ingested_files where dataset = 'sales_lines'"
    )
    archived = installation.archive / "sales_lines" / "sales_lines_2026-01-02.csv"
    assert row == [
        (2, "sales_lines_2026-01-02.csv", "sales_lines", "csv", checksum, 1, str(archived), True)
    ]
    assert archived.exists() and not path.exists()


def test_same_name_with_new_content_is_archived_beside_the_first(installation):
    installation.deliver_master("C1")
    write_csv(
        installation.landing / "sales_lines_x.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR"
    )
    installation.ingest()
    path = write_csv(
        installation.landing / "sales_lines_x.csv", f"{HEADER}\nA1,1,2026-01-02,C1,P1,6,10,0,EUR"
    )
    checksum = file_checksum(path)
    installation.ingest()
    assert sorted(p.name for p in (installation.archive / "sales_lines").iterdir()) == [
        "sales_lines_x.csv",
        f"sales_lines_x__{checksum[:12]}.csv",
    ]
    assert installation.sales_rows() == [("A1", 1, "C1", 6.0, "sales_lines_x.csv")]


def test_a_file_committed_but_not_yet_archived_is_not_loaded_twice(installation):
    """A crash between the commit and the move leaves the file in landing: it must not double."""
    installation.deliver_master("C1")
    write_csv(
        installation.landing / "sales_lines_2026-01-02.csv",
        f"{HEADER}\nA1,1,2026-01-02,C1,P1,5,10,0,EUR",
    )
    installation.ingest()
    archived = installation.archive / "sales_lines" / "sales_lines_2026-01-02.csv"
    archived.rename(installation.landing / archived.name)  # as if the move had never happened

    results = installation.ingest()
    assert [r.already_ingested for r in results] == [True]
    assert archived.exists() and list(installation.landing.iterdir()) == []
    assert installation.query("select count(*) from raw.sales_lines") == [(1,)]


def test_required_datasets_missing_until_delivered(installation):
    installation.ingest()
    with installation.connect() as conn:
        assert missing_required_datasets(conn) == ["sales_lines", "customers"]
    installation.deliver_master("C1")
    with installation.connect() as conn:
        assert missing_required_datasets(conn) == ["sales_lines"]


def test_files_that_are_not_inputs_stay_in_landing_and_are_reported(installation):
    note = write_csv(installation.landing / "notes.txt", "not data")
    assert installation.ingest() == []
    assert note.exists()
    assert [left.name for left in installation.run.left] == ["notes.txt"]
