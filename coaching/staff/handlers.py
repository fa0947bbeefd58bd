"""Outbox handlers of the coaching app's staff e-mails (imported by CoachingConfig.ready)."""
