"""Landing files to the warehouse's raw tables: take, stage, validate, merge, archive, rebuild."""
