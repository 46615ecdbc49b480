"""The runner's rehab: events (append-only), snapshots of the engine's advice, pages."""
