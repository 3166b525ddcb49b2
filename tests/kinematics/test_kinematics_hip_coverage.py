"""Hip extension is measured wherever the legs are, also where the back cannot be seen.

Issue 12: hip extension was null in every frame of 5 of 12 split squats of an independent set. The
cause, found on the sample ``split-squat_shallow-range_right-far_yaw30``: its back edge is hidden by
the arms in every frame, so the arch was never measured and hip extension (which removes the arch)
was never computed, though both legs were in plain view.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from formcheck.kinematics.frame import compute_frame_angles
from formcheck.kinematics.hip import UPRIGHT_ARCH_FACTOR
from formcheck.types import Exercise, LumbarArch, PoseFrame, Side, ViewEstimate

from .poses import standing_side_pose

SIDE_VIEW = ViewEstimate(near_side=Side.RIGHT, facing=1, sagittal_score=1.0, is_sagittal=True)
HIDDEN = LumbarArch(arch_deg=None, confidence=0.0, reason="arm over the back")


def test_a_hidden_back_leaves_the_arch_unmeasured_but_not_the_hip() -> None:
    frame = PoseFrame(0, 0.0, (1000, 1400), standing_side_pose())
    without = compute_frame_angles(frame, SIDE_VIEW, HIDDEN)
    assert without.left.hip_extension_deg is None  # the arch's own reading stays as it was
    bridged = LumbarArch(arch_deg=10.0, confidence=0.0, reason="bridged")
    neutral = LumbarArch(arch_deg=0.0, confidence=0.0, reason="neutral")
    with_bridge = compute_frame_angles(frame, SIDE_VIEW, HIDDEN, back_for_hip=bridged)
    with_neutral = compute_frame_angles(frame, SIDE_VIEW, HIDDEN, back_for_hip=neutral)
    assert with_bridge.lumbar.arch_deg is None
    assert with_bridge.left.hip_extension_deg is not None and with_neutral.left.hip_extension_deg is not None
    # a 10-deg arch takes the upright posture's arch factor per degree off the trunk-thigh angle
    expected = 10.0 * UPRIGHT_ARCH_FACTOR
    assert with_neutral.left.hip_extension_deg - with_bridge.left.hip_extension_deg == pytest.approx(expected)


@pytest.mark.slow
def test_the_far_side_split_squat_with_a_hidden_back_has_hip_extension_in_nine_frames_of_ten(
    pose_tracks, sample_videos_dir
) -> None:
    from formcheck.pipeline import analyze_track

    clip = sample_videos_dir / "split-squat_shallow-range_right-far_yaw30.mp4"
    truth = json.loads(clip.with_suffix(".truth.json").read_text())
    analysis = analyze_track(pose_tracks(clip), exercise=Exercise.SPLIT_SQUAT)
    side = Side(truth["working_side"])
    pairs = [
        (a.leg(side).hip_extension_deg, t["hip_extension_deg"])
        for a, t in zip(analysis.angles, truth["frames"], strict=False)
        if a.has_pose and t["hip_extension_deg"] is not None
    ]
    measured = [(found, true) for found, true in pairs if found is not None]
    assert len(measured) >= 0.9 * len(pairs)  # it was 0 of 879
    assert all(a.lumbar.arch_deg is None for a in analysis.angles if a.has_pose)  # still unseen, still said
    errors = np.abs([found - true for found, true in measured])
    assert float(errors.mean()) <= 6.0  # the 30-deg target
