"""Glute bridge with end-range bias on a mat: lying on the back, knees bent, feet flat near the glutes.

Timeline (seed: "Heels closer to glutes, ribs down, squeeze at the top 3 sec, 8–12 reps"): rest 3 s,
then per rep lift 1.2 s, squeeze at the top 3.5 s, lower 1.2 s, rest 1.5 s; 8 reps (4 when short).
The shoulders stay on the mat and the feet stay planted: each frame solves the legs so the ankles
keep their place while the trunk tilts up about its upper-back support. Scenarios: correct (top with
shoulder, hip and knee in line, trunk-thigh 0..+4 deg, back flat); ``back_arch`` (the same high hips
reached with the low back arching ~18-24 deg, so the hip itself stays short of extension);
``shallow_range`` (the top stops 18-24 deg short of the shoulder-knee line); ``short_squeeze`` (the
top held ~1 s).
"""

from __future__ import annotations

import math

import numpy as np

from formcheck.synth.body import ArmPose, BodyPose, LegPose, leg_reaching, side_sign
from formcheck.synth.figure import PROP_BASE, lowest_point_y, trunk_primitives
from formcheck.synth.look import Look
from formcheck.synth.raster import Material, box
from formcheck.synth.scenario import Scenario, Staged, solve_monotone
from formcheck.synth.skeleton import forward_kinematics
from formcheck.synth.timeline import Timeline, wobble
from formcheck.synth.truth import leg_truth
from formcheck.types import Exercise, MistakeCode, Side

REST_S, LIFT_S, SQUEEZE_S, SHORT_SQUEEZE_S, LOWER_S, BETWEEN_S = 3.0, 1.2, 3.5, 1.0, 1.2, 1.5
REPS = 8
MAT_TOP_M = 0.01
FREE_LEG_RAISE_DEG = 20.0  # single-leg: the free thigh above the planted one at rest
THORAX_REST_DEG = 178.0  # lying, the upper back a little higher than the pelvis (head on the mat)


def bridge_timeline(
    mistake: MistakeCode | None, rng: np.random.Generator, *, short: bool = False
) -> Timeline:
    """``up`` goes 0 (hips on the mat) -> 1 (the top); ``arch`` is the lumbar arch."""
    flat = float(rng.uniform(-2.0, 1.0))
    top_arch = float(rng.uniform(18.0, 24.0)) if mistake is MistakeCode.BACK_ARCH else flat
    squeeze_s = (
        SHORT_SQUEEZE_S + float(rng.uniform(0.0, 0.3)) if mistake is MistakeCode.SHORT_SQUEEZE else SQUEEZE_S
    )
    tl = Timeline({"up": 0.0, "arch": flat})
    tl.hold("rest", REST_S)
    for i in range(4 if short else REPS):
        start = tl.duration_s
        tl.move("lift", LIFT_S, up=1.0, arch=top_arch)
        top = tl.duration_s
        tl.hold("squeeze", squeeze_s)
        tl.event("squeeze", top, tl.duration_s, index=i + 1)
        tl.move("lower", LOWER_S, up=0.0, arch=flat)
        tl.event("rep", start, tl.duration_s, index=i + 1)
        tl.hold("rest", BETWEEN_S)
    return tl


def top_trunk_thigh_deg(mistake: MistakeCode | None, rng: np.random.Generator) -> float:
    """Where the top of each rep puts the working thigh against the shoulder line (0 = in line)."""
    if mistake is MistakeCode.SHALLOW_RANGE:
        return -float(rng.uniform(18.0, 24.0))
    return float(rng.uniform(0.0, 4.0))


def build_bridge(
    mistake: MistakeCode | None,
    working: Side,
    look: Look,
    rng: np.random.Generator,
    *,
    short: bool = False,
    single_leg: bool = False,
) -> Scenario:
    """``single_leg``: the progression, the other leg held out straight (its thigh raised ~20 deg above
    the planted one at rest, in line with it at the top: "holding extension cleanly")."""
    shape, outfit = look.shape, look.outfit
    tl = bridge_timeline(mistake, rng, short=short)
    top_target = top_trunk_thigh_deg(mistake, rng)
    top_arch = max(v.end_values["arch"] for v in tl.phases)
    rest_knee = float(rng.uniform(100.0, 112.0))  # "Heels closer to glutes"
    breath_period = float(rng.uniform(4.5, 6.0))
    thigh_m, shin_m = shape.m(shape.thigh), shape.m(shape.shin)
    ankle_y = MAT_TOP_M + shape.m(shape.ankle_height)

    def trunk_pose(tilt: float, arch: float) -> BodyPose:
        thorax = THORAX_REST_DEG + tilt
        pelvis = thorax - shape.lumbar_neutral_deg - shape.thorax_neutral_deg - arch
        return BodyPose(hip_center_m=(0.0, 0.0), pelvis_deg=pelvis, lumbar_arch_deg=arch, neck_flex_deg=30.0)

    def hip_height(pose: BodyPose) -> float:
        """Where the hip centre sits when the back rests on the mat."""
        support = lowest_point_y(trunk_primitives(forward_kinematics(shape, pose), shape, outfit))
        return MAT_TOP_M - support

    rest_hip_y = hip_height(trunk_pose(0.0, 0.0))
    reach = math.sqrt(thigh_m**2 + shin_m**2 + 2 * thigh_m * shin_m * math.cos(math.radians(rest_knee)))
    ankle_x = math.sqrt(max(reach**2 - (rest_hip_y - ankle_y) ** 2, 0.01))

    def posed(tilt: float, arch: float, free_raise: float = 0.0) -> BodyPose:
        """The body with the trunk tilted up by ``tilt``, the feet planted where they were set (the
        free leg of a single-leg bridge straight, its thigh ``free_raise`` above the planted one)."""
        pose = trunk_pose(tilt, arch)
        hip = np.array([0.0, hip_height(pose)])
        legs = {}
        for side in Side:
            if single_leg and side is working.other:
                continue
            ankle = np.array([ankle_x + 0.015 * side_sign(side) * side_sign(working), ankle_y])
            hip_flex, knee_flex = leg_reaching(hip, ankle, thigh_m, shin_m, pose.pelvis_deg)
            shin_world = (pose.pelvis_deg - 180.0) + hip_flex - knee_flex
            # the foot flat on the mat: perpendicular to the shin turned to the horizontal
            legs[side] = LegPose(
                hip_flex_deg=hip_flex, knee_flex_deg=knee_flex, ankle_plantar_deg=shin_world + 90.0
            )
        if single_leg:
            planted = legs[working]
            legs[working.other] = LegPose(
                hip_flex_deg=planted.hip_flex_deg + free_raise, knee_flex_deg=5.0, ankle_plantar_deg=10.0
            )
        return BodyPose((0.0, float(hip[1])), pose.pelvis_deg, arch, pose.neck_flex_deg, legs, pose.arms)

    def trunk_thigh(tilt: float) -> float:
        return leg_truth(forward_kinematics(shape, posed(tilt, top_arch)), working)["trunk_thigh_deg"]

    top_tilt = solve_monotone(lambda tilt: trunk_thigh(tilt) - top_target, 0.0, 50.0)

    def with_hands_on_the_chest(pose: BodyPose) -> BodyPose:
        """Hands resting on the chest, elbows out: arms on the mat beside the hips would cover the
        low back from the side (formcheck's advice is to keep them in front of the body)."""
        sk = forward_kinematics(shape, pose)
        front = sk.anterior(sk.thorax_up)
        chest = sk.joints["t12"] + (sk.joints["neck_base"] - sk.joints["t12"]) * 0.6 + front * shape.m(0.13)
        arms = {}
        for side in Side:
            wrist = chest + np.array([0.0, 0.0, 0.06 * side_sign(side)])
            pole = np.array([0.0, -1.0, 1.2 * side_sign(side)])
            arms[side] = ArmPose(
                wrist_target_m=tuple(float(c) for c in wrist), elbow_pole=tuple(float(c) for c in pole)
            )
        return BodyPose(
            pose.hip_center_m, pose.pelvis_deg, pose.lumbar_arch_deg, pose.neck_flex_deg, pose.legs, arms
        )

    def stage(t_s: float) -> Staged:
        phase, v = tl.at(t_s)
        arch = v["arch"] + 0.4 * wobble(t_s, breath_period)
        tilt = top_tilt * v["up"] + 0.3 * wobble(t_s, 6.7, 0.4) * v["up"]
        pose = with_hands_on_the_chest(posed(tilt, arch, FREE_LEG_RAISE_DEG * (1.0 - v["up"])))
        sk = forward_kinematics(shape, pose)
        return Staged(phase, sk, pose, chest_expansion=0.5 + 0.5 * wobble(t_s, breath_period))

    ref = stage(0.0).skeleton
    head_x = float(ref.joints["head_center"][0])
    mat = box(
        np.array([0.5 * (head_x - 0.2 + ankle_x + 0.25), MAT_TOP_M / 2, 0.0]),
        np.array([0.5 * (ankle_x + 0.25 - head_x + 0.2), MAT_TOP_M / 2, 0.32]),
        PROP_BASE,
    )
    mats = [Material(look.prop_rgb, specular=0.02, texture=0.1)]
    target = np.array([float(ref.joints["hip_center"][0]), 0.25, 0.0])
    squeezes = [e for e in tl.events if e["name"] == "squeeze"]
    exercise = Exercise.SINGLE_LEG_BRIDGE if single_leg else Exercise.GLUTE_BRIDGE
    return Scenario(exercise, mistake, working, working, look, tl, stage, [mat], mats, target, squeezes)
