"""Leg identity by continuity of where each leg is: synthetic split stances with injected label swaps,
a knee collapsed onto the other leg, a turn-around and a missing frame."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.kinematics.leg_identity import (
    CHAIN_START_CONFIDENCE,
    LOW_IDENTITY_CONFIDENCE,
    apply_leg_identity,
    track_leg_identity,
)
from formcheck.kinematics.view import exchange_leg_labels
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import Pose

from .poses import both_sides, make_pose, polar
from .test_kinematics_view import split_stance

LEG_ROWS = slice(int(L.LEFT_HIP), int(L.RIGHT_FOOT_INDEX) + 1)


def collapsed(pose: Pose) -> Pose:
    """BlazePose's collapse: the left knee and ankle drawn on top of the right leg's."""
    points = pose.landmarks_px.copy()
    points[L.LEFT_KNEE], points[L.LEFT_ANKLE] = points[L.RIGHT_KNEE], points[L.RIGHT_ANKLE]
    return Pose(points, pose.visibility, pose.depth_px, pose.image_size, pose.world_m)


def legs(pose: Pose | None) -> np.ndarray:
    assert pose is not None
    return pose.landmarks_px[LEG_ROWS]


def test_a_swap_held_for_most_of_the_clip_is_still_put_back_on_the_physical_legs():
    # given: a split stance held 400 frames, with the labels exchanged from frame 10 to 390
    truth = [split_stance(t % 5) for t in range(400)]
    seen = [exchange_leg_labels(p) if 10 <= t < 390 else p for t, p in enumerate(truth)]
    # when
    identities = track_leg_identity(seen)
    repaired = apply_leg_identity(seen, identities)
    # then: every frame has its true labels, however long the swap lasted
    assert [i.exchanged for i in identities] == [10 <= t < 390 for t in range(400)]
    for original, fixed in zip(truth, repaired, strict=True):
        assert legs(fixed) == pytest.approx(legs(original), nan_ok=True)


def test_the_planted_legs_are_matched_with_full_confidence_and_the_chain_start_with_less():
    identities = track_leg_identity([split_stance(t) for t in range(20)])
    assert identities[0].confidence == CHAIN_START_CONFIDENCE
    assert min(i.confidence for i in identities[1:]) > 0.9


def test_a_knee_collapsed_onto_the_other_leg_is_unknown_and_the_swap_after_it_is_undone():
    # given: the left knee collapses onto the right leg for 10 frames, then BlazePose separates the
    # legs again with the labels exchanged
    truth = [split_stance(t % 3) for t in range(60)]
    seen: list[Pose | None] = [
        collapsed(p) if 20 <= t < 30 else exchange_leg_labels(p) if t >= 30 else p
        for t, p in enumerate(truth)
    ]
    # when
    identities = track_leg_identity(seen)
    repaired = apply_leg_identity(seen, identities)
    # then: the collapsed frames say they do not know; the legs after it are the physical ones
    assert all(i.confidence < LOW_IDENTITY_CONFIDENCE for i in identities[20:30])
    assert all(i.confidence > 0.9 for i in identities[31:])
    for t in range(30, 60):
        assert legs(repaired[t]) == pytest.approx(legs(truth[t]), nan_ok=True)


def test_frames_caught_half_way_through_a_collapse_are_not_what_later_frames_are_matched_to():
    # given: BlazePose draws both legs towards each other over 4 frames, then apart with the labels
    # exchanged: the in-between frames match either way round about equally
    truth = [split_stance(0) for _ in range(40)]
    seen: list[Pose | None] = list(truth[:20])
    for step in (0.2, 0.35, 0.5, 0.35):
        seen.append(_drawn_together(truth[0], step))
    seen += [exchange_leg_labels(p) for p in truth[24:]]
    # when
    identities = track_leg_identity(seen, fps=15.0)
    # then: every frame after the collapse is put back on its physical leg
    repaired = apply_leg_identity(seen, identities)
    for t in range(24, 40):
        assert legs(repaired[t]) == pytest.approx(legs(truth[t]), nan_ok=True)
        assert identities[t].confidence > 0.9


def _drawn_together(pose: Pose, share: float) -> Pose:
    """Each knee and ankle moved ``share`` of the way towards the other leg's."""
    points = pose.landmarks_px.copy()
    for name in ("KNEE", "ANKLE"):
        left, right = int(getattr(L, f"LEFT_{name}")), int(getattr(L, f"RIGHT_{name}"))
        a, b = points[left].copy(), points[right].copy()
        points[left], points[right] = a + share * (b - a), b + share * (a - b)
    return Pose(points, pose.visibility, pose.depth_px, pose.image_size, pose.world_m)


def walking_step(t: int) -> Pose:
    """Side view, left foot planted in front; the right leg swings from behind to in front of it."""
    hip = (500.0 + 4.0 * t, 700.0)
    swing = -30.0 + 2.0 * t  # right thigh from 30 deg behind to 30 deg in front over 30 frames
    left_knee, right_knee = polar(hip, 300.0, 25.0 - 1.5 * t), polar(hip, 300.0, swing)
    return make_pose(
        **both_sides("shoulder", (500.0 + 4.0 * t, 400.0)),
        **both_sides("hip", hip),
        left_knee=left_knee,
        left_ankle=polar(left_knee, 300.0, 0.0),
        right_knee=right_knee,
        right_ankle=polar(right_knee, 300.0, swing - 20.0),
    )


def test_a_leg_stepping_past_the_other_restarts_from_blazeposes_labels_instead_of_exchanging_them():
    # given: a walking step, labelled right by BlazePose: the swinging leg passes the planted one,
    # after which either matching to the last frame before the crossing costs about the same
    steps = [walking_step(t) for t in range(31)]
    # when
    identities = track_leg_identity(steps, fps=15.0)
    # then: the labels are never exchanged; the undecided frames say so
    assert not any(i.exchanged for i in identities)


def test_a_turn_around_restarts_from_the_labels_blazepose_gives():
    truth = [split_stance(t) for t in range(40)]
    seen = [exchange_leg_labels(p) if t >= 30 else p for t, p in enumerate(truth)]
    identities = track_leg_identity(seen, [1] * 30 + [-1] * 10)
    assert not any(i.exchanged for i in identities)
    assert identities[30].confidence == CHAIN_START_CONFIDENCE


def test_a_frame_without_a_person_restarts_the_chain_and_is_unknown():
    truth = [split_stance(t) for t in range(40)]
    seen: list[Pose | None] = [
        None if t == 20 else exchange_leg_labels(p) if t > 20 else p for t, p in enumerate(truth)
    ]
    identities = track_leg_identity(seen)
    assert identities[20].confidence == 0.0
    assert not any(i.exchanged for i in identities)  # nothing ties the legs across the gap


def test_ordinary_motion_never_exchanges_the_labels():
    walk = [split_stance(3 * t) for t in range(60)]
    assert not any(i.exchanged for i in track_leg_identity(walk))


RED_LEG, BLUE_LEG = np.array([0.0, 0.0, 0.8]), np.array([0.8, 0.0, 0.0])  # BGR, thigh and shin alike


def looks(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """A frame's leg appearance as BlazePose labels the legs: (left, right) x (thigh, shin) x BGR."""
    return np.stack([np.stack([left, left]), np.stack([right, right])])


def test_after_a_gap_the_legs_colours_undo_a_swap_continuity_cannot_see():
    # given: the physical left leg is red; BlazePose loses the person for a frame, then labels the
    # legs the other way round
    truth = [split_stance(t) for t in range(40)]
    seen: list[Pose | None] = [
        None if t == 20 else exchange_leg_labels(p) if t > 20 else p for t, p in enumerate(truth)
    ]
    colours = [looks(BLUE_LEG, RED_LEG) if t > 20 else looks(RED_LEG, BLUE_LEG) for t in range(40)]
    # when
    identities = track_leg_identity(seen, appearances=colours)
    # then: the chain after the gap starts exchanged
    assert [i.exchanged for i in identities[21:]] == [True] * 19
    assert identities[21].confidence == CHAIN_START_CONFIDENCE


def test_legs_that_look_alike_leave_a_restart_to_blazeposes_labels():
    truth = [split_stance(t) for t in range(40)]
    seen: list[Pose | None] = [
        None if t == 20 else exchange_leg_labels(p) if t > 20 else p for t, p in enumerate(truth)
    ]
    grey = np.array([0.5, 0.5, 0.5])
    near_grey = grey + 0.02  # within the colour noise of one leg's own frames
    colours = [looks(near_grey, grey) if t > 20 else looks(grey, near_grey) for t in range(40)]
    identities = track_leg_identity(seen, appearances=colours)
    assert not any(i.exchanged for i in identities)
