"""History: every entry, corrections and withdrawals, progress and the download."""
