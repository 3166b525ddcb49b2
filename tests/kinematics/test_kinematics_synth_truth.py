"""The kinematics conventions agree with the synthetic studio's exact ground truth.

The studio defines its truth angles on the mannequin's joint centres in the world x-y (sagittal)
plane. Projecting those joints straight onto that plane (a level camera exactly side-on, from either
side) must give back the studio's numbers through ``estimate_view`` + ``leg_angles``: same signs,
same zeros, same facing and near side. No rendering, no BlazePose: this pins the geometry contract.
"""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.kinematics import estimate_view, leg_angles
from formcheck.landmarks import NUM_LANDMARKS, PoseLandmark
from formcheck.synth.clip import ClipSpec, build_scenario, frame_times
from formcheck.synth.truth import frame_truth
from formcheck.types import Exercise, MistakeCode, Pose, Side

PX_PER_M = 400.0
SIZE = (1280, 720)
FIELDS = ("knee_flexion_deg", "thigh_to_horizontal_deg", "thigh_inclination_deg", "trunk_thigh_deg")


def side_on_pose(joints: dict[str, np.ndarray], camera_at_plus_z: bool) -> Pose:
    """Orthographic, level projection onto world x-y, seen from +z (x to image-right) or -z (mirrored)."""
    landmarks = np.zeros((NUM_LANDMARKS, 2))
    visibility = np.zeros(NUM_LANDMARKS)
    depth = np.zeros(NUM_LANDMARKS)
    mirror = 1.0 if camera_at_plus_z else -1.0
    for name, xyz in joints.items():
        if name.upper() not in PoseLandmark.__members__:
            continue
        index = PoseLandmark[name.upper()]
        landmarks[index] = (SIZE[0] / 2 + mirror * PX_PER_M * xyz[0], SIZE[1] * 0.8 - PX_PER_M * xyz[1])
        visibility[index] = 1.0
        depth[index] = -mirror * PX_PER_M * xyz[2]  # nearer the camera = smaller depth
    return Pose(landmarks, visibility, depth, SIZE)


@pytest.mark.parametrize("camera_at_plus_z", [True, False])
@pytest.mark.parametrize(
    ("exercise", "mistake", "working"),
    [
        (Exercise.SPLIT_SQUAT, None, Side.LEFT),
        (Exercise.SPLIT_SQUAT, MistakeCode.KNEE_PAST_ANKLE, Side.RIGHT),
        (Exercise.COUCH_STRETCH, None, Side.RIGHT),
        (Exercise.THOMAS_TEST, MistakeCode.SHALLOW_RANGE, Side.LEFT),
    ],
)
def test_studio_truth_angles_come_back_from_a_side_on_projection(
    exercise, mistake, working, camera_at_plus_z
):
    scenario = build_scenario(ClipSpec(exercise, mistake, working, fps=5.0))
    facings, near_sides = set(), set()
    for t in frame_times(scenario.timeline.duration_s, 5.0)[::4]:
        staged = scenario.stage(float(t))
        truth = frame_truth(staged.skeleton, scenario.working, staged.pose.lumbar_arch_deg)
        pose = side_on_pose(staged.skeleton.joints, camera_at_plus_z)
        view = estimate_view(pose)
        facings.add(view.facing)
        near_sides.add(view.near_side)
        measured = leg_angles(pose, working, view.facing)
        for field in FIELDS:
            assert getattr(measured, field) == pytest.approx(truth[field], abs=0.1), (t, field)
    assert len(facings) == 1 and 0 not in facings
    # geometry: the camera sees the right side exactly when the body faces image-right (+1)
    assert near_sides == {Side.RIGHT if facings == {1} else Side.LEFT}
