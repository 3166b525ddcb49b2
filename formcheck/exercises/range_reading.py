"""Range judged on true hip extension, with the landmark proxy kept beside it as a second reading.

The seeds define range as *true* hip extension: the thigh behind the pelvis, not the knee behind a
line drawn in the image. An arch tips the pelvis forward and puts the knee behind the hip line (or
the thigh below the couch line) with no hip extension at all, so ``shallow_range`` is flagged on the
pelvis-relative angle (``kinematics.hip``). Where that angle is unmeasurable (no lumbar reading, a
collapsed thigh) range is *not judged*: this module counts those frames and their spans so the
report says so, and never substitutes the proxy. Frames whose back edge was hidden still carry a hip
extension, computed with the arch bridged from the frames around them, held as last seen, or taken
as neutral (``kinematics.unseen_back``); their share is reported, as that reading is less certain. The proxy (thigh against the couch line, rear knee
against the hip line) is reported under its own name, with what it alone would have said.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from formcheck.exercises.signals import rounded

# Below this share of the frames where range is read with a measured hip extension, a verdict says
# range went unjudged rather than implying it was fine (the coverage target is 90 %).
RANGE_JUDGED_MIN_SHARE = 0.9
JUDGED_ON = "hip_extension_deg: the thigh against the pelvis, the lumbar arch removed"


@dataclass(frozen=True, slots=True)
class LandmarkProxy:
    """The landmark reading range used to be judged on, kept as a secondary, named figure."""

    name: str  # the angle's name, e.g. "thigh_to_horizontal_deg"
    what: str  # in words, e.g. "the hanging thigh against the couch line"
    shallow_deg: float  # where the proxy alone would call the range shallow
    shallow_above: bool  # True: shallow at or above ``shallow_deg``


@dataclass(slots=True)
class RangeReading:
    """Every frame where range is read: its hip extension (or None) and the proxy's value."""

    proxy: LandmarkProxy
    judged_frames: int = 0
    hip_extension_deg: list[float] = field(default_factory=list)
    back_unseen_frames: int = 0  # hip extension measured with the arch not seen in that frame
    proxy_deg: list[float] = field(default_factory=list)
    unmeasured_spans_s: list[list[float]] = field(default_factory=list)
    _open_gap: list[float] | None = None

    def observe(
        self, t: float, hip_extension_deg: float | None, proxy_deg: float | None, *, back_seen: bool = True
    ) -> None:
        """One frame in which the exercise reads range (in position, the pose steady); ``back_seen``:
        the frame's own lumbar arch was measured (else hip extension used a bridged or held arch)."""
        self.judged_frames += 1
        if proxy_deg is not None:
            self.proxy_deg.append(proxy_deg)
        if hip_extension_deg is not None:
            self.hip_extension_deg.append(hip_extension_deg)
            self.back_unseen_frames += not back_seen
            self._open_gap = None
            return
        if self._open_gap is None:
            self._open_gap = [t, t]
            self.unmeasured_spans_s.append(self._open_gap)
        else:
            self._open_gap[1] = t

    @property
    def measured_fraction(self) -> float | None:
        return len(self.hip_extension_deg) / self.judged_frames if self.judged_frames else None

    def summary(self) -> dict:
        """The report's ``range`` entry: the judged angle, its coverage, and the proxy beside it."""
        proxy = self.proxy
        proxy_median = statistics.median(self.proxy_deg) if self.proxy_deg else None
        proxy_shallow = (
            None
            if proxy_median is None
            else (
                proxy_median >= proxy.shallow_deg
                if proxy.shallow_above
                else proxy_median <= proxy.shallow_deg
            )
        )
        hip = self.hip_extension_deg
        return {
            "judged_on": JUDGED_ON,
            "frames_judged": self.judged_frames,
            "hip_extension_measured_fraction": rounded(self.measured_fraction, 3),
            "median_hip_extension_deg": rounded(statistics.median(hip)) if hip else None,
            # of the measured frames, those whose arch was bridged, held or taken as neutral
            "hip_extension_back_unseen_fraction": rounded(
                self.back_unseen_frames / len(hip) if hip else None, 3
            ),
            # Where hip extension was unmeasurable range was not judged (no fallback to the proxy).
            "not_judged_spans_s": [[rounded(a, 2), rounded(b, 2)] for a, b in self.unmeasured_spans_s],
            "landmark_proxy": {
                "angle": proxy.name,
                "what": proxy.what,
                "median_deg": rounded(proxy_median),
                "would_call_shallow": proxy_shallow,
                "note": "a secondary reading, not used for shallow_range: an arch can satisfy it "
                "with no hip extension",
            },
        }

    def unjudged_note(self) -> str | None:
        """A verdict clause when hip extension went unmeasured in more than 10 % of the frames."""
        share = self.measured_fraction
        if share is None or share >= RANGE_JUDGED_MIN_SHARE:
            return None
        return f"range not judged in {1 - share:.0%} of the position (hip extension unmeasurable there)"
