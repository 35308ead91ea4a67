"""The dashboard for sales leaders and Key Account Managers: a Streamlit app over the published
file, read-only (README, "The dashboard"). `make dashboard-serve` serves it on localhost."""
