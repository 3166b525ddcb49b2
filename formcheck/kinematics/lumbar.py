"""Lumbar arch in degrees from the back-contour dip series.

The dip (``BackContour.dip``, chord lengths) follows the lumbar curve well within one body but its
neutral value differs between bodies and postures (build, clothing, how BlazePose's mask rounds the
buttock), so degrees come from the *change* of dip against a neutral reference of the same person
in the same posture:

    arch_deg = GAIN_DEG_PER_DIP * (dip - neutral_dip)

clipped at 0 below neutral (flattening the back beyond neutral is not "arch").

Neutral reference, two ways (and a photo, which has none):
- offline (``NeutralReference.from_clip``): the 10th percentile of the clip's confident, plausible
  dips (after a 0.3 s running median). Every exercise starts or passes through a neutral moment (the
  couch stretch's exhale reset, the split squat's "stand tall", the Thomas test's set-up) and arching
  is an excursion above it; a percentile rather than the minimum ignores contour glitches. Measured
  on the 7 couch/Thomas fitting clips (arch MAE pooled over frames): 2nd pct 5.4 deg, 5th 5.2,
  10th 5.0, 20th 6.4, median 5.7 (the median is best on clean clips but misses a clip arched for
  80 % of its length by 19 deg). The reference is capped at ``NEUTRAL_DIP_RANGE[1]``: a clip arched
  from its first frame to its last would otherwise call its arch "neutral".
- live (``LiveNeutralCalibration``): the user is asked to "lie flat / stand tall, ribs down" and
  the calibration collects ``duration_s`` of steady, confident frames; ``formcheck.live.measure``
  turns that still window into the reference by the same low-percentile rule as offline (the
  window's median read live arches ~1.5 deg low and broke the back-arch flag into pieces).
- a photo (``population_arch_range``): one frame shows no neutral moment of this person, so the
  only honest neutral is the population's range, and the arch is a range of degrees: judged only
  where the whole range clears a threshold.

Gain (degrees of arch per chord length of dip): the dip rises linearly with the arch within one
body (scratch renders of 16 standing bodies, arch 0..30 deg: residual 1.0-2.4 deg about each body's
line) but the slope varies between bodies and postures: 1.6e-3..4.0e-3 chord lengths per degree
(studio clips; 1.6e-3..3.2e-3 on the standing renders). The pooled least-squares slope over the
studio fitting clips (seeds 100-708, 5 fps, none of them in sample_videos/ or the bench set) is
2.76e-3 per degree, i.e. ``GAIN_DEG_PER_DIP`` = 360. The between-body slope spread is the main
error left: +-40 % of the arch, i.e. +-8 deg at a 20-deg arch. Held-out figures: `formcheck bench
accuracy` (README).

Real footage (BlazePose's own mask): a prone double-leg raise lifts the dip from 0.08 to 0.13 in
step with the legs, every rep (prone_leg_raise_side_01); hands on hips, arms resting along a lying
body and a hand over the belly with the elbow on the floor cover the back edge and are reported
unmeasurable rather than read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from formcheck.types import BackContour, LumbarArch

# Degrees of lumbar extension per chord length of dip change (fitted on synthetic truth).
GAIN_DEG_PER_DIP = 360.0
# The dip range a neutral lumbar curve takes across bodies and postures (chord lengths).
NEUTRAL_DIP_RANGE = (0.0, 0.08)
# Below this contour confidence a frame's dip is not turned into degrees.
MIN_CONFIDENCE = 0.25
# A hollower back edge than this is not a back: a shin, a heel or the couch edge got into the
# contour (seen on synthetic lock-in frames at 0.2-0.45). 0.18 is ~45 deg of arch above a typical
# neutral, beyond the lumbar spine's extension range.
MAX_PLAUSIBLE_DIP = 0.18
# Arch readings beyond the lumbar spine's extension range are contour artefacts.
MAX_ARCH_DEG = 45.0
# Between bodies the gain varies 1.6e-3..4.0e-3 chord lengths per degree around the pooled 2.76e-3:
# the degrees a given dip change stands for are uncertain by about this share either way.
GAIN_SPREAD = 0.4


@dataclass(frozen=True, slots=True)
class NeutralReference:
    """The dip of this person's neutral lumbar curve, and where it came from."""

    dip: float
    source: str  # "clip" (found in a recording), "calibration" (asked for live), "population"
    frames_used: int = 0

    @classmethod
    def from_clip(
        cls,
        backs: Sequence[BackContour | None],
        times: Sequence[float],
        *,
        percentile: float = 10.0,
        min_confidence: float = MIN_CONFIDENCE,
        min_frames: int = 5,
    ) -> NeutralReference | None:
        """The neutral moment of a recording: a low percentile of its confident dips, capped."""
        if len(backs) != len(times):
            raise ValueError("backs and times must have the same length")
        dips = _confident_dips(backs, min_confidence)
        if dips.size < min_frames:
            return None
        low = float(np.percentile(dips, percentile))
        capped = float(np.clip(low, *NEUTRAL_DIP_RANGE))
        return cls(dip=capped, source="clip" if capped == low else "population", frames_used=int(dips.size))


def _confident_dips(backs: Sequence[BackContour | None], min_confidence: float) -> np.ndarray:
    values = [
        b.dip
        for b in backs
        if b is not None
        and b.dip is not None
        and b.confidence >= min_confidence
        and b.dip <= MAX_PLAUSIBLE_DIP
    ]
    return np.asarray(values, dtype=float)


@dataclass(slots=True)
class LiveNeutralCalibration:
    """Collects ``duration_s`` of steady, confident frames and fixes the neutral reference.

    Call ``update`` once per frame after asking the user to "lie flat / stand tall, ribs down"; it
    returns the reference once enough steady time has been collected, None before. Movement (a dip
    further than ``max_spread`` from the running median) restarts the window, so a fidget does not
    end up in the reference.
    """

    duration_s: float = 3.0
    min_confidence: float = 0.4
    max_spread: float = 0.02
    reference: NeutralReference | None = None
    _times: list[float] = field(default_factory=list)
    _dips: list[float] = field(default_factory=list)

    @property
    def progress(self) -> float:
        """0..1 share of the calibration window collected."""
        if self.reference is not None:
            return 1.0
        if len(self._times) < 2:
            return 0.0
        return min(1.0, (self._times[-1] - self._times[0]) / self.duration_s)

    def update(self, back: BackContour | None, t: float) -> NeutralReference | None:
        if self.reference is not None:
            return self.reference
        if back is None or back.dip is None or back.confidence < self.min_confidence:
            return None
        if self._dips and abs(back.dip - float(np.median(self._dips))) > self.max_spread:
            self._times.clear()
            self._dips.clear()
        self._times.append(t)
        self._dips.append(back.dip)
        if self._times[-1] - self._times[0] >= self.duration_s:
            self.reference = NeutralReference(float(np.median(self._dips)), "calibration", len(self._dips))
        return self.reference

    def reset(self) -> None:
        self.reference = None
        self._times.clear()
        self._dips.clear()


def arch_from_dip(
    back: BackContour | None,
    reference: NeutralReference | None,
    *,
    gain_deg_per_dip: float = GAIN_DEG_PER_DIP,
    min_confidence: float = MIN_CONFIDENCE,
) -> LumbarArch:
    """One frame's arch against the reference; None (with the reason) when it cannot be measured."""
    if back is None:
        return LumbarArch(None, 0.0, "no back contour (no person or no mask)")
    if back.dip is None:
        return LumbarArch(None, 0.0, back.reason)
    if back.confidence < min_confidence:
        return LumbarArch(
            None, back.confidence, f"back contour too uncertain ({back.reason or 'low confidence'})"
        )
    if back.dip > MAX_PLAUSIBLE_DIP:
        return LumbarArch(None, 0.0, "back edge too hollow to be a back (a limb or prop in the contour)")
    if reference is None:
        return LumbarArch(None, back.confidence, "no neutral reference yet")
    arch = max(0.0, gain_deg_per_dip * (back.dip - reference.dip))
    if arch > MAX_ARCH_DEG:
        return LumbarArch(None, 0.0, "arch beyond the lumbar spine's range (contour artefact)")
    return LumbarArch(round(arch, 2), back.confidence, back.reason)


@dataclass(frozen=True, slots=True)
class ArchRange:
    """The arch one frame can have for ANY body: a photo has no neutral moment of its own.

    ``low_deg`` is the arch if this body's neutral were the hollowest neutral in
    ``NEUTRAL_DIP_RANGE`` and its gain the lowest; ``high_deg`` if its neutral were the flattest
    and its gain the highest. Only a judgement that holds across the whole range is honest.
    """

    low_deg: float | None  # None: the contour could not be read (``reason`` says why)
    high_deg: float | None
    reason: str | None = None


def population_arch_range(back: BackContour | None) -> ArchRange:
    """One frame's arch against the population's neutral range (stills; see ``ArchRange``)."""
    if back is None:
        return ArchRange(None, None, "no back contour (no person or no mask)")
    if back.dip is None:
        return ArchRange(None, None, back.reason)
    if back.confidence < MIN_CONFIDENCE:
        return ArchRange(None, None, f"back contour too uncertain ({back.reason or 'low confidence'})")
    if back.dip > MAX_PLAUSIBLE_DIP:
        return ArchRange(None, None, "back edge too hollow to be a back (a limb or prop in the contour)")
    low = (1 - GAIN_SPREAD) * GAIN_DEG_PER_DIP * (back.dip - NEUTRAL_DIP_RANGE[1])
    high = (1 + GAIN_SPREAD) * GAIN_DEG_PER_DIP * (back.dip - NEUTRAL_DIP_RANGE[0])
    return ArchRange(round(max(0.0, low), 1), round(min(max(0.0, high), MAX_ARCH_DEG), 1), back.reason)


def smooth_dips(
    backs: Sequence[BackContour | None], times: Sequence[float], window_s: float = 0.3
) -> list[BackContour | None]:
    """A centred running median of the dip over ``window_s`` (gaps stay gaps), against mask flicker."""
    t = np.asarray(times, dtype=float)
    dips = np.array(
        [
            b.dip if b is not None and b.dip is not None and b.dip <= MAX_PLAUSIBLE_DIP else math.nan
            for b in backs
        ]
    )
    out: list[BackContour | None] = []
    lo = np.searchsorted(t, t - window_s / 2, side="left")
    hi = np.searchsorted(t, t + window_s / 2, side="right")
    for i, back in enumerate(backs):
        if back is None or back.dip is None or not math.isfinite(dips[i]):
            out.append(back)  # gaps and artefacts stay as they are: neighbours never fill them in
            continue
        near = dips[lo[i] : hi[i]]
        near = near[np.isfinite(near)]
        out.append(BackContour(float(np.median(near)), back.confidence, back.reason))
    return out


def estimate_clip_arch(backs: Sequence[BackContour | None], times: Sequence[float]) -> list[LumbarArch]:
    """Offline: every frame's arch against the clip's own neutral reference."""
    smoothed = smooth_dips(backs, times)
    reference = NeutralReference.from_clip(smoothed, times)
    return [arch_from_dip(back, reference) for back in smoothed]
