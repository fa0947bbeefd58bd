"""Outbox handlers of the coaching app's portal e-mails (imported by CoachingConfig.ready)."""
