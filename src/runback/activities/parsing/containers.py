"""Opening what a runner uploads: a FIT, GPX or TCX file, each maybe gzip-compressed
(as Strava exports them), or a zip of such files (a Strava or Garmin bulk export).

Everything is read against limits, so a zip bomb or a gzip bomb fails alone: no member
is ever unpacked beyond `max_unpacked_bytes`, and an archive lists at most `max_files`.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from runback.activities.parsing.summary import MAX_POINTS, ImportProblem

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")
CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 64 * 1024 * 1024
    max_files: int = 1000
    max_unpacked_bytes: int = 64 * 1024 * 1024
    max_points: int = MAX_POINTS


@dataclass(frozen=True)
class Entry:
    """One activity file inside an upload; `read` gives its bytes (or raises ImportProblem)."""

    name: str
    read: Callable[[], bytes]


def is_zip(name: str, head: bytes) -> bool:
    return name.lower().endswith(".zip") or head[:4] == b"PK\x03\x04"


def activity_suffix(name: str) -> str:
    """`.fit`, `.gpx` or `.tcx` (with `.gz` dropped), or "" for anything else."""
    lower = name.lower().removesuffix(".gz")
    return next((suffix for suffix in ACTIVITY_SUFFIXES if lower.endswith(suffix)), "")


def _too_big(limits: Limits) -> ImportProblem:
    mb = limits.max_unpacked_bytes // (1024 * 1024)
    return ImportProblem("unpacked_too_large", f"it unpacks to more than {mb} MB")


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def read_limited(stream: _Readable, limit: int) -> bytes:
    """Read at most `limit` bytes; one byte more means too large."""
    out = bytearray()
    while chunk := stream.read(min(CHUNK, limit + 1 - len(out))):
        out += chunk
        if len(out) > limit:
            raise OverflowError
    return bytes(out)


def gunzip(data: bytes, limits: Limits) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return read_limited(stream, limits.max_unpacked_bytes)
    except OverflowError:
        raise _too_big(limits) from None
    except (OSError, EOFError, zlib.error):
        raise ImportProblem("bad_gzip", "it is not a readable gzip file") from None


def unpacked(name: str, data: bytes, limits: Limits) -> bytes:
    """The activity file itself: gunzipped when it is gzip (by name or by content)."""
    if data[:2] == b"\x1f\x8b":
        return gunzip(data, limits)
    if name.lower().endswith(".gz"):
        raise ImportProblem("bad_gzip", "it is named .gz but is not gzip-compressed")
    if len(data) > limits.max_unpacked_bytes:
        raise _too_big(limits)
    return data


def _member_reader(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits
) -> Callable[[], bytes]:
    def read() -> bytes:
        if info.file_size > limits.max_unpacked_bytes:
            raise _too_big(limits)
        try:
            with archive.open(info) as stream:
                data = read_limited(stream, limits.max_unpacked_bytes)
        except OverflowError:
            raise _too_big(limits) from None
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            zlib.error,
            NotImplementedError,
            RuntimeError,
        ):
            raise ImportProblem(
                "bad_archive", "it could not be unpacked from the zip file"
            ) from None
        return unpacked(info.filename, data, limits)

    return read


def zip_entries(data: bytes, limits: Limits) -> Iterator[Entry]:
    """The activity files of a zip, in its order; other files (photos, CSV) are skipped.
    More than `max_files` activity files: the archive is refused as a whole."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [
            info
            for info in archive.infolist()
            if not info.is_dir() and activity_suffix(info.filename)
        ]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ImportProblem("bad_archive", "it is not a readable zip file") from None
    if len(infos) > limits.max_files:
        raise ImportProblem(
            "too_many_files", f"it holds more than {limits.max_files} activity files"
        )
    for info in infos:
        yield Entry(info.filename, _member_reader(archive, info, limits))


def zip_member(data: bytes, member: str, limits: Limits) -> bytes:
    """One activity file of a zip, unpacked within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo(member)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        raise ImportProblem("bad_archive", "it is not a readable zip file") from None
    return _member_reader(archive, info, limits)()
