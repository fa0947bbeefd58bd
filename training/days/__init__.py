"""Training days: planning, places and waiting lists, attendance, reminders and the calendar
file."""
