"""View detection on hand-built side, oblique, frontal and lying poses; stabiliser; live tracker; leg swaps."""

from __future__ import annotations

import math

import pytest

from formcheck.kinematics.view import (
    FRONTAL_WIDTH_TO_TORSO,
    SAGITTAL_MIN_SCORE,
    UNKNOWN_VIEW,
    ViewTracker,
    anatomical_near_side,
    detect_leg_swaps,
    estimate_view,
    exchange_leg_labels,
    sagittal_score,
    stabilize_views,
)
from formcheck.landmarks import PoseLandmark
from formcheck.types import Pose, Side, ViewEstimate

from .poses import both_sides, make_pose, polar, side_view_depth, standing_side_pose

TORSO_PX = 300.0


def turned_pose(yaw_deg: float) -> Pose:
    """Standing upright, turned ``yaw_deg`` away from a pure side view (90 = facing the camera).

    Shoulder and hip widths across the image are the frontal widths times sin(yaw), with the frontal
    widths in the same ratio to the torso as ``FRONTAL_WIDTH_TO_TORSO`` assumes (0.75 + 0.55).
    """
    s = math.sin(math.radians(yaw_deg))
    points = {
        **both_sides("shoulder", (500.0, 400.0), spread=0.75 * TORSO_PX * s),
        **both_sides("hip", (500.0, 700.0), spread=0.55 * TORSO_PX * s),
        **both_sides("knee", (500.0, 1000.0), spread=0.4 * TORSO_PX * s),
        **both_sides("ankle", (500.0, 1300.0), spread=0.4 * TORSO_PX * s),
        **both_sides("ear", (500.0, 320.0), spread=0.4 * TORSO_PX * s),
        "nose": (500.0 + 40.0 * math.cos(math.radians(yaw_deg)), 330.0),
    }
    return make_pose(depth=side_view_depth(1), **points)


def test_frontal_widths_assumed_match_the_pose_builder():
    assert pytest.approx(0.75 + 0.55) == FRONTAL_WIDTH_TO_TORSO


@pytest.mark.parametrize("facing", [1, -1])
def test_a_standing_side_view_is_sagittal_with_the_right_facing_and_near_side(facing):
    view = estimate_view(standing_side_pose(facing=facing, knee_bend_deg=30.0))
    assert view.facing == facing
    assert view.near_side is anatomical_near_side(facing)
    assert view.sagittal_score == pytest.approx(1.0)
    assert view.is_sagittal


def test_a_frontal_view_scores_zero_and_is_not_sagittal():
    view = estimate_view(turned_pose(90.0))
    assert view.sagittal_score == pytest.approx(0.0, abs=1e-9)
    assert not view.is_sagittal
    assert view.facing == 0  # nose between the ears: no side to call


@pytest.mark.parametrize(("yaw", "expected"), [(30.0, 1 - 30 / 90), (60.0, 1 - 60 / 90), (0.0, 1.0)])
def test_the_sagittal_score_is_one_minus_the_yaw_over_ninety(yaw, expected):
    assert sagittal_score(turned_pose(yaw)) == pytest.approx(expected, abs=1e-6)


def test_the_sagittal_threshold_sits_between_a_thirty_and_a_forty_five_degree_turn():
    assert estimate_view(turned_pose(30.0)).is_sagittal
    assert not estimate_view(turned_pose(45.0)).is_sagittal
    assert sagittal_score(turned_pose(36.0)) == pytest.approx(SAGITTAL_MIN_SCORE, abs=0.001)


def lying_pose(*, head_left: bool, knees_bent: bool) -> Pose:
    """Supine on the floor, hip at (600, 500); knees up and feet flat when ``knees_bent``."""
    d = 1.0 if head_left else -1.0
    hip, shoulder = (600.0, 500.0), (600.0 - d * TORSO_PX, 500.0)
    if knees_bent:
        knee = (hip[0] + d * 200.0, 280.0)
        ankle = (hip[0] + d * 400.0, 500.0)
        heel, toes = (ankle[0] - d * 20.0, 510.0), (ankle[0] + d * 80.0, 510.0)
    else:
        knee, ankle = (hip[0] + d * 300.0, 500.0), (hip[0] + d * 600.0, 500.0)
        heel, toes = (ankle[0] + d * 10.0, 510.0), (ankle[0] + d * 10.0, 440.0)  # toes up
    points = {
        **both_sides("shoulder", shoulder),
        **both_sides("hip", hip),
        **both_sides("knee", knee),
        **both_sides("ankle", ankle),
        **both_sides("heel", heel),
        **both_sides("foot_index", toes),
        **both_sides("ear", (shoulder[0] - d * 120.0, 500.0)),
        "nose": (shoulder[0] - d * 130.0, 460.0),  # nose toward the ceiling
    }
    facing = 1 if head_left else -1
    return make_pose(image_size=(1280, 720), depth=side_view_depth(facing), **points)


@pytest.mark.parametrize("knees_bent", [True, False])
@pytest.mark.parametrize(("head_left", "facing"), [(True, 1), (False, -1)])
def test_lying_on_the_back_faces_plus_one_with_the_head_at_image_left(head_left, facing, knees_bent):
    view = estimate_view(lying_pose(head_left=head_left, knees_bent=knees_bent))
    assert view.facing == facing
    assert view.is_sagittal


def test_a_bent_knee_alone_gives_the_facing_when_head_and_feet_are_hidden():
    pose = lying_pose(head_left=False, knees_bent=True)
    hidden = {
        n: 0.0
        for n in (
            "nose",
            "left_ear",
            "right_ear",
            "left_heel",
            "right_heel",
            "left_foot_index",
            "right_foot_index",
        )
    }
    vis = pose.visibility.copy()
    for name in hidden:
        vis[PoseLandmark[name.upper()]] = 0.0
    only_knees = Pose(pose.landmarks_px, vis, pose.depth_px, pose.image_size)
    assert estimate_view(only_knees).facing == -1


def test_no_pose_gives_the_unknown_view():
    assert estimate_view(None) == UNKNOWN_VIEW


def view(facing: int, near: Side | None) -> ViewEstimate:
    return ViewEstimate(near_side=near, facing=facing, sagittal_score=0.9, is_sagittal=True)


def test_the_stabiliser_absorbs_a_short_facing_misreading_and_keeps_a_real_turn():
    fps = 30.0
    views = [view(1, Side.RIGHT)] * 60 + [view(-1, Side.LEFT)] * 10 + [view(1, Side.RIGHT)] * 60
    views += [view(-1, Side.LEFT)] * 90  # a genuine turn-around, held 3 s
    out = stabilize_views(views, fps=fps)
    assert [v.facing for v in out[:130]] == [1] * 130
    assert [v.near_side for v in out[:130]] == [Side.RIGHT] * 130
    assert [v.facing for v in out[130:]] == [-1] * 90
    assert {v.near_side for v in out[130:]} == {Side.LEFT}


def test_a_long_stretch_of_swapped_near_side_labels_does_not_flip_the_side():
    views = [view(-1, Side.LEFT)] * 100 + [view(-1, Side.RIGHT)] * 80 + [view(-1, Side.LEFT)] * 100
    assert {v.near_side for v in stabilize_views(views, fps=30.0)} == {Side.LEFT}


def test_frames_without_pose_stay_unknown_and_unknown_facing_takes_its_neighbours():
    views = [view(1, Side.RIGHT)] * 40 + [None] * 5 + [view(0, None)] * 5 + [view(1, Side.RIGHT)] * 40
    out = stabilize_views(views, fps=30.0)
    assert out[42] == UNKNOWN_VIEW
    assert out[47].facing == 1 and out[47].near_side is Side.RIGHT


def test_the_live_tracker_flips_facing_only_after_a_second_of_opposite_readings():
    tracker = ViewTracker(fps=30.0)
    out = [tracker.update(view(1, Side.RIGHT)) for _ in range(30)]
    out += [tracker.update(view(-1, Side.LEFT)) for _ in range(29)]
    assert {v.facing for v in out} == {1}
    assert {v.near_side for v in out} == {Side.RIGHT}
    assert tracker.update(view(-1, Side.LEFT)).facing == -1


def test_the_live_tracker_keeps_the_near_side_through_a_short_label_swap():
    tracker = ViewTracker(fps=30.0)
    for _ in range(60):
        tracker.update(view(1, Side.RIGHT))
    swapped = [tracker.update(view(1, Side.LEFT)) for _ in range(40)]
    assert {v.near_side for v in swapped} == {Side.RIGHT}


def split_stance(t: int) -> Pose:
    """Split squat facing image-right: left leg in front, right leg behind, drifting 1 px per frame."""
    dx = float(t)
    hip = (500.0 + dx, 700.0)
    front_knee, rear_knee = polar(hip, 300.0, 80.0), polar(hip, 300.0, -20.0)
    front_ankle, rear_ankle = polar(front_knee, 300.0, 0.0), polar(rear_knee, 300.0, -110.0)
    points = {
        **both_sides("shoulder", (500.0 + dx, 400.0)),
        **both_sides("hip", hip),
        "left_knee": front_knee,
        "left_ankle": front_ankle,
        "right_knee": rear_knee,
        "right_ankle": rear_ankle,
    }
    return make_pose(**points)


def test_a_stretch_of_swapped_leg_labels_is_detected_at_both_ends():
    # (kinematics.leg_identity undoes them: tests/kinematics/test_kinematics_leg_identity.py)
    truth = [split_stance(t) for t in range(40)]
    seen = [exchange_leg_labels(p) if 10 <= t < 20 else p for t, p in enumerate(truth)]
    flags = detect_leg_swaps(seen)
    assert [t for t, f in enumerate(flags) if f] == [10, 20]


def test_ordinary_motion_is_not_called_a_swap():
    assert not any(detect_leg_swaps([split_stance(t) for t in range(40)]))


def scored(score: float) -> ViewEstimate:
    return ViewEstimate(
        near_side=Side.RIGHT, facing=1, sagittal_score=score, is_sagittal=score >= SAGITTAL_MIN_SCORE
    )


def test_one_frame_dipping_below_the_sagittal_threshold_does_not_switch_the_angles_off():
    views = [scored(0.9)] * 20 + [scored(0.3)] + [scored(0.9)] * 20
    assert all(v.is_sagittal for v in stabilize_views(views, fps=30.0))


def test_a_lasting_turn_to_the_front_switches_the_sagittal_flag_off():
    views = [scored(0.9)] * 30 + [scored(0.2)] * 30
    out = stabilize_views(views, fps=30.0)
    assert all(v.is_sagittal for v in out[:25])
    assert not any(v.is_sagittal for v in out[35:])
