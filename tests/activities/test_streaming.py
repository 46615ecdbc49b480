"""The streaming GPX and TCX readers agree with the whole-document readers they replaced
(on the suite's own files, the shared real files and generated tracks), and a file with
more points than the cap is refused with its reason: the bound on time per file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runback.activities.parsing import ImportProblem, Limits, parse_activity, parse_file_bytes
from runback.activities.parsing.summary import ActivitySummary
from tests.activities.files import (
    START,
    XML_BOMB_GPX,
    XML_BOMB_TCX,
    fit_activity,
    gpx_activity,
    gz,
    tcx_activity,
)
from tests.activities.reference_parsers import gpx_dom, tcx_text


def rich_gpx(
    tracks: list[list[list[tuple[float, int, int | None, int | None]]]],
    sport: str | None = "running",
) -> bytes:
    """Tracks of segments of points (metres north, seconds, heart rate, cadence), with
    Garmin's TrackPointExtension; a link with its own <type> to be ignored."""
    ns = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
    out = []
    for t_index, segments in enumerate(tracks):
        kind = f"<type>{sport}</type>" if sport and t_index == 0 else ""
        parts = [f"<trk><name>t{t_index}</name><link href='x'><type>text</type></link>{kind}"]
        for points in segments:
            parts.append("<trkseg>")
            for north, second, hr, cad in points:
                lat = 55.68 + north / 111_195
                moment = (START + timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")
                ext = ""
                if hr is not None or cad is not None:
                    inner = (f"<gpxtpx:hr>{hr}</gpxtpx:hr>" if hr is not None else "") + (
                        f"<gpxtpx:cad>{cad}</gpxtpx:cad>" if cad is not None else ""
                    )
                    ext = f"<extensions><gpxtpx:TrackPointExtension>{inner}"
                    ext += "</gpxtpx:TrackPointExtension></extensions>"
                parts.append(
                    f'<trkpt lat="{lat:.7f}" lon="12.57"><ele>10</ele>'
                    f"<time>{moment}</time>{ext}</trkpt>"
                )
            parts.append("</trkseg>")
        parts.append("</trk>")
        out.append("".join(parts))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" '
        f'xmlns:gpxtpx="{ns}"><wpt lat="55.6" lon="12.5"><name>start</name></wpt>'
        f"{''.join(out)}</gpx>"
    ).encode()


def same(name: str, data: bytes) -> tuple[ActivitySummary | str, ActivitySummary | str]:
    reference = gpx_dom if name.endswith(".gpx") else tcx_text

    def outcome(read: Callable[[bytes], ActivitySummary]) -> ActivitySummary | str:
        try:
            return read(data)
        except ImportProblem as problem:
            return problem.code

    return outcome(lambda d: parse_activity(name, d)), outcome(reference)


OWN = {
    "own.gpx": gpx_activity(),
    "slow.gpx": gpx_activity(start=START + timedelta(days=1), points=400, speed=1.2),
    "rich.gpx": rich_gpx(
        [
            [
                [(i * 2.8, i, 150, 84) for i in range(90)],
                [(300 + i, 120 + i, 110, 60) for i in range(60)],
            ],
            [[(600 + i * 3, 200 + i, None, 88) for i in range(40)]],
        ]
    ),
    "no-sport.gpx": rich_gpx([[[(i * 2.0, i, None, None) for i in range(30)]]], sport=None),
    "own.tcx": tcx_activity(),
    "walk.tcx": tcx_activity(start=START + timedelta(days=2), cadence=55),
    "bomb.gpx": XML_BOMB_GPX,
    "bomb.tcx": XML_BOMB_TCX,
    "cut.gpx": gpx_activity()[:-300],
    "cut.tcx": tcx_activity()[:-300],
    "latin1.gpx": gpx_activity().replace(b"UTF-8", b"ISO-8859-1").replace(b"test", b"t\xe6st"),
    "bad-time.gpx": gpx_activity().replace(b"<time>2", b"<time>x2", 1),
    "bad-lat.gpx": gpx_activity().replace(b'lat="', b'lat="n', 1),
}


@pytest.mark.parametrize("name", sorted(OWN))
def test_streaming_agrees_on_own_files(name: str) -> None:
    streamed, reference = same(name, OWN[name])
    assert streamed == reference


@pytest.mark.parametrize(
    "name",
    ["gpx/korita-zbevnica.gpx", "gpx/cerknicko-without-times.gpx", "tcx/test.tcx", "tcx/no_hr.tcx"],
)
def test_streaming_agrees_on_real_files(shared_data: Path, name: str) -> None:
    streamed, reference = same(name, (shared_data / name).read_bytes())
    assert streamed == reference


point = st.tuples(
    st.floats(0, 5, allow_nan=False),
    st.integers(1, 40),
    st.none() | st.integers(0, 260),
    st.none() | st.integers(0, 120),
)


@given(
    st.lists(st.lists(st.lists(point, max_size=30), min_size=1, max_size=3), max_size=3),
    st.sampled_from(["running", "walking", "cycling", None]),
)
def test_streaming_agrees_on_generated_tracks(
    tracks: list[list[list[tuple[float, int, int | None, int | None]]]], sport: str | None
) -> None:
    # Steps (metres, seconds) become positions and times increasing along each segment.
    absolute = []
    north = second = 0.0
    for segments in tracks:
        track = []
        for points in segments:
            seg = []
            for step, dt, hr, cad in points:
                north += step
                second += dt
                seg.append((north, int(second), hr, cad))
            track.append(seg)
        absolute.append(track)
    streamed, reference = same("gen.gpx", rich_gpx(absolute, sport))
    assert streamed == reference


@pytest.mark.parametrize(
    ("name", "data", "unit"),
    [
        ("long.gpx", gpx_activity(points=101), "track points"),
        ("long.tcx", tcx_activity(points=101), "track points"),
        ("long.fit", fit_activity(), "records"),
    ],
)
def test_more_points_than_the_cap_is_refused_with_its_reason(
    name: str, data: bytes, unit: str
) -> None:
    with pytest.raises(ImportProblem) as refused:
        parse_activity(name, data, max_points=100)
    assert refused.value.code == "too_many_points"
    assert refused.value.message == f"it holds more than 100 {unit}"
    # At the cap it reads; through the upload path the cap comes with the limits.
    assert parse_activity(name, gpx_activity(points=100) if name.endswith(".gpx") else data)
    with pytest.raises(ImportProblem):
        parse_file_bytes(f"{name}.gz", gz(data), Limits(max_points=100))
