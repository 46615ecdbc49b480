"""`runback content check` on one illustration: plain SVG, self-contained, textless.

Plain Python (no Django)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # trusted files of this repository; DTDs are rejected first
from pathlib import Path

_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_SVG_FORBIDDEN = frozenset(
    {"script", "foreignObject", "iframe", "embed", "object", "audio", "video", "image",
     "a", "handler", "listener"}
)  # fmt: skip
_SVG_TEXT = frozenset({"text", "tspan", "textPath"})
_URL_RE = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


def svg_problems(path: Path) -> list[str]:
    """What is wrong with one illustration: it must be plain SVG, self-contained, textless."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [f"cannot read: {exc}"]
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return ["DOCTYPE/ENTITY declarations are not allowed"]
    try:
        root = ET.fromstring(data)  # noqa: S314 - repository file, DTDs rejected above
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    problems: list[str] = []
    if b"<?xml-stylesheet" in data:
        problems.append("external style sheet")
    problems += _svg_root_problems(root)
    found: set[str] = set()  # a set: one line per kind of problem, not per element
    for element in root.iter():
        found.update(_svg_element_problems(element))
    return problems + sorted(found)


def _svg_root_problems(root: ET.Element) -> list[str]:
    problems = []
    if root.tag != f"{_SVG_NS}svg":
        problems.append(f"root element is {root.tag!r}, want <svg> in the SVG namespace")
    if "viewBox" not in root.attrib:
        problems.append("the <svg> element has no viewBox (the page scales the picture)")
    return problems


def _svg_element_problems(element: ET.Element) -> set[str]:
    found: set[str] = set()
    tag = str(element.tag).rpartition("}")[2]
    if tag in _SVG_FORBIDDEN:
        found.add(f"<{tag}> is not allowed")
    if tag in _SVG_TEXT and "".join(element.itertext()).strip():
        found.add("text inside the picture (use the alt texts instead)")
    if tag == "style" and element.text:
        found.update(_css_problems(element.text))
    for name, value in element.attrib.items():
        found.update(_svg_attribute_problems(name, value))
    return found


def _svg_attribute_problems(name: str, value: str) -> set[str]:
    found: set[str] = set()
    local = name.rpartition("}")[2]
    if local.lower().startswith("on"):
        found.add(f"event handler attribute {local!r}")
    if (name == _XLINK_HREF or local == "href") and not value.startswith("#"):
        found.add(f"external reference {value!r}")
    found.update(_css_problems(value))
    return found


def _css_problems(text: str) -> list[str]:
    problems = []
    if "@import" in text:
        problems.append("@import in a style")
    for target in _URL_RE.findall(text):
        if not target.startswith("#"):
            problems.append(f"external reference url({target})")
    return problems
