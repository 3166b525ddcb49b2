"""``--exercise auto``: which of the three exercises a clip shows, from its angles alone.

Each frame is matched against the exercises' own set-up checks (the analyzers' ``in_position``):
lying with one hip deeply flexed (a knee hugged) -> Thomas test; lying with a leg hanging below the
couch line -> couch stretch; upright with the legs split and the rear foot up -> split squat. Lying
frames pass both lying checks (the Thomas test leg also hangs off the bed), so the flexed leg
decides: a hugged hip is folded past ``HUG_MIN_DEG`` (even a loose hug, ~75-90 deg), while the
couch stretch's other leg rests with its foot on the couch (~40-55 deg).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from formcheck.exercises.couch_stretch import CouchStretchAnalyzer
from formcheck.exercises.profile import Profile
from formcheck.exercises.split_squat import SplitSquatAnalyzer
from formcheck.exercises.thomas_test import ThomasTestAnalyzer
from formcheck.types import Exercise, FrameAngles, Pose

HUG_MIN_DEG = 65.0  # hip flexion of the most flexed leg that tells a hug from a foot resting on the couch
MIN_SHARE = 0.2  # the winner must match at least this share of the frames with a person


@dataclass(frozen=True, slots=True)
class Recognition:
    exercise: Exercise | None
    confidence: float  # share of the frames with a person that match the winner's set-up, 0..1
    shares: dict[str, float] = field(default_factory=dict)  # the same share for every exercise


class ExerciseMatcher:
    """Matches single frames against each exercise's set-up check."""

    def __init__(self, profile: Profile | None = None):
        profile = profile or Profile()
        self.split = SplitSquatAnalyzer(profile, None, 30.0)
        self.thomas = ThomasTestAnalyzer(profile, None, 30.0)
        self.couch = CouchStretchAnalyzer(profile, None, 30.0)

    def match(self, angles: FrameAngles) -> Exercise | None:
        """The exercise whose set-up this one frame matches, if any."""
        side = self.split.working_side(angles)
        if side is not None and self.split.in_position(angles, side):
            return Exercise.SPLIT_SQUAT
        side = self.thomas.working_side(angles)
        if side is not None and self.thomas.in_position(angles, side):
            flexed = angles.leg(side.other).trunk_thigh_deg
            if flexed is not None and -flexed >= HUG_MIN_DEG:
                return Exercise.THOMAS_TEST
        side = self.couch.working_side(angles)
        if side is not None and self.couch.in_position(angles, side):
            return Exercise.COUCH_STRETCH
        return None


def score_exercises(
    frames: Sequence[FrameAngles], poses: Sequence[Pose | None] | None = None, profile: Profile | None = None
) -> Recognition:
    """How many frames match each exercise's set-up, and the winner when it is clear enough."""
    with_pose = [a for a in frames if a.has_pose]
    if not with_pose:
        return Recognition(None, 0.0, {e.value: 0.0 for e in Exercise})
    matcher = ExerciseMatcher(profile)
    counts: Counter[Exercise] = Counter()
    for angles in with_pose:
        exercise = matcher.match(angles)
        if exercise is not None:
            counts[exercise] += 1
    shares = {e.value: round(counts[e] / len(with_pose), 3) for e in Exercise}
    if not counts:
        return Recognition(None, 0.0, shares)
    winner, count = counts.most_common(1)[0]
    confidence = count / len(with_pose)
    return Recognition(winner if confidence >= MIN_SHARE else None, round(confidence, 3), shares)


def recognise_exercise(
    frames: Sequence[FrameAngles], poses: Sequence[Pose | None] | None = None
) -> Exercise | None:
    """The exercise a clip shows, or None when no set-up matches clearly enough."""
    return score_exercises(frames, poses).exercise
