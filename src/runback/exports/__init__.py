"""The plan outside the app: a workout file for the watch, a calendar feed and a PDF."""
