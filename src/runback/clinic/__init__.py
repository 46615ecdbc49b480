"""The clinic side: runners who share with a clinic, alerts, the dashboard, the record."""
