"""Per-side angle statistics over the frames spent in position, shared by every exercise's summary."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from formcheck.exercises.signals import mean_or_none, rounded
from formcheck.kinematics.back_reasons import ARM_OVER_BACK
from formcheck.types import FrameAngles, Side

# Below this share of in-position frames with a measured arch, a verdict does not claim "ribs down":
# most of the exercise went unseen, and a clean back is then a guess.
ARCH_JUDGED_MIN_SHARE = 0.5
# Read against the population's neutral (no neutral moment of this person's own back in the clip),
# an arch carries the whole between-body spread (~25 deg at one standard deviation): only an arch
# far beyond any body's neutral is flagged, so a verdict must not call such a back "ribs down".
POPULATION_NEUTRAL = "population"

# What the person can change next time, for the reasons a back cannot be judged that they control.
ARCH_REASON_ADVICE = {
    ARM_OVER_BACK: "keep the arms in front of the body or crossed over the chest, so that the "
    "camera sees the low back",
}


@dataclass(slots=True)
class SideStats:
    frames_in_position: int = 0
    hip_extension_deg: list[float] = field(default_factory=list)
    arch_deg: list[float] = field(default_factory=list)
    arch_unmeasured: int = 0


@dataclass(slots=True)
class Sample:
    t: float
    side: Side
    hip_extension_deg: float | None
    thigh_to_horizontal_deg: float | None
    knee_flexion_deg: float | None


def judged_arch_deg(angles: FrameAngles, plausible_max_deg: float) -> float | None:
    """The lumbar arch if it was measured and is physically possible, else None (never a guess)."""
    arch = angles.lumbar.arch_deg
    return arch if arch is not None and abs(arch) <= plausible_max_deg else None


class PositionStats:
    """Collects the working leg's angles and the lumbar arch while the person is in position."""

    def __init__(self, plausible_arch_max_deg: float) -> None:
        self.plausible_arch_max_deg = plausible_arch_max_deg
        self.sides: dict[Side, SideStats] = {}
        self.samples: list[Sample] = []
        self._arch_reasons: Counter[str] = Counter()
        self._population_arch: list[float] = []  # uncertainties of arches read against the population

    def observe(self, angles: FrameAngles, side: Side) -> None:
        stats = self.sides.setdefault(side, SideStats())
        stats.frames_in_position += 1
        leg = angles.leg(side)
        arch = judged_arch_deg(angles, self.plausible_arch_max_deg)
        hip_extension = leg.hip_extension_deg if arch is not None else None
        if hip_extension is not None:
            stats.hip_extension_deg.append(hip_extension)
        if arch is not None:
            stats.arch_deg.append(arch)
            if angles.lumbar.neutral == POPULATION_NEUTRAL:
                self._population_arch.append(angles.lumbar.uncertainty_deg or 0.0)
        else:
            stats.arch_unmeasured += 1
            reason = angles.lumbar.reason or "no reason given"
            if angles.lumbar.arch_deg is not None:
                reason = f"readings beyond ±{self.plausible_arch_max_deg:g}° are mask artefacts"
            self._arch_reasons[reason] += 1
        self.samples.append(
            Sample(
                angles.timestamp_s,
                side,
                hip_extension,
                leg.thigh_to_horizontal_deg,
                leg.knee_flexion_deg,
            )
        )

    def side_summary(self, side: Side) -> dict:
        stats = self.sides.get(side, SideStats())
        hip = stats.hip_extension_deg
        return {
            "frames_in_position": stats.frames_in_position,
            "peak_hip_extension_deg": rounded(max(hip)) if hip else None,
            "mean_hip_extension_deg": rounded(mean_or_none(hip)),
            "max_lumbar_arch_deg": rounded(max(stats.arch_deg)) if stats.arch_deg else None,
            # None, not 0: with no frame in position there was nothing to measure.
            "arch_measured_fraction": rounded(
                len(stats.arch_deg) / stats.frames_in_position if stats.frames_in_position else None, 3
            ),
        }

    def overall(self) -> dict:
        """Clip-wide figures plus an honest note when the arch could not be judged."""
        hip = [v for s in self.sides.values() for v in s.hip_extension_deg]
        arch = [v for s in self.sides.values() for v in s.arch_deg]
        in_position, unmeasured = self._arch_counts()
        summary = {
            "frames_in_position": in_position,
            "peak_hip_extension_deg": rounded(max(hip)) if hip else None,
            "mean_hip_extension_deg": rounded(mean_or_none(hip)),
            "max_lumbar_arch_deg": rounded(max(arch)) if arch else None,
            "arch_measured_fraction": rounded(1 - unmeasured / in_position if in_position else None, 3),
        }
        note = self.arch_note()
        if note:
            summary["arch_note"] = note
        return summary

    def _arch_counts(self) -> tuple[int, int]:
        """(frames in position, of which the arch went unmeasured), over both sides."""
        in_position = sum(s.frames_in_position for s in self.sides.values())
        return in_position, sum(s.arch_unmeasured for s in self.sides.values())

    def arch_note(self) -> str | None:
        in_position, unmeasured = self._arch_counts()
        if not in_position:
            return None
        notes = []
        if unmeasured:
            reason = self._arch_reasons.most_common(1)[0][0]
            note = (
                f"back arch could not be judged in {unmeasured}/{in_position} frames in position "
                f"({reason}); back_arch is only flagged where it was measured"
            )
            advice = ARCH_REASON_ADVICE.get(reason)
            notes.append(f"{note}. Next time, {advice}" if advice else note)
        if self._mostly_population(in_position):
            notes.append(f"back arch only roughly judged: {self._population_note()}")
        return ". ".join(notes) or None

    def unjudged_back(self) -> str | None:
        """Why the back arch was not judged over most of the frames in position; None if it was."""
        in_position, unmeasured = self._arch_counts()
        if not in_position:
            return None
        if unmeasured > (1 - ARCH_JUDGED_MIN_SHARE) * in_position:
            return f"back arch not judged ({self._arch_reasons.most_common(1)[0][0]})"
        if self._mostly_population(in_position):
            return f"back arch only roughly judged ({self._population_note()})"
        return None

    def _mostly_population(self, in_position: int) -> bool:
        """Most frames in position had their arch read against other bodies' neutral."""
        return len(self._population_arch) > (1 - ARCH_JUDGED_MIN_SHARE) * in_position

    def _population_note(self) -> str:
        spread = statistics.median(self._population_arch)
        return (
            f"no neutral moment of this back in the clip, so the arch is read against other bodies' "
            f"neutral, ±{spread:.0f}°; start the recording with a few still seconds in the set-up, "
            f"ribs down"
        )

    def window_median(
        self, start_s: float, end_s: float, attr: str, side: Side | None = None
    ) -> float | None:
        """Median of one sampled angle over [start_s, end_s] (None when nothing was measured)."""
        values = [
            getattr(s, attr)
            for s in self.samples
            if start_s <= s.t <= end_s and getattr(s, attr) is not None and (side is None or s.side is side)
        ]
        return float(statistics.median(values)) if values else None
