"""Certificates: issuing, revoking and renewing them, the reminders before they expire, the PDF
and the public verification."""
