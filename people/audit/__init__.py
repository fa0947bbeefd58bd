"""The read audit: who opened, exported, downloaded or changed which record, and log-in events."""
