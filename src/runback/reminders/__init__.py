"""Email reminders: the next-morning question, the weekly status and a nudge."""
