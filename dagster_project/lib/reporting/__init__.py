"""What people read of a run: the printed summary, pictures, alerts and notifications."""
