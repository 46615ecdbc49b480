"""Runback's app icons, drawn here (no third-party artwork): the green square with the
white rising curve of favicon.svg, full-bleed so that Android may cut it to any shape
(the curve stays inside the safe zone, the middle 80 %).

Run: python3 tools/draw_icons.py src/runback/static/runback/icons
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw

GREEN = (29, 92, 74)
WHITE = (255, 255, 255)
SIZES = {"icon-192.png": 192, "icon-512.png": 512, "apple-touch-icon.png": 180}
SCALE = 4  # drawn large, then scaled down: smooth edges


def bezier(p0, p1, p2, p3, steps=64):
    """Points of a cubic Bezier curve (the favicon's 'c' path)."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        points.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return points


def draw(size):
    big = size * SCALE
    image = Image.new("RGB", (big, big), GREEN)
    pen = ImageDraw.Draw(image)
    unit = big / 32  # the favicon's 32x32 grid, the curve pulled into the safe zone
    curve = bezier((10, 22), (13, 13.5), (16.5, 10), (22, 10), steps=400)
    r = 1.6 * unit  # the stroke, stamped as discs along the curve: smooth, round ends
    for x, y in curve:
        cx, cy = x * unit, y * unit
        pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    for name, size in SIZES.items():
        draw(size).save(out / name, optimize=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
