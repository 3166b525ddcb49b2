"""Thomas test on a bed: sit on the end ~2 s, hug one knee, lie back ~2 s, hold >= 6 s.

The test leg (working side, nearest the camera) is the non-hugged one: its thigh lies over the bed's
end with the lower leg hanging. Scenarios: negative (test thigh -5..-15 deg from horizontal),
positive (the thigh floats +10..+16 deg), invalid (hug loose: hugged hip flexion ~70-80 deg, and the
low back arches ~20 deg).
"""

from __future__ import annotations

import numpy as np

from formcheck.synth.body import ArmPose, BodyPose, LegPose, side_sign
from formcheck.synth.figure import PROP_BASE, lowest_point_y, trunk_primitives
from formcheck.synth.look import Look
from formcheck.synth.props import slab_on_legs
from formcheck.synth.raster import Material, box
from formcheck.synth.scenario import Scenario, Staged
from formcheck.synth.skeleton import forward_kinematics
from formcheck.synth.timeline import Timeline, wobble
from formcheck.types import Exercise, MistakeCode, Side

SIT_S, HUG_S, LIE_S, SETTLE_S, HOLD_S = 2.0, 1.5, 2.2, 1.0, 8.0


def _timeline(mistake: MistakeCode | None, rng: np.random.Generator) -> Timeline:
    invalid = mistake is MistakeCode.KNEE_NOT_HUGGED
    if mistake is MistakeCode.SHALLOW_RANGE:  # positive: the thigh floats
        test_tth = float(rng.uniform(10.0, 16.0))
    else:
        test_tth = float(rng.uniform(-14.0, -6.0))
    hug_flex = float(rng.uniform(68.0, 80.0)) if invalid else float(rng.uniform(118.0, 128.0))
    tl = Timeline({"recline": 0.0, "hug": 0.0, "arch": 0.0, "tth": 0.0})
    tl.hold("sit", SIT_S)
    tl.move("hug", HUG_S, hug=1.0, arch=-3.0)
    tl.move("lie_back", LIE_S, recline=1.0, tth=test_tth + (4.0 if not invalid else 0.0))
    tl.hold("hold", SETTLE_S + HOLD_S, tth=test_tth, arch=float(rng.uniform(19.0, 24.0)) if invalid else -3.0)
    tl.event("sit", 0.0, SIT_S)
    tl.event("hug", SIT_S, SIT_S + HUG_S)
    tl.event("lie_back", SIT_S + HUG_S, SIT_S + HUG_S + LIE_S)
    tl.event("hold", SIT_S + HUG_S + LIE_S, tl.duration_s)
    tl.values["hug_flex"] = hug_flex  # constant, read by the stage function
    return tl


def build_thomas(
    mistake: MistakeCode | None, working: Side, look: Look, rng: np.random.Generator
) -> Scenario:
    shape, outfit = look.shape, look.outfit
    tl = _timeline(mistake, rng)
    hug_flex = tl.values.pop("hug_flex")
    bed_h = float(rng.uniform(0.52, 0.6))
    if look.prop_style == "table":  # a treatment table stands higher: the test foot hangs clear
        bed_h += 0.14
    elif look.prop_style == "bench":
        bed_h -= 0.08
    thorax_lying = 180.0 - float(rng.uniform(2.0, 6.0))
    hugged = working.other
    s = side_sign(working)

    def pose_for(v: dict[str, float]) -> BodyPose:
        r = v["recline"]
        thorax = 95.0 + (thorax_lying - 95.0) * r
        pelvis = thorax - shape.lumbar_neutral_deg - shape.thorax_neutral_deg - v["arch"]
        test_thigh = 0.0 + v["tth"] * r  # sitting: thigh horizontal on the bed's end
        test_shin = -90.0 + 8.0 * r
        hug_world = (pelvis - 180.0) + 90.0 + (hug_flex - 90.0) * v["hug"]
        legs = {
            working: LegPose(
                hip_flex_deg=test_thigh - (pelvis - 180.0),
                knee_flex_deg=test_thigh - test_shin,
                ankle_plantar_deg=20.0,
            ),
            hugged: LegPose(
                hip_flex_deg=hug_world - (pelvis - 180.0),
                knee_flex_deg=90.0 + 40.0 * v["hug"],
                ankle_plantar_deg=15.0,
                abduction_deg=4.0,
            ),
        }
        return BodyPose(
            hip_center_m=(0.0, 0.0),
            pelvis_deg=pelvis,
            lumbar_arch_deg=v["arch"],
            neck_flex_deg=25.0 * r,
            legs=legs,
        )

    def with_hug_arms(pose: BodyPose, v: dict[str, float]) -> BodyPose:
        sk = forward_kinematics(shape, pose)
        knee, ankle = sk.joints[f"{hugged.value}_knee"], sk.joints[f"{hugged.value}_ankle"]
        grip = knee + (ankle - knee) * 0.22
        rest = {
            side: sk.joints[f"{working.value}_knee"] * 0.5
            + sk.joints["hip_center"] * 0.5
            + np.array([0.0, 0.1, 0.0])
            for side in Side
        }
        arms = {}
        for side in Side:
            target = rest[side] + (grip - rest[side]) * min(v["hug"] * 1.5, 1.0)
            target = target + np.array([0.0, 0.0, 0.05 * side_sign(side)])
            pole = np.array([0.0, -1.0, 1.5 * side_sign(side)]) - sk.thorax_up
            arms[side] = ArmPose(
                wrist_target_m=tuple(float(c) for c in target), elbow_pole=tuple(float(c) for c in pole)
            )
        return BodyPose(
            pose.hip_center_m, pose.pelvis_deg, pose.lumbar_arch_deg, pose.neck_flex_deg, pose.legs, arms
        )

    def stage(t_s: float) -> Staged:
        phase, v = tl.at(t_s)
        v = dict(v)
        v["arch"] += 0.4 * wobble(t_s, 4.6)
        v["tth"] += 0.4 * wobble(t_s, 6.1, 0.7) * v["recline"]
        pose = with_hug_arms(pose_for(v), v)
        sk = forward_kinematics(shape, pose)
        support = lowest_point_y(trunk_primitives(sk, shape, outfit))
        sk = sk.shifted(np.array([0.0, bed_h - support, 0.0]))
        return Staged(phase, sk, pose, chest_expansion=0.5 + 0.5 * wobble(t_s, 4.6))

    ref = stage(tl.duration_s - 0.01).skeleton
    hip_z = float(ref.joints[f"{working.value}_hip"][2])
    edge_x = 0.06
    length, depth = 1.9, 0.9
    if look.prop_style == "table":
        furniture = slab_on_legs(
            edge_x - length / 2, hip_z - s * (0.33 - 0.12), length / 2, 0.33, bed_h, 0.08
        )
    elif look.prop_style == "bench":
        furniture = slab_on_legs(edge_x - 0.6, hip_z - s * 0.05, 0.6, 0.15, bed_h, 0.05)
    else:
        furniture = [
            box(
                np.array([edge_x - length / 2, bed_h / 2, hip_z - s * (depth / 2 - 0.12)]),
                np.array([length / 2, bed_h / 2, depth / 2]),
                PROP_BASE,
            )
        ]
    mats = [Material(look.prop_rgb, specular=0.03, texture=0.08)]
    target = np.array([-0.3, bed_h, 0.0])
    return Scenario(
        Exercise.THOMAS_TEST, mistake, working, working, look, tl, stage, furniture, mats, target, []
    )
