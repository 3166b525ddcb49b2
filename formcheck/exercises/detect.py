"""``--exercise auto``: which of the three exercises a clip shows, from its angles alone.

Each frame is matched against the exercises' own set-up checks (the analyzers' ``in_position``):
upright with the legs split and the rear foot up -> split squat; lying with a leg hanging -> couch
stretch or Thomas test. Those two share a posture (the Thomas test leg also hangs off the bed's
end), so they are told apart over the whole clip by the other leg and by movement:

- a hugged hip is folded far (a real hug >= ~110 deg, even a loose one ~70-90 deg), while the couch
  stretch's other leg rests with its foot on the couch (~45-70 deg);
- the couch stretch moves the hanging knee (presses ~10 deg, lock-in reps ~30 deg), the Thomas
  test is a still hold that starts sitting on the bed's edge.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from formcheck.exercises.couch_stretch import CouchStretchAnalyzer
from formcheck.exercises.profile import Profile
from formcheck.exercises.split_squat import SplitSquatAnalyzer
from formcheck.exercises.thomas_test import ThomasTestAnalyzer
from formcheck.types import Exercise, FrameAngles, Pose, Side

HUGGED_MIN_DEG = 90.0  # other hip folded at least this far: a hug, whatever the knee does
# Other hip folded less than this (median): both legs do the same thing, as in a glute bridge or
# lying flat. The couch stretch's resting leg reads 31-72 deg on the studio's bench set (an arched
# back tilts the pelvis and lowers it), a real glute bridge ~9 deg.
OTHER_LEG_MIN_DEG = 20.0
RESTING_MAX_DEG = 65.0  # other hip folded less than this: a foot resting on the couch
STILL_KNEE_RANGE_DEG = 15.0  # hanging-knee range (5th-95th percentile) of a still hold
SITTING_THIGH_MAX_DEG = -60.0  # sitting: thighs reach forward, near horizontal (inclination from down)
MIN_SHARE = 0.2  # the winner must match at least this share of the frames with a person


@dataclass(frozen=True, slots=True)
class Recognition:
    exercise: Exercise | None
    confidence: float  # share of the frames with a person that match the winner's set-up, 0..1
    shares: dict[str, float] = field(default_factory=dict)  # the same share for every exercise
    reason: str = ""


@dataclass(frozen=True, slots=True)
class LyingFrame:
    other_hip_flexion_deg: float | None
    hanging_knee_deg: float | None


class ExerciseMatcher:
    """Matches single frames against each exercise's set-up check."""

    def __init__(self, profile: Profile | None = None):
        profile = profile or Profile()
        self.split = SplitSquatAnalyzer(profile, None, 30.0)
        self.thomas = ThomasTestAnalyzer(profile, None, 30.0)
        self.couch = CouchStretchAnalyzer(profile, None, 30.0)

    def is_split_squat(self, angles: FrameAngles) -> bool:
        side = self.split.working_side(angles)
        return side is not None and self.split.in_position(angles, side)

    def lying(self, angles: FrameAngles) -> LyingFrame | None:
        """A lying frame with a hanging leg (couch stretch or Thomas test), with what tells them apart."""
        side = self.couch.working_side(angles)
        if side is not None and self.couch.in_position(angles, side):
            other = angles.leg(side.other).trunk_thigh_deg
            return LyingFrame(None if other is None else -other, angles.leg(side).knee_flexion_deg)
        side = self.thomas.working_side(angles)
        if side is not None and self.thomas.in_position(angles, side):
            other = angles.leg(side.other).trunk_thigh_deg
            return LyingFrame(None if other is None else -other, angles.leg(side).knee_flexion_deg)
        return None


def _lying_exercise(frames: list[LyingFrame], sat_first: bool) -> tuple[Exercise | None, str]:
    flexions = [f.other_hip_flexion_deg for f in frames if f.other_hip_flexion_deg is not None]
    knees = [f.hanging_knee_deg for f in frames if f.hanging_knee_deg is not None]
    if not flexions:
        return None, "lying with a hanging leg, but the other hip was never measured"
    flexion = statistics.median(flexions)
    if len(knees) <= 2:
        # No movement to read (a photo, or the hanging knee unseen): only the other leg can tell.
        why = f"other hip flexed {flexion:.0f}°, the hanging knee's movement not seen"
        if flexion >= HUGGED_MIN_DEG:
            return Exercise.THOMAS_TEST, why
        if OTHER_LEG_MIN_DEG <= flexion < RESTING_MAX_DEG:
            return Exercise.COUCH_STRETCH, why
        return None, f"lying with a hanging leg; cannot tell which exercise ({why})"
    knee_range = float(np.percentile(knees, 95) - np.percentile(knees, 5))
    why = f"other hip flexed {flexion:.0f}°, hanging knee range {knee_range:.0f}°, sat up first: {sat_first}"
    if flexion < OTHER_LEG_MIN_DEG:
        return None, f"lying with both legs alike, not one leg hanging ({why})"
    if flexion >= HUGGED_MIN_DEG:
        return Exercise.THOMAS_TEST, why
    still = knee_range < STILL_KNEE_RANGE_DEG
    # "Sit on the edge of your bed" ... "Lie back": sitting first, then a still or hugging hold.
    if sat_first and (still or flexion >= RESTING_MAX_DEG):
        return Exercise.THOMAS_TEST, why
    if not still or flexion < RESTING_MAX_DEG:
        return Exercise.COUCH_STRETCH, why
    return Exercise.THOMAS_TEST, why


def _is_sitting(angles: FrameAngles, upright_max_deg: float) -> bool:
    """Upright trunk with every seen thigh reaching forward (none down or back, as a rear leg would)."""
    trunk = angles.trunk_inclination_deg
    if trunk is None or abs(trunk) > upright_max_deg:
        return False
    thighs = [angles.leg(side).thigh_inclination_deg for side in (Side.LEFT, Side.RIGHT)]
    seen = [t for t in thighs if t is not None]
    return bool(seen) and all(t <= SITTING_THIGH_MAX_DEG for t in seen)


def score_exercises(
    frames: Sequence[FrameAngles], poses: Sequence[Pose | None] | None = None, profile: Profile | None = None
) -> Recognition:
    """How many frames match each exercise's set-up, and the winner when it is clear enough.

    Lying frames win over upright ones when there are enough of them: a person sitting on the bed
    before a Thomas test can pass for a split squat whose rear leg is hidden, never the reverse.
    """
    profile = profile or Profile()
    with_pose = [a for a in frames if a.has_pose]
    shares = {e.value: 0.0 for e in Exercise}
    if not with_pose:
        return Recognition(None, 0.0, shares, "no person")
    matcher = ExerciseMatcher(profile)
    split, sat_first = 0, False
    lying: list[LyingFrame] = []
    for angles in with_pose:
        if (frame := matcher.lying(angles)) is not None:
            lying.append(frame)
        elif matcher.is_split_squat(angles):
            split += 1
        if not lying and _is_sitting(angles, profile.general.upright_trunk_max_deg):
            sat_first = True
    reason = f"split stance in {split} frames"
    lying_share = len(lying) / len(with_pose)
    if lying_share >= MIN_SHARE:
        lying_exercise, why = _lying_exercise(lying, sat_first)
        reason += f"; lying with a hanging leg in {len(lying)} frames ({why})"
        if lying_exercise is None:
            return Recognition(None, round(lying_share, 3), shares, reason)
        shares[lying_exercise.value] = round(lying_share, 3)
        return Recognition(lying_exercise, round(lying_share, 3), shares, reason)
    shares[Exercise.SPLIT_SQUAT.value] = round(split / len(with_pose), 3)
    confidence = shares[Exercise.SPLIT_SQUAT.value]
    exercise = Exercise.SPLIT_SQUAT if confidence >= MIN_SHARE else None
    return Recognition(exercise, confidence, shares, reason)


def recognise_exercise(
    frames: Sequence[FrameAngles], poses: Sequence[Pose | None] | None = None
) -> Exercise | None:
    """The exercise a clip shows, or None when no set-up matches clearly enough."""
    return score_exercises(frames, poses).exercise
