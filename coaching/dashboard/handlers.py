"""Outbox handlers of the coaching app's dashboard e-mails (imported by CoachingConfig.ready)."""
