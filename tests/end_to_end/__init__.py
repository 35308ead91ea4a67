"""End-to-end tests: the daily job, the command line, the published file, the UI and the dashboard, as users meet them."""
