"""The whole kinematics chain on real footage, against what the frames show (looked at by eye).

bss_gym_side_01: a woman doing Bulgarian split squats, pure side view, facing image-left, front
(left) leg camera-near, rear foot on a bench. glute_bridge_side_01: a woman lying supine, head at
image-left, knees bent, doing glute bridges. The ranges are wide on purpose: they say "the angle
means what it should", not "BlazePose is accurate".
"""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.kinematics import compute_frame_angles, estimate_view, stabilize_views
from formcheck.smoothing import zero_phase_smooth_track
from formcheck.types import LumbarArch, Side

pytestmark = [pytest.mark.slow, pytest.mark.realclips]

NO_ARCH = LumbarArch(arch_deg=None, confidence=0.0)


def measure(track):
    smoothed = zero_phase_smooth_track(track.frames, track.fps)
    views = stabilize_views([estimate_view(f.pose) for f in smoothed], fps=track.fps)
    return [compute_frame_angles(f, v, NO_ARCH) for f, v in zip(smoothed, views, strict=True)]


def local_extrema(values: np.ndarray, half_window: int, *, maxima: bool) -> list[int]:
    pick = np.nanmax if maxima else np.nanmin
    return [
        i
        for i in range(len(values))
        if not np.isnan(values[i])
        and values[i] == pick(values[max(0, i - half_window) : i + half_window + 1])
    ]


def series(angles, side: Side, field: str) -> np.ndarray:
    return np.array([np.nan if (v := getattr(a.leg(side), field)) is None else v for a in angles])


def test_split_squat_side_view_reads_facing_near_side_and_plausible_joint_angles(realclips_dir, pose_tracks):
    angles = measure(pose_tracks(realclips_dir / "bss_gym_side_01.mp4"))
    assert {a.view.facing for a in angles} == {-1}
    assert {a.view.near_side for a in angles} == {Side.LEFT}
    assert np.mean([a.view.is_sagittal for a in angles]) > 0.9

    front_knee = series(angles, Side.LEFT, "knee_flexion_deg")
    bottoms = [i for i in local_extrema(front_knee, 15, maxima=True) if front_knee[i] > 70]
    assert len(bottoms) == 4  # four reps in the clip
    for i in bottoms:
        assert 85 <= front_knee[i] <= 120, i  # front thigh about level, knee near 90-100 deg
        assert 125 <= angles[i].right.knee_flexion_deg <= 160, i  # rear knee deeply bent
        assert -25 <= angles[i].right.trunk_thigh_deg <= 10, i  # rear hip about neutral under a leaning trunk
        assert 15 <= angles[i].trunk_inclination_deg <= 45, i  # the visible forward lean
    tops = [i for i in local_extrema(front_knee, 15, maxima=False)]
    assert all(front_knee[i] < 35 for i in tops)


def test_glute_bridge_lying_head_left_faces_plus_one_and_the_near_hip_opens_at_the_top(
    realclips_dir, pose_tracks
):
    angles = measure(pose_tracks(realclips_dir / "glute_bridge_side_01.mp4"))
    assert {a.view.facing for a in angles} == {1}
    assert {a.view.near_side for a in angles} == {Side.RIGHT}
    trunk_thigh = series(angles, Side.RIGHT, "trunk_thigh_deg")
    assert np.nanmin(trunk_thigh) < -40  # lying flat, knees up: the hip is flexed
    assert -20 < np.nanmax(trunk_thigh) < 10  # bridge top: about straight from knee to shoulder
    assert np.nanmedian(series(angles, Side.RIGHT, "knee_flexion_deg")) == pytest.approx(120, abs=20)
