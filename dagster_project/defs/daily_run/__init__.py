"""The daily job: its as-of-date partitions, job and schedule."""
