"""Runback: guidance for runners with low back pain."""
