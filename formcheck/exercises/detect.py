"""``--exercise auto``: which registered exercise a clip shows, from its angles alone.

Each frame is matched against the exercises' own set-up checks (the analyzers' ``working_side`` and
``in_position``), lying exercises first: a person sitting on the bed before a lying test can pass
for an upright exercise whose rear leg is hidden, never the reverse. The frames of the posture that
matches often enough are then summed up as ``PostureEvidence`` (the other hip's flexion, the
working knee's movement, whether the person sat up first), and each exercise of that posture says
whether the clip is its own (its spec's ``recognition.claims``, heard only from an exercise whose own
set-up fits most of those frames): exactly one claim wins, none or several is "cannot tell".
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from formcheck.exercises.base import ExerciseAnalyzer
from formcheck.exercises.posture_tells import OWN_SET_UP_MIN_SHARE
from formcheck.exercises.profile import Profile
from formcheck.exercises.registry import all_specs
from formcheck.exercises.spec import ExerciseSpec, Posture, PostureEvidence
from formcheck.types import Exercise, FrameAngles, Pose, Side

SITTING_THIGH_MAX_DEG = -60.0  # sitting: thighs reach forward, near horizontal (inclination from down)
MIN_SHARE = 0.2  # the winner must match at least this share of the frames with a person
MIN_KNEE_READINGS = 3  # fewer working-knee readings than this: its movement was not seen (a photo)


@dataclass(frozen=True, slots=True)
class Recognition:
    exercise: Exercise | None
    confidence: float  # share of the frames with a person that match the winner's set-up, 0..1
    shares: dict[str, float] = field(default_factory=dict)  # the same share for every exercise
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MatchedFrame:
    """One frame that matches an exercise's set-up, with what tells exercises of its posture apart."""

    posture: Posture
    other_hip_flexion_deg: float | None
    working_knee_deg: float | None
    fits: frozenset[str] = frozenset()  # every exercise of the posture whose set-up accepts the frame


class ExerciseMatcher:
    """Matches single frames against each registered exercise's set-up check."""

    def __init__(self, profile: Profile | None = None):
        profile = profile or Profile()
        order = sorted(all_specs(), key=lambda spec: list(Posture).index(spec.posture))
        self.probes: list[tuple[ExerciseSpec, ExerciseAnalyzer]] = [
            (spec, spec.analyzer(profile, None, 30.0)) for spec in order
        ]

    def match(self, angles: FrameAngles) -> MatchedFrame | None:
        """The first exercise (lying ones first, then in registration order) whose set-up the frame
        fits, with every other exercise of its posture that fits it too."""
        first: tuple[ExerciseSpec, Side] | None = None
        fits: set[str] = set()
        for spec, probe in self.probes:
            if first is not None and spec.posture is not first[0].posture:
                break
            side = probe.working_side(angles)
            if side is not None and probe.in_position(angles, side):
                first = first or (spec, side)
                fits.add(spec.name)
        if first is None:
            return None
        spec, side = first
        other = angles.leg(side.other).trunk_thigh_deg
        return MatchedFrame(
            spec.posture,
            None if other is None else -other,
            angles.leg(side).knee_flexion_deg,
            frozenset(fits),
        )


def posture_evidence(frames: Sequence[MatchedFrame], sat_first: bool) -> PostureEvidence:
    flexions = [f.other_hip_flexion_deg for f in frames if f.other_hip_flexion_deg is not None]
    knees = [f.working_knee_deg for f in frames if f.working_knee_deg is not None]
    knee_range = (
        float(np.percentile(knees, 95) - np.percentile(knees, 5)) if len(knees) >= MIN_KNEE_READINGS else None
    )
    names = {name for f in frames for name in f.fits}
    shares = {name: sum(name in f.fits for f in frames) / len(frames) for name in names} if frames else {}
    return PostureEvidence(statistics.median(flexions) if flexions else None, knee_range, sat_first, shares)


def _describe(evidence: PostureEvidence) -> str:
    if evidence.other_hip_flexion_deg is None:
        return "the other hip never measured"
    knee = (
        "the working knee's movement not seen"
        if evidence.working_knee_range_deg is None
        else f"working knee range {evidence.working_knee_range_deg:.0f}°"
    )
    return (
        f"other hip flexed {evidence.other_hip_flexion_deg:.0f}°, {knee}, sat up first: {evidence.sat_first}"
    )


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
    """How many frames match each exercise's set-up, and the winner when it is clear enough."""
    profile = profile or Profile()
    with_pose = [a for a in frames if a.has_pose]
    shares = {spec.name: 0.0 for spec in all_specs()}
    if not with_pose:
        return Recognition(None, 0.0, shares, "no person")
    matcher = ExerciseMatcher(profile)
    matched: dict[Posture, list[MatchedFrame]] = {posture: [] for posture in Posture}
    sat_first: dict[Posture, bool] = dict.fromkeys(Posture, False)
    for angles in with_pose:
        if (frame := matcher.match(angles)) is not None:
            matched[frame.posture].append(frame)
        if _is_sitting(angles, profile.general.upright_trunk_max_deg):
            # "Sit on the edge of your bed" ... "Lie back": sitting before any frame of a posture
            for posture in Posture:
                sat_first[posture] = sat_first[posture] or not matched[posture]
    reasons = []
    for posture in Posture:  # lying first
        group = matched[posture]
        specs = [spec for spec in all_specs() if spec.posture is posture]
        if not specs:
            continue
        stance = specs[0].recognition.stance
        share = round(len(group) / len(with_pose), 3)
        if share < MIN_SHARE:
            reasons.append(f"{stance} in {len(group)} frames")
            continue
        evidence = posture_evidence(group, sat_first[posture])
        why = _describe(evidence)
        claimants = [
            spec
            for spec in specs
            if evidence.set_up_shares.get(spec.name, 0.0) >= OWN_SET_UP_MIN_SHARE
            and spec.recognition.claims(evidence)
        ]
        reason = "; ".join([*reasons, f"{stance} in {len(group)} frames ({why})"])
        if len(claimants) != 1:
            names = ", ".join(spec.name for spec in claimants) or "no exercise of this posture"
            return Recognition(None, share, shares, f"{reason}; cannot tell which exercise: {names} fits")
        shares[claimants[0].name] = share
        return Recognition(claimants[0].key, share, shares, reason)
    best = max((len(matched[p]) / len(with_pose) for p in Posture), default=0.0)
    return Recognition(None, round(best, 3), shares, "; ".join(reasons))


def recognise_exercise(
    frames: Sequence[FrameAngles], poses: Sequence[Pose | None] | None = None
) -> Exercise | None:
    """The exercise a clip shows, or None when no set-up matches clearly enough."""
    return score_exercises(frames, poses).exercise
