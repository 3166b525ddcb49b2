"""The studio's ground-truth definitions, checked on poses whose angles are known by construction."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from formcheck.synth.body import ArmPose, BodyPose, BodyShape, LegPose
from formcheck.synth.camera import CameraSpec
from formcheck.synth.figure import figure_primitives
from formcheck.synth.outfit import Outfit
from formcheck.synth.raster import rasterise
from formcheck.synth.skeleton import forward_kinematics, neutral_standing
from formcheck.synth.truth import chord_lean_back_deg, frame_truth, leg_truth
from formcheck.types import Side

SHAPE = BodyShape()


def standing(**changes) -> BodyPose:
    return replace(neutral_standing(SHAPE), **changes)


def with_leg(pose: BodyPose, side: Side, leg: LegPose) -> BodyPose:
    return replace(pose, legs={**pose.legs, side: leg})


def test_neutral_standing_has_zero_hip_extension_knee_flexion_and_a_vertical_thigh():
    truth = leg_truth(forward_kinematics(SHAPE, neutral_standing(SHAPE)), Side.LEFT)
    assert truth["hip_extension_deg"] == pytest.approx(0.0, abs=1e-9)
    assert truth["knee_flexion_deg"] == pytest.approx(0.0, abs=1e-9)
    assert truth["thigh_to_horizontal_deg"] == pytest.approx(-90.0)
    assert truth["thigh_inclination_deg"] == pytest.approx(0.0, abs=1e-9)


def test_neutral_standing_puts_the_soles_on_the_floor():
    sk = forward_kinematics(SHAPE, neutral_standing(SHAPE))
    assert sk.joints["left_ankle"][1] == pytest.approx(SHAPE.m(SHAPE.ankle_height))


def test_a_thigh_swung_back_reads_as_hip_extension_and_knee_behind_the_hip():
    pose = with_leg(neutral_standing(SHAPE), Side.RIGHT, LegPose(hip_flex_deg=-15.0, knee_flex_deg=40.0))
    sk = forward_kinematics(SHAPE, pose)
    truth = leg_truth(sk, Side.RIGHT)
    assert truth["hip_extension_deg"] == pytest.approx(15.0)
    assert truth["thigh_inclination_deg"] == pytest.approx(15.0)
    assert truth["knee_flexion_deg"] == pytest.approx(40.0)
    # by hand: the knee sits thigh * sin(15) behind the hip (the body faces +x) and below it
    hip, knee = sk.joints["right_hip"], sk.joints["right_knee"]
    assert knee[0] - hip[0] == pytest.approx(-SHAPE.m(SHAPE.thigh) * math.sin(math.radians(15)))
    assert knee[1] - hip[1] == pytest.approx(-SHAPE.m(SHAPE.thigh) * math.cos(math.radians(15)))


def test_hip_extension_is_measured_against_the_pelvis_not_the_vertical():
    tilted = with_leg(
        standing(pelvis_deg=80.0), Side.LEFT, LegPose(hip_flex_deg=-5.0)
    )  # 10 deg anterior tilt
    truth = leg_truth(forward_kinematics(SHAPE, tilted), Side.LEFT)
    assert truth["hip_extension_deg"] == pytest.approx(5.0)
    assert truth["thigh_inclination_deg"] == pytest.approx(15.0)  # world: 10 tilt + 5 extension


@pytest.mark.parametrize("arch", [-5.0, 0.0, 12.0, 25.0])
@pytest.mark.parametrize("hip_flex", [-20.0, 0.0, 35.0])
def test_trunk_thigh_is_hip_extension_plus_the_chord_lean(arch: float, hip_flex: float):
    pose = with_leg(
        standing(lumbar_arch_deg=arch, pelvis_deg=97.0), Side.LEFT, LegPose(hip_flex_deg=hip_flex)
    )
    sk = forward_kinematics(SHAPE, pose)
    truth = leg_truth(sk, Side.LEFT)
    assert truth["trunk_thigh_deg"] == pytest.approx(
        truth["hip_extension_deg"] + chord_lean_back_deg(sk, Side.LEFT)
    )


def test_the_arch_turns_the_hip_shoulder_chord_by_a_fraction_of_itself():
    lean = [
        chord_lean_back_deg(forward_kinematics(SHAPE, standing(lumbar_arch_deg=a)), Side.LEFT)
        for a in (0.0, 20.0)
    ]
    turn_per_deg = (lean[1] - lean[0]) / 20.0
    assert 0.5 < turn_per_deg < 0.9
    # in neutral the chord leans only a few degrees from the pelvis axis
    assert abs(lean[0]) < 6.0


def test_frame_truth_reports_the_pose_arch_and_the_other_legs_flexion():
    pose = with_leg(
        standing(lumbar_arch_deg=18.0), Side.RIGHT, LegPose(hip_flex_deg=110.0, knee_flex_deg=120.0)
    )
    truth = frame_truth(forward_kinematics(SHAPE, pose), Side.LEFT, 18.0)
    assert truth["lumbar_arch_deg"] == 18.0
    assert truth["other_hip_flexion_deg"] == pytest.approx(110.0)
    assert truth["other_knee_flexion_deg"] == pytest.approx(120.0)


def _dorsal_dip(arch: float) -> float:
    """How far the back's silhouette sinks inside the thoracic-bulge-to-buttock line (chord lengths)."""
    camera = CameraSpec(+1, 0.0, 0.0, 4.0, 1400.0, 240, 400).build(np.array([0.0, 1.2, 0.0]))
    arms_forward = {
        side: ArmPose(shoulder_flex_deg=80.0, abduction_deg=10.0) for side in Side
    }  # off the back
    # standing arch: the pelvis tips forward by 60 % of it, the thorax leans back by the rest
    sk = forward_kinematics(
        SHAPE, standing(lumbar_arch_deg=arch, pelvis_deg=90.0 - 0.6 * arch, arms=arms_forward)
    )
    buf = rasterise(camera, figure_primitives(sk, SHAPE, Outfit()), camera.pixel_rays())
    top, bottom = camera.project(sk.joints["neck_base"])[1], camera.project(sk.joints["hip_center"])[1] + 20
    rows = np.arange(int(top), int(bottom))
    # the body faces image-right (+x), so the back is the leftmost figure pixel of each row
    back = np.array([np.flatnonzero(buf.material[r] >= 0).min() for r in rows], dtype=float)
    mid = len(rows) // 2
    upper, lower = np.argmin(back[:mid]), mid + np.argmin(back[mid:])
    line = back[upper] + (back[lower] - back[upper]) * (np.arange(len(rows)) - upper) / (lower - upper)
    chord = np.linalg.norm(camera.project(sk.joints["left_shoulder"]) - camera.project(sk.joints["left_hip"]))
    return float((back - line)[upper:lower].max()) / chord


def test_a_lumbar_arch_deepens_the_dip_in_the_backs_silhouette():
    dips = [_dorsal_dip(arch) for arch in (0.0, 10.0, 20.0)]
    assert dips[0] > 0.0  # a neutral back already has its lordosis
    assert dips[0] < dips[1] < dips[2]
    assert dips[2] - dips[0] > 0.03  # real backs: ~0.04 chord lengths for ~18 deg
