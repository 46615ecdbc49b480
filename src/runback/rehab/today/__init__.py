"""Today: the plan for today, why, and the red flags at any time."""
