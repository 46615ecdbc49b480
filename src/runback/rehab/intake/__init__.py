"""The intake: red flags, then the back."""
