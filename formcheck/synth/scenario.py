"""What every exercise scenario provides to the clip renderer, and shared posing helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from formcheck.synth.body import BodyPose, Skeleton
from formcheck.synth.look import Look
from formcheck.synth.raster import Primitive
from formcheck.synth.timeline import Timeline
from formcheck.types import Exercise, MistakeCode, Side


@dataclass(frozen=True)
class Staged:
    """One instant of a scenario: the phase, the placed skeleton and the pose that made it."""

    phase: str
    skeleton: Skeleton
    pose: BodyPose
    chest_expansion: float = 0.0


@dataclass
class Scenario:
    exercise: Exercise
    mistake: MistakeCode | None
    working: Side
    view_side: Side  # the body side the camera looks at
    look: Look
    timeline: Timeline
    stage: Callable[[float], Staged]
    props: list[Primitive]
    prop_materials: list
    target_m: np.ndarray  # camera look-at point
    holds: list[dict]


def solve_monotone(fn: Callable[[float], float], lo: float, hi: float, iterations: int = 13) -> float:
    """x in [lo, hi] with fn(x) = 0 by bisection; the nearer end when the sign never changes."""
    f_lo, f_hi = fn(lo), fn(hi)
    if f_lo * f_hi > 0:
        return lo if abs(f_lo) < abs(f_hi) else hi
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        f_mid = fn(mid)
        if f_mid * f_lo <= 0:
            hi = mid
        else:
            lo, f_lo = mid, f_mid
    return 0.5 * (lo + hi)
