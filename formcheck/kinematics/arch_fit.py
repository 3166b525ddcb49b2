"""Fitting the arch model (``arch_model.ArchModel``) to studio clips with exact truth.

Input: one ``ArchSample`` per frame of fitting clips (the back contour's raw dip and confidence,
the trunk inclination, the truth's lumbar arch, and the clip's body family). Output: an
``ArchModel``. ``formcheck.bench.leave_one_family_out`` calls the same function without one family
and scores that family, so the shipped constants are never judged only on the bodies they came from.

Steps (each a plain statistic, so a family that is left out moves them as little as it should):

1. Per clip and posture, the *true* neutral dip: the median smoothed dip over frames whose true arch
   is within ``NEUTRAL_TRUTH_DEG`` of 0.
2. Gain (degrees per chord length of dip rise): the value that minimises the summed absolute error
   g * (dip - that clip's true neutral) - true arch over frames arched at least ``ARCHED_TRUTH_DEG``
   (pooled over clips). Its between-body spread: the SD of the per-clip least-squares slopes over
   their mean.
3. Population neutral per posture: the median of the clips' true neutral dips, and their SD.
4. The percentile a recording's neutral is read at (10, 25 or 50) and the clip-reference error: the
   candidate giving the smallest RMS error (degrees) between the neutral ``NeutralReference.from_clip``
   finds in each fitting clip and that clip's true neutral.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from formcheck.kinematics.arch_model import ArchModel, PopulationNeutral, Posture, posture_of
from formcheck.types import BackContour

NEUTRAL_TRUTH_DEG = 3.0
ARCHED_TRUTH_DEG = 5.0
PERCENTILE_CANDIDATES = (10.0, 25.0, 50.0)
MIN_NEUTRAL_FRAMES = 5


@dataclass(frozen=True, slots=True)
class ArchSample:
    """One frame of a studio clip: what the tool measures and what the truth says."""

    family: str
    clip: str
    t: float
    dip: float | None  # raw contour dip (chord lengths); None = unmeasurable
    confidence: float
    trunk_inclination_deg: float | None
    true_arch_deg: float | None


def by_clip(samples: Iterable[ArchSample]) -> dict[tuple[str, str], list[ArchSample]]:
    """Frames grouped by (family, clip), in time order (two families may share a clip's name)."""
    clips: dict[tuple[str, str], list[ArchSample]] = defaultdict(list)
    for s in samples:
        clips[(s.family, s.clip)].append(s)
    return {k: sorted(v, key=lambda s: s.t) for k, v in clips.items()}


def smoothed_dips(frames: Sequence[ArchSample]) -> list[BackContour | None]:
    """The clip's dips through the estimator's own running median (what it reads them as)."""
    from formcheck.kinematics.lumbar import smooth_dips

    backs = [None if s.dip is None else BackContour(s.dip, s.confidence) for s in frames]
    return smooth_dips(backs, [s.t for s in frames])


def true_neutral_dips(frames: Sequence[ArchSample]) -> dict[Posture, float]:
    """Per posture, the clip's median smoothed dip over frames the truth calls neutral."""
    from formcheck.kinematics.lumbar import MAX_PLAUSIBLE_DIP, MIN_CONFIDENCE

    found: dict[Posture, list[float]] = defaultdict(list)
    for s, back in zip(frames, smoothed_dips(frames), strict=True):
        if (
            back is not None
            and back.dip is not None
            and back.confidence >= MIN_CONFIDENCE
            and back.dip <= MAX_PLAUSIBLE_DIP
            and s.true_arch_deg is not None
            and abs(s.true_arch_deg) <= NEUTRAL_TRUTH_DEG
        ):
            found[posture_of(s.trunk_inclination_deg)].append(back.dip)
    return {p: float(np.median(v)) for p, v in found.items() if len(v) >= MIN_NEUTRAL_FRAMES}


def _spread(values: Sequence[float]) -> float:
    """The sample standard deviation: with a dozen bodies or fewer a robust estimate (MAD) is too
    easily fooled by a few that happen to agree, and this spread is what protects unusual bodies."""
    v = np.asarray(values, dtype=float)
    return float(np.std(v, ddof=1)) if v.size > 1 else 0.0


def _least_absolute_gain(arch: np.ndarray, rise: np.ndarray) -> float:
    """The gain g minimising sum |g * rise - arch| (what the MAE counts): the rise-weighted median of
    arch / rise over frames whose dip rose. A least-squares slope lets the few bodies whose dip
    hardly moves pull the gain up and overshoots every other body's arch."""
    up = rise > 1e-4
    ratios, weights = arch[up] / rise[up], rise[up]
    order = np.argsort(ratios)
    cumulative = np.cumsum(weights[order])
    return float(ratios[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def fit_arch_model(samples: Iterable[ArchSample]) -> ArchModel:
    """The arch model fitted to ``samples`` (see the module docstring)."""
    clips = by_clip(samples)
    neutrals = {clip: true_neutral_dips(frames) for clip, frames in clips.items()}
    rise, arch, slopes = [], [], []
    for clip, frames in clips.items():
        clip_rise, clip_arch = [], []
        for s, back in zip(frames, smoothed_dips(frames), strict=True):
            neutral = neutrals[clip].get(posture_of(s.trunk_inclination_deg))
            if neutral is None or back is None or back.dip is None or s.true_arch_deg is None:
                continue
            if s.true_arch_deg >= ARCHED_TRUTH_DEG and back.confidence >= 0.25 and back.dip <= 0.18:
                clip_rise.append(back.dip - neutral)
                clip_arch.append(s.true_arch_deg)
        if len(clip_rise) >= MIN_NEUTRAL_FRAMES:
            a, r = np.asarray(clip_arch), np.asarray(clip_rise)
            slopes.append(float(a @ r / (a @ a)))
            rise += clip_rise
            arch += clip_arch
    if not arch:
        raise ValueError("no fitting clip has both neutral and arched frames")
    a, r = np.asarray(arch), np.asarray(rise)
    slope = 1.0 / _least_absolute_gain(a, r)
    populations = {}
    for posture in Posture:
        values = [n[posture] for n in neutrals.values() if posture in n]
        if not values:
            raise ValueError(f"no fitting clip shows a neutral back {posture.value}")
        populations[posture] = PopulationNeutral(
            round(float(np.median(values)), 4), round(_spread(values), 4), len(values)
        )
    model = ArchModel(
        gain_deg_per_dip=round(1.0 / slope, 1),
        gain_spread=round(_spread(slopes) / float(np.mean(slopes)), 3),
        upright=populations[Posture.UPRIGHT],
        lying=populations[Posture.LYING],
        clip_reference_error_deg=0.0,
        reference_percentile=PERCENTILE_CANDIDATES[0],
    )
    return _fit_reference_rule(model, clips, neutrals)


def _fit_reference_rule(
    model: ArchModel, clips: dict[str, list[ArchSample]], neutrals: dict[str, dict[Posture, float]]
) -> ArchModel:
    from formcheck.kinematics.lumbar import NeutralReference

    best: tuple[float, float] | None = None
    for percentile in PERCENTILE_CANDIDATES:
        trial = dataclasses.replace(model, reference_percentile=percentile)
        errors = []
        for clip, frames in clips.items():
            backs = smoothed_dips(frames)
            times = [s.t for s in frames]
            inclinations = [s.trunk_inclination_deg for s in frames]
            for posture, true_dip in neutrals[clip].items():
                found = NeutralReference.from_clip(backs, times, inclinations, posture=posture, model=trial)
                if found is not None:
                    errors.append(model.gain_deg_per_dip * (found.dip - true_dip))
        if not errors:
            continue
        rms = math.sqrt(float(np.mean(np.square(errors))))
        if best is None or rms < best[0]:
            best = (rms, percentile)
    if best is None:
        return dataclasses.replace(
            model, clip_reference_error_deg=model.population_uncertainty_deg(Posture.UPRIGHT)
        )
    return dataclasses.replace(
        model, clip_reference_error_deg=round(best[0], 2), reference_percentile=best[1]
    )
