"""Watch files in: FIT, GPX and TCX import, walk-run detection, measured cadence."""
