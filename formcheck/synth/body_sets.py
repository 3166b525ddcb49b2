"""The body-space sets: short clips of every exercise on bodies of the fitting or the benchmark families.

``bodies-fit`` uses only ``FIT_FAMILIES`` and ``bodies-bench`` only ``BENCH_FAMILIES`` (disjoint by
family). Each family gets ``CLIPS_PER_EXERCISE`` clips of each exercise, filmed as 4-8 s windows of a
scenario: some from the start (a neutral moment first), some that start already in position (held,
or already arched) and never show a neutral moment. Yaw cycles through 0 / 15 / 30 / -15 / -30,
sides alternate, and the split squat is sometimes filmed from the far side or in portrait.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.synth.clip import ClipSpec
from formcheck.synth.families import BENCH_FAMILIES, FIT_FAMILIES
from formcheck.types import Exercise, MistakeCode, Side

E, M = Exercise, MistakeCode
FPS = 10.0
RENDER_SCALE = 0.5
LANDSCAPE, PORTRAIT = (640, 360), (360, 640)
CLIPS_PER_EXERCISE = 4
YAWS = (0.0, 15.0, 30.0, -15.0, -30.0, 0.0)
WINDOW_S = (4.0, 8.0)


@dataclass(frozen=True)
class Shot:
    """A scenario and where the camera starts filming it; ``min_s`` keeps the labelled part inside."""

    mistake: MistakeCode | None
    start_s: float
    min_s: float = 4.0


# Times refer to the short (bench) choreography of each scenario (see couch.py, split_squat.py, thomas.py).
SHOTS: dict[Exercise, tuple[Shot, ...]] = {
    E.COUCH_STRETCH: (
        Shot(None, 0.0),  # settling in: the reset
        Shot(M.BACK_ARCH, 5.0, 6.5),  # the ribs flare during the first press
        Shot(M.BACK_ARCH, 13.0),  # starts already arched: no neutral moment
        Shot(M.SHALLOW_RANGE, 2.0),
        Shot(None, 29.0),  # lock-ins, in position from the first frame
        Shot(M.SHALLOW_RANGE, 20.0),
    ),
    E.SPLIT_SQUAT: (
        Shot(None, 0.0, 6.0),  # stand, lower, hold
        Shot(None, 8.0),  # in the hold from the first frame
        Shot(M.BACK_ARCH, 15.0),  # already arched in the hold
        Shot(M.BACK_ARCH, 8.0, 7.0),  # arches during the hold
        Shot(M.SHALLOW_RANGE, 3.0),
        Shot(M.KNEE_PAST_ANKLE, 10.0),
    ),
    E.THOMAS_TEST: (
        Shot(None, 0.0, 8.0),  # sit, hug, lie back, hold
        Shot(M.SHALLOW_RANGE, 6.0),  # positive, lying from the first frame
        Shot(M.KNEE_NOT_HUGGED, 6.0, 7.0),  # invalid: loose hug, the back arches
        Shot(None, 8.0),
        Shot(M.KNEE_NOT_HUGGED, 9.0),  # already arched
        Shot(M.SHALLOW_RANGE, 0.0, 8.0),
    ),
}
SET_SEEDS = {"fit": 70_000, "bench": 80_000}


def body_space_set(which: str) -> list[ClipSpec]:
    """Every family of the ``fit`` or ``bench`` half x exercise x ``CLIPS_PER_EXERCISE`` shots."""
    families = {"fit": FIT_FAMILIES, "bench": BENCH_FAMILIES}[which]
    base = SET_SEEDS[which]
    specs = []
    for fi, family in enumerate(families):
        for ei, (exercise, shots) in enumerate(SHOTS.items()):
            for k in range(CLIPS_PER_EXERCISE):
                n = fi * CLIPS_PER_EXERCISE + k
                seed = base + fi * 100 + ei * 10 + k
                shot = shots[(fi + k) % len(shots)]
                length = max(float(np.random.default_rng(seed).uniform(*WINDOW_S)), shot.min_s)
                side = (Side.LEFT, Side.RIGHT)[(n + ei) % 2]
                split = exercise is E.SPLIT_SQUAT
                specs.append(
                    ClipSpec(
                        exercise,
                        shot.mistake,
                        side,
                        YAWS[(n + ei) % len(YAWS)],
                        seed=seed,
                        fps=FPS,
                        size=PORTRAIT if split and n % 4 == 3 else LANDSCAPE,
                        view_side=side.other if split and n % 3 == 1 else None,
                        short=True,
                        render_scale=RENDER_SCALE,
                        family=family,
                        window_s=(shot.start_s, round(length, 1)),
                    )
                )
    return specs
