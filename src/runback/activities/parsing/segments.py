"""Walk-run structure from a stream of samples (speed and/or cadence), in bounded memory.

Each sample is classed run or walk: by cadence when the watch measured one (at least
RUN_CADENCE_SPM steps per minute is running), otherwise by speed. A change of class
counts only once it has lasted MIN_SEGMENT_S, so a few slow steps at a crossing do not
split a run; gaps longer than MAX_GAP_S (a paused timer) are not counted at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from runback.activities.parsing.summary import Segment, SegmentKind

RUN_CADENCE_SPM = 140.0
RUN_SPEED_MS = 2.0  # 7.2 km/h: a slow jog; brisk walking stays below
MAX_GAP_S = 30.0
MIN_SEGMENT_S = 20.0


def classify(speed: float | None, cadence_spm: float | None) -> SegmentKind | None:
    if cadence_spm is not None and cadence_spm > 0:
        return "run" if cadence_spm >= RUN_CADENCE_SPM else "walk"
    if speed is not None:
        return "run" if speed >= RUN_SPEED_MS else "walk"
    return None


class SegmentDetector:
    """Feed samples in time order with `add`; `finish` gives the segments."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self._prev_t: float | None = None
        self._kind: SegmentKind | None = None
        self._seconds = 0.0
        self._candidate = 0.0  # time spent in the other class since the last change
        self._cadence_sum = 0.0
        self._cadence_s = 0.0

    def add(self, t: float, speed: float | None, cadence_spm: float | None) -> None:
        prev, self._prev_t = self._prev_t, t
        if prev is None:
            return
        dt = t - prev
        kind = classify(speed, cadence_spm)
        if not 0 < dt <= MAX_GAP_S or kind is None:
            return
        if kind == "run" and cadence_spm:
            self._cadence_sum += cadence_spm * dt
            self._cadence_s += dt
        self._extend(kind, dt)

    def _extend(self, kind: SegmentKind, dt: float) -> None:
        if self._kind is None or kind == self._kind:
            self._kind = kind
            self._seconds += self._candidate + dt
            self._candidate = 0.0
            return
        self._candidate += dt
        if self._candidate >= MIN_SEGMENT_S:
            self._close()
            self._kind, self._seconds, self._candidate = kind, self._candidate, 0.0

    def _close(self) -> None:
        if self._kind is not None and round(self._seconds) > 0:
            self.segments.append(Segment(self._kind, round(self._seconds)))

    def finish(self) -> tuple[Segment, ...]:
        self._seconds += self._candidate
        self._candidate = 0.0
        self._close()
        self._kind, self._seconds = None, 0.0
        segments = self.segments
        if len(segments) > 1 and segments[0].seconds < MIN_SEGMENT_S:  # the first few steps
            segments[:2] = [Segment(segments[1].kind, segments[0].seconds + segments[1].seconds)]
        return tuple(segments)

    @property
    def run_cadence_spm(self) -> float | None:
        """The mean cadence while running (time-weighted), the FORM-CAD measure."""
        if self._cadence_s < MIN_SEGMENT_S:
            return None
        return round(self._cadence_sum / self._cadence_s, 1)


@dataclass(frozen=True)
class Group:
    """`times` repetitions of `parts` (kind, whole minutes), e.g. 4 x (run 2, walk 3)."""

    times: int
    parts: tuple[tuple[SegmentKind, int], ...]


def minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))


def groups(segments: tuple[Segment, ...] | list[Segment]) -> list[Group]:
    """The segments as a runner would say them: repeated run/walk pairs grouped."""
    items = [(s.kind, minutes(s.seconds)) for s in segments]
    out: list[Group] = []
    i = 0
    while i < len(items):
        pair = tuple(items[i : i + 2])
        if len(pair) == 2 and pair[0][0] == "run" and pair[1][0] == "walk":
            times = 1
            while tuple(items[i + 2 * times : i + 2 * times + 2]) == pair:
                times += 1
            if times > 1:
                out.append(Group(times, pair))
                i += 2 * times
                continue
        out.append(Group(1, (items[i],)))
        i += 1
    return out
