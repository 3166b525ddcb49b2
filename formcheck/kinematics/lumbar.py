"""Lumbar arch in degrees from the back-contour dip, against a neutral that says where it came from.

The dip (``BackContour.dip``, chord lengths) follows the lumbar curve well within one body, but a
neutral back of one body dips more than that of another (buttocks, a chest, clothing, how
BlazePose's mask rounds them). So an arch is always a dip *change* against a neutral reference:

    arch_deg = gain * (dip - neutral_dip)       (clipped at 0: flattening is not arching)

with ``gain`` and the population's neutral dips from ``formcheck.kinematics.arch_model`` (fitted
across the studio's body families by ``arch_fit.fit_arch_model``). Every reading names its neutral
and carries an uncertainty (1 sd, degrees):

- ``clip``: a neutral found in this recording. Only frames that are (a) confident, (b) inside the
  population's plausible neutral band (a flexed, rounded back dips below it; an arch held from the
  first frame rises above it), (c) in the posture's resting line (the trunk no further from
  vertical, or from horizontal lying, than the recording's most upright/flattest tenth plus
  ``POSTURE_TOLERANCE_DEG``: a forward-leaning rep bottom flattens the dip and is not neutral) and
  (d) steady (the dip within ``STEADY_RANGE_DIP`` over ``STEADY_WINDOW_S``: a set-up glitch or a
  transition is not) count; at least ``MIN_NEUTRAL_S`` of them. The reference is the fitted
  percentile of their dips; its uncertainty is the fitted clip-reference error combined with the
  scatter of those dips. Upright and lying frames have separate references (a Thomas test sits, then
  lies back).
- ``calibration``: live, the user held a neutral back on request (``LiveNeutralCalibration``); the
  held window must be steady and inside the plausible band.
- ``population``: no neutral moment of this person is known (a clip that starts in position and
  arches throughout, a photo, live before calibration): the population's neutral dip for the
  posture, and the between-body spread as the uncertainty.

The uncertainty of a reading combines the reference's (``neutral_uncertainty_deg``) with the gain's
between-body spread (a share of the arch). ``arch_to_flag`` is what the back-arch rules judge: the
reading less its whole uncertainty against the population (both between-body terms), less its
reference's uncertainty against a clip or calibration neutral; so an unusual but neutral body
measured against the population is not flagged, while a real arch that clears the spread still is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from formcheck.kinematics.arch_model import (
    ARCH_MODEL,
    POPULATION_SHIFT_SPREADS,
    ArchModel,
    Posture,
    posture_deviation_deg,
    posture_of,
)
from formcheck.types import BackContour, LumbarArch

# Below this contour confidence a frame's dip is not turned into degrees.
MIN_CONFIDENCE = 0.25
# A hollower back edge than this is not a back: a shin, a heel or the couch edge got into the
# contour (seen on synthetic lock-in frames at 0.2-0.45).
MAX_PLAUSIBLE_DIP = 0.18
# Arch readings beyond the lumbar spine's extension range are contour artefacts.
MAX_ARCH_DEG = 45.0
# Neutral-moment search (chosen; their effect is measured in the README's method section).
POSTURE_TOLERANCE_DEG = 12.0
STEADY_WINDOW_S = 1.0
STEADY_RANGE_DIP = 0.02  # ~7 deg of arch: breathing and mask flicker stay inside, a movement does not
MIN_NEUTRAL_S = 1.0
# A recording shows its neutral moment only if it also shows the back leaving it: MIN_EXCURSION_S of
# dips EXCURSION_DEG of arch above the candidate, unbroken by a measured frame below (see
# ``NeutralReference.from_clip`` and ``_longest_run_s``).
EXCURSION_DEG = 7.0
MIN_EXCURSION_S = 1.0

SOURCES = ("clip", "calibration", "population")


@dataclass(frozen=True, slots=True)
class NeutralReference:
    """The dip of this person's neutral lumbar curve, where it came from and how sure it is."""

    dip: float
    source: str  # one of SOURCES
    frames_used: int = 0
    uncertainty_deg: float = 0.0  # 1 sd of the arch this reference adds to every reading

    @classmethod
    def population(cls, posture: Posture, model: ArchModel = ARCH_MODEL) -> NeutralReference:
        neutral = model.population(posture)
        # Read from one spread above the typical neutral: the smallest arch most bodies would have
        # with this dip (see ``POPULATION_SHIFT_SPREADS``); its uncertainty is unchanged.
        return cls(
            neutral.dip + POPULATION_SHIFT_SPREADS * neutral.spread,
            "population",
            neutral.bodies,
            model.population_uncertainty_deg(posture),
        )

    @classmethod
    def from_clip(
        cls,
        backs: Sequence[BackContour | None],
        times: Sequence[float],
        inclinations: Sequence[float | None] | None = None,
        *,
        posture: Posture = Posture.UPRIGHT,
        model: ArchModel = ARCH_MODEL,
        min_confidence: float = MIN_CONFIDENCE,
        require_excursion: bool = True,
    ) -> NeutralReference | None:
        """The neutral moment of a recording in one posture, or None when it shows none (see module)."""
        if len(backs) != len(times):
            raise ValueError("backs and times must have the same length")
        inclinations = inclinations if inclinations is not None else [None] * len(backs)
        t = np.asarray(times, dtype=float)
        dips = np.array([_usable_dip(b, min_confidence) for b in backs])
        in_posture = np.array([posture_of(i) is posture for i in inclinations])
        low, high = model.population(posture).band()
        candidate = in_posture & np.isfinite(dips) & (dips >= low) & (dips <= high)
        if not candidate.any():
            return None
        deviation = np.array(
            [np.nan if (d := posture_deviation_deg(i, posture)) is None else d for i in inclinations]
        )
        known = candidate & np.isfinite(deviation)
        if known.any():
            limit = float(np.percentile(deviation[known], 10)) + POSTURE_TOLERANCE_DEG
            candidate &= ~(np.isfinite(deviation) & (deviation > limit))
        steady, local_range = _steady(dips, candidate, t)
        steady &= candidate
        if _covered_s(t, steady) < MIN_NEUTRAL_S:
            return None
        chosen = dips[steady]
        reference = float(np.percentile(chosen, model.reference_percentile))
        # Without an excursion above it, a steady hold may as well be an arch held from the first
        # frame on a body with a flat neutral: no neutral moment is shown, the population's is used.
        # The excursion must be held: contour spikes scattered over an arched hold add up to a second
        # without the back ever leaving its shape (a benchmark couch clip arched from its first frame
        # took its arched hold as neutral that way, and a clean Thomas sample read up to 12 deg).
        rise = EXCURSION_DEG / model.gain_deg_per_dip
        above = in_posture & np.isfinite(dips) & (dips >= reference + rise)
        if require_excursion and _longest_run_s(t, above, ~np.isfinite(dips)) < MIN_EXCURSION_S:
            return None
        # The dip's own jitter while held (range over the window ~ 4 sd) adds to the rule's error.
        noise_deg = model.gain_deg_per_dip * float(np.median(local_range[steady])) / 4.0
        uncertainty = math.hypot(model.clip_reference_error_deg, noise_deg)
        return cls(reference, "clip", int(chosen.size), round(uncertainty, 2))


def _usable_dip(back: BackContour | None, min_confidence: float) -> float:
    if back is None or back.dip is None or back.confidence < min_confidence or back.dip > MAX_PLAUSIBLE_DIP:
        return math.nan
    return float(back.dip)


def _steady(dips: np.ndarray, candidate: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per frame: whether the candidate dips within +-half a window stay within ``STEADY_RANGE_DIP``
    while candidates fill most of that window (a lone in-band frame amid movement is not a held
    moment), and that range."""
    half = STEADY_WINDOW_S / 2
    lo = np.searchsorted(t, t - half, side="left")
    hi = np.searchsorted(t, t + half, side="right")
    steady = np.zeros(dips.shape, dtype=bool)
    spread = np.full(dips.shape, np.nan)
    for i in np.flatnonzero(candidate):
        near = dips[lo[i] : hi[i]][candidate[lo[i] : hi[i]]]
        spread[i] = float(near.max() - near.min())
        steady[i] = near.size >= 0.6 * (hi[i] - lo[i]) and spread[i] <= STEADY_RANGE_DIP
    return steady, spread


def _covered_s(t: np.ndarray, chosen: np.ndarray) -> float:
    """Seconds of the recording the chosen frames stand for (each frame its share of the clip)."""
    if t.size < 2:
        return 0.0
    frame_s = float(np.median(np.diff(t))) if t.size > 1 else 0.0
    return float(np.count_nonzero(chosen)) * frame_s


def _longest_run_s(t: np.ndarray, chosen: np.ndarray, unknown: np.ndarray) -> float:
    """Seconds of the longest run of chosen frames that no known, unchosen frame breaks: a back that
    leaves its neutral holds the new shape, while single-frame contour spikes scattered over a held
    arch add up to a second without being a departure. Unmeasured frames (``unknown``) are no
    evidence either way: they neither break a run nor add to it (each chosen frame stands for its
    share of the clip, as in ``_covered_s``)."""
    if t.size < 2:
        return 0.0
    frame_s = float(np.median(np.diff(t)))
    longest = run = 0
    for flag, gap in zip(chosen, unknown, strict=True):
        if flag:
            run += 1
        elif not gap:
            run = 0
        longest = max(longest, run)
    return longest * frame_s


def _robust_sd(values: np.ndarray) -> float:
    return float(1.4826 * np.median(np.abs(values - np.median(values)))) if values.size else 0.0


@dataclass(slots=True)
class LiveNeutralCalibration:
    """Collects ``duration_s`` of steady, confident frames and fixes the neutral reference.

    Call ``update`` once per frame after asking the user to "lie flat / stand tall, ribs down"; it
    returns the reference once enough steady time has been collected, None before. Movement (a dip
    further than ``max_spread`` from the running median) restarts the window, so a fidget does not
    end up in the reference; so does a held dip outside the population's plausible neutral band (a
    rounded or an arched back held on request is not this person's neutral).
    """

    duration_s: float = 3.0
    min_confidence: float = 0.4
    max_spread: float = 0.02
    posture: Posture = Posture.UPRIGHT
    model: ArchModel = ARCH_MODEL
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

    def update(
        self, back: BackContour | None, t: float, trunk_inclination_deg: float | None = None
    ) -> NeutralReference | None:
        if self.reference is not None:
            return self.reference
        if back is None or back.dip is None or back.confidence < self.min_confidence:
            return None
        if trunk_inclination_deg is not None:
            self.posture = posture_of(trunk_inclination_deg)
        if self._dips and abs(back.dip - float(np.median(self._dips))) > self.max_spread:
            self._clear()
        self._times.append(t)
        self._dips.append(back.dip)
        if self._times[-1] - self._times[0] >= self.duration_s:
            held = np.asarray(self._dips)
            low, high = self.model.population(self.posture).band()
            median = float(np.median(held))
            if not low <= median <= high:
                self._clear()  # held, but not a neutral back: ask again
                return None
            # The same percentile as a clip's neutral (not the median), so live degrees match analyze's.
            dip = float(np.percentile(held, self.model.reference_percentile))
            scatter_deg = self.model.gain_deg_per_dip * _robust_sd(held)
            uncertainty = math.hypot(self.model.clip_reference_error_deg, scatter_deg)
            self.reference = NeutralReference(dip, "calibration", held.size, round(uncertainty, 2))
        return self.reference

    def _clear(self) -> None:
        self._times.clear()
        self._dips.clear()

    def reset(self) -> None:
        self.reference = None
        self._clear()


def arch_from_dip(
    back: BackContour | None,
    reference: NeutralReference | None,
    *,
    trunk_inclination_deg: float | None = None,
    model: ArchModel = ARCH_MODEL,
    min_confidence: float = MIN_CONFIDENCE,
) -> LumbarArch:
    """One frame's arch against ``reference`` (None: the population's neutral for the frame's
    posture); None with the reason when the contour cannot be read."""
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
        reference = NeutralReference.population(posture_of(trunk_inclination_deg), model)
    arch = max(0.0, model.gain_deg_per_dip * (back.dip - reference.dip))
    if arch > MAX_ARCH_DEG:
        return LumbarArch(None, 0.0, "arch beyond the lumbar spine's range (contour artefact)")
    uncertainty = math.hypot(reference.uncertainty_deg, model.gain_spread * arch)
    return LumbarArch(
        round(arch, 2),
        back.confidence,
        back.reason,
        neutral=reference.source,
        uncertainty_deg=round(uncertainty, 2),
        neutral_uncertainty_deg=round(reference.uncertainty_deg, 2),
    )


def arch_to_flag(lumbar: LumbarArch, spreads: float = 1.0) -> float | None:
    """The arch the back-arch rule judges: the reading less ``spreads`` times the uncertainty that
    comes from not knowing this body (never below 0), so only an arch that clears it is flagged.

    Against the population's neutral both between-body terms are unknown for this person, the
    neutral dip and the gain, so the reading's whole uncertainty counts; against a neutral found in
    the recording or held on request, that reference's uncertainty."""
    if lumbar.arch_deg is None:
        return None
    if lumbar.neutral == "population":
        doubt = lumbar.uncertainty_deg or 0.0
    else:
        doubt = lumbar.neutral_uncertainty_deg or 0.0
    return max(0.0, lumbar.arch_deg - spreads * doubt)


@dataclass(frozen=True, slots=True)
class ArchRange:
    """The arch one frame can have for ANY body: a photo has no neutral moment of its own.

    ``low_deg``..``high_deg`` is the reading against the population's neutral, +- its uncertainty.
    Only a judgement that holds across the whole range is honest.
    """

    low_deg: float | None  # None: the contour could not be read (``reason`` says why)
    high_deg: float | None
    reason: str | None = None


def population_arch_range(
    back: BackContour | None, trunk_inclination_deg: float | None = None, model: ArchModel = ARCH_MODEL
) -> ArchRange:
    """One frame's arch against the population's neutral, as a range (stills; see ``ArchRange``)."""
    posture = posture_of(trunk_inclination_deg)
    lumbar = arch_from_dip(back, NeutralReference.population(posture, model), model=model)
    if lumbar.arch_deg is None:
        return ArchRange(None, None, lumbar.reason)
    # Unclipped: a dip below the population's neutral may still be an arch on a flat-backed body.
    raw = model.gain_deg_per_dip * (back.dip - model.population(posture).dip)  # type: ignore[union-attr]
    spread = math.hypot(model.population_uncertainty_deg(posture), model.gain_spread * max(raw, 0.0))
    low = max(0.0, raw - spread)
    high = min(max(0.0, raw + spread), MAX_ARCH_DEG)
    return ArchRange(round(low, 1), round(high, 1), lumbar.reason)


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


def clip_references(
    backs: Sequence[BackContour | None],
    times: Sequence[float],
    inclinations: Sequence[float | None],
    model: ArchModel = ARCH_MODEL,
) -> dict[Posture, NeutralReference]:
    """Each posture's reference: found in the recording, else the population's."""
    return {
        posture: NeutralReference.from_clip(backs, times, inclinations, posture=posture, model=model)
        or NeutralReference.population(posture, model)
        for posture in Posture
    }


def estimate_clip_arch(
    backs: Sequence[BackContour | None],
    times: Sequence[float],
    inclinations: Sequence[float | None] | None = None,
    *,
    model: ArchModel = ARCH_MODEL,
) -> list[LumbarArch]:
    """Offline: every frame's arch against its posture's neutral reference (see module)."""
    inclinations = inclinations if inclinations is not None else [None] * len(backs)
    smoothed = smooth_dips(backs, times)
    references = clip_references(smoothed, times, inclinations, model)
    return [
        arch_from_dip(back, references[posture_of(inc)], trunk_inclination_deg=inc, model=model)
        for back, inc in zip(smoothed, inclinations, strict=True)
    ]
