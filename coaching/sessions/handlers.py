"""Outbox handlers of the coaching app's sessions e-mails (imported by CoachingConfig.ready)."""
