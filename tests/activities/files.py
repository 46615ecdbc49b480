"""Small activity files the tests write themselves: FIT with fit-tool, GPX and TCX as text."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime, timedelta

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import Event, EventType, FileType, Manufacturer, Sport

START = datetime(2026, 1, 7, 7, 30, tzinfo=UTC)
# The test session of the plan: walk 5 min, then 3 x (run 1 min, walk 3 min).
TEST_SESSION = [("walk", 300)] + [("run", 60), ("walk", 180)] * 3
# Per leg, as FIT stores it: 82.5 strides = 165 steps per minute.
RUN = {"speed": 2.6, "cadence": 82, "fractional": 0.5}
WALK = {"speed": 1.4, "cadence": 57, "fractional": 0.0}


def _ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def fit_activity(
    pattern: list[tuple[str, int]] = TEST_SESSION,
    *,
    start: datetime = START,
    gps: bool = True,
    sport: Sport = Sport.RUNNING,
    session: bool = True,
) -> bytes:
    """A FIT activity recorded once a second, with walk and run parts as in `pattern`."""
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.product = 0
    file_id.time_created = _ms(start)
    file_id.serial_number = 0x1234
    builder.add(file_id)
    event = EventMessage()
    event.event, event.event_type, event.timestamp = Event.TIMER, EventType.START, _ms(start)
    builder.add(event)
    t, distance, records = 0, 0.0, []
    for kind, seconds in pattern:
        values = RUN if kind == "run" else WALK
        for _ in range(seconds):
            t += 1
            distance += values["speed"]
            record = RecordMessage()
            record.timestamp = _ms(start + timedelta(seconds=t))
            record.speed = values["speed"]
            record.distance = distance
            record.cadence = values["cadence"]
            record.fractional_cadence = values["fractional"]
            record.heart_rate = 130 if kind == "run" else 100
            if gps:
                record.position_lat = 55.68 + t * 1e-5
                record.position_long = 12.57
            records.append(record)
    builder.add_all(records)
    if session:
        message = SessionMessage()
        message.timestamp = _ms(start + timedelta(seconds=t))
        message.start_time = _ms(start)
        message.sport = sport
        message.total_elapsed_time = float(t)
        message.total_timer_time = float(t)
        message.total_distance = distance
        message.avg_heart_rate = 110
        builder.add(message)
    return bytes(builder.build().to_bytes())


def gpx_activity(start: datetime = START, points: int = 120, speed: float = 2.6) -> bytes:
    """A GPX track: one point a second, `speed` metres per second northwards."""
    rows = []
    for i in range(points):
        lat = 55.68 + i * speed / 111_195
        moment = (start + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(f'<trkpt lat="{lat:.7f}" lon="12.57"><time>{moment}</time></trkpt>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><type>running</type><trkseg>{''.join(rows)}</trkseg></trk></gpx>"
    ).encode()


def tcx_activity(start: datetime = START, points: int = 120, cadence: int = 84) -> bytes:
    """A TCX run without GPS (a treadmill): time, distance and run cadence per point."""
    ns = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
    ext = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
    stamp = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = []
    for i in range(points):
        moment = (start + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(
            f"<Trackpoint><Time>{moment}</Time><DistanceMeters>{i * 2.5}</DistanceMeters>"
            f'<HeartRateBpm><Value>140</Value></HeartRateBpm><Extensions><TPX xmlns="{ext}">'
            f"<RunCadence>{cadence}</RunCadence></TPX></Extensions></Trackpoint>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase xmlns="{ns}">'
        f'<Activities><Activity Sport="Running"><Id>{stamp}</Id><Lap StartTime="{stamp}">'
        f"<TotalTimeSeconds>{points - 1}</TotalTimeSeconds>"
        f"<DistanceMeters>{(points - 1) * 2.5}</DistanceMeters><Track>{''.join(rows)}</Track>"
        "</Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


XML_BOMB_TCX = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b"<TrainingCenterDatabase><Activities>&lol3;</Activities></TrainingCenterDatabase>"
)
XML_BOMB_GPX = XML_BOMB_TCX.replace(b"TrainingCenterDatabase", b"gpx")


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(unpacked_mb: int = 80) -> bytes:
    """A small zip holding one file that unpacks to `unpacked_mb` MB of zeros."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("bomb.fit", "w", force_zip64=True) as member,
    ):
        chunk = b"\0" * (1024 * 1024)
        for _ in range(unpacked_mb):
            member.write(chunk)
    return buffer.getvalue()
