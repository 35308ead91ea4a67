"""Landing files to the warehouse's raw tables (docs/operations.md, "How it runs").

The entry point is `write_audit_publish.ingest_landing_folder`, given an `IngestionRules`
(rules.py): it takes the complete deliveries (landing.py), stages them in the holding area
(holding_area.py, typed by typed_columns.py), validates them there (audit.py, against
reference_views.py), then quarantines the failed files (quarantine.py) or merges the delivery
into the raw tables and their manifest (merge.py, raw_tables.py) and archives it (archive.py).
The imports run one way, from the entry point to the steps and from a step to what it builds
on: no step imports write_audit_publish.py, and landing.py, rules.py, typed_columns.py,
data_docs.py and raw_tables.py import no other module of the package. rebuild.py replays the
archive through the entry point.
"""
