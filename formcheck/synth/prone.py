"""Prone hip extension on a mat, a pillow under the front of the pelvis, forehead on the stacked hands.

Timeline (seed: "Lightly tuck, lift thigh off mat 1–2 inches without lumbar extension, 8–12 reps"):
rest 3 s, then per rep lift 1.0 s, hold at the top 2.0 s, lower 1.0 s, rest 1.5 s; 8 reps (4 when
short). The chest stays on the mat: an arch turns the pelvis under a still thorax, which raises the
hip joints and the thigh with them. Scenarios: correct (the hip extends 3.5-6.5 deg above its rest,
1–2 inches of the knee off the mat, back flat); ``back_arch`` (the same hip lift, with the low back
arching 18-24 deg as the thigh rises: the thigh climbs far higher than the hip extends);
``lift_too_high`` (the hip extends 15-19 deg, 4-5 inches, with a little arch of 1-3 deg).

Every truth value comes from these pose parameters through the studio's own forward kinematics.
"""

from __future__ import annotations

import math

import numpy as np

from formcheck.synth.body import ArmPose, BodyPose, LegPose, side_sign
from formcheck.synth.figure import PROP_BASE, lowest_point_y, trunk_primitives
from formcheck.synth.look import Look
from formcheck.synth.raster import Material, box
from formcheck.synth.scenario import Scenario, Staged
from formcheck.synth.skeleton import forward_kinematics
from formcheck.synth.timeline import Timeline, wobble
from formcheck.types import Exercise, MistakeCode, Side

REST_S, LIFT_S, TOP_S, LOWER_S, BETWEEN_S = 3.0, 1.0, 2.0, 1.0, 1.5
REPS = 8
MAT_TOP_M = 0.01
THORAX_DEG = -4.0  # face down, head towards +x, the chest a little lower than the pillowed pelvis
PILLOW_HEIGHT_M = 0.07
KNEE_ON_MAT_M = 0.055  # knee joint centre above the mat with the front of the knee resting on it


def prone_timeline(mistake: MistakeCode | None, rng: np.random.Generator, *, short: bool = False) -> Timeline:
    """``lift`` is the working hip's extension above its rest (deg); ``arch`` the lumbar arch."""
    flat = float(rng.uniform(-2.0, 1.0))
    if mistake is MistakeCode.LIFT_TOO_HIGH:
        top_lift, top_arch = float(rng.uniform(15.0, 19.0)), flat + float(rng.uniform(1.0, 3.0))
    else:
        top_lift = float(rng.uniform(3.5, 6.5))
        top_arch = float(rng.uniform(18.0, 24.0)) if mistake is MistakeCode.BACK_ARCH else flat
    tl = Timeline({"lift": 0.0, "arch": flat})
    tl.hold("rest", REST_S)
    for i in range(4 if short else REPS):
        start = tl.duration_s
        tl.move("lift", LIFT_S, lift=top_lift, arch=top_arch)
        top = tl.duration_s
        tl.hold("top", TOP_S)
        tl.event("top", top, tl.duration_s, index=i + 1)
        tl.move("lower", LOWER_S, lift=0.0, arch=flat)
        tl.event("rep", start, tl.duration_s, index=i + 1)
        tl.hold("rest", BETWEEN_S)
    return tl


def build_prone(
    mistake: MistakeCode | None, working: Side, look: Look, rng: np.random.Generator, *, short: bool = False
) -> Scenario:
    shape, outfit = look.shape, look.outfit
    tl = prone_timeline(mistake, rng, short=short)
    breath_period = float(rng.uniform(4.5, 6.0))
    thigh_m = shape.m(shape.thigh)

    def trunk_pose(arch: float) -> BodyPose:
        pelvis = THORAX_DEG - shape.lumbar_neutral_deg - shape.thorax_neutral_deg - arch
        return BodyPose(hip_center_m=(0.0, 0.0), pelvis_deg=pelvis, lumbar_arch_deg=arch, neck_flex_deg=-25.0)

    # At rest the chest lies on the mat: the trunk's lowest point touches it.
    rest = trunk_pose(0.0)
    rest_hip_y = MAT_TOP_M - lowest_point_y(trunk_primitives(forward_kinematics(shape, rest), shape, outfit))
    rest_hip_y += PILLOW_HEIGHT_M * 0.5  # the pillow props the pelvis up a little more than the chest
    # Both thighs slope down from the pillowed hips to knees resting on the mat; the shins lie flat.
    slope = math.degrees(math.asin(min((rest_hip_y - KNEE_ON_MAT_M) / thigh_m, 0.9)))
    thigh_world = -180.0 + slope  # pointing to the feet (-x), knee below the hip
    rest_flex = ((thigh_world - (rest.pelvis_deg - 180.0)) + 180.0) % 360.0 - 180.0
    rest_chest = forward_kinematics(shape, BodyPose((0.0, rest_hip_y), rest.pelvis_deg, 0.0)).joints["t12"]

    def posed(lift: float, arch: float) -> BodyPose:
        """The working hip ``lift`` deg extended above its rest; the arch turns the pelvis under the
        still chest (the hip flexion of each leg is against the pelvis, so the thighs turn with it)."""
        pose = trunk_pose(arch)
        legs = {}
        for side in Side:
            flex = rest_flex - (lift if side is working else 0.0)
            legs[side] = LegPose(hip_flex_deg=flex, knee_flex_deg=slope + 2.0, ankle_plantar_deg=45.0)
        arms = forehead_on_hands(pose)
        return BodyPose((0.0, rest_hip_y), pose.pelvis_deg, arch, pose.neck_flex_deg, legs, arms)

    def forehead_on_hands(pose: BodyPose) -> dict[Side, ArmPose]:
        """Hands stacked on the mat in front of the face, elbows out to the sides (the arms stay off
        the low back, which the camera must see)."""
        sk = forward_kinematics(shape, BodyPose((0.0, rest_hip_y), pose.pelvis_deg, pose.lumbar_arch_deg))
        head = sk.joints["head_center"]
        arms = {}
        for side in Side:
            wrist = np.array([head[0] + shape.m(0.06), MAT_TOP_M + shape.m(0.03), 0.05 * side_sign(side)])
            pole = np.array([0.0, -0.3, 1.0 * side_sign(side)])
            arms[side] = ArmPose(
                wrist_target_m=tuple(float(c) for c in wrist), elbow_pole=tuple(float(c) for c in pole)
            )
        return arms

    def stage(t_s: float) -> Staged:
        phase, v = tl.at(t_s)
        arch = v["arch"] + 0.4 * wobble(t_s, breath_period)
        pose = posed(v["lift"] + 0.2 * wobble(t_s, 6.7, 0.4) * (v["lift"] > 0.5), arch)
        sk = forward_kinematics(shape, pose)
        sk = sk.shifted(rest_chest - sk.joints["t12"])  # the chest stays where it lies
        return Staged(phase, sk, pose, chest_expansion=0.5 + 0.5 * wobble(t_s, breath_period))

    ref = stage(0.0).skeleton
    head_x, feet_x = float(ref.joints["head_center"][0]), float(ref.joints[f"{working.value}_foot_index"][0])
    mat = box(
        np.array([0.5 * (head_x + 0.3 + feet_x - 0.2), MAT_TOP_M / 2, 0.0]),
        np.array([0.5 * (head_x + 0.3 - feet_x + 0.2), MAT_TOP_M / 2, 0.32]),
        PROP_BASE,
    )
    hip_x = float(ref.joints["hip_center"][0])
    pillow_top = float(ref.joints["hip_center"][1]) - shape.m(0.05)
    pillow = box(
        np.array([hip_x + shape.m(0.07), 0.5 * (MAT_TOP_M + pillow_top), 0.0]),  # under the ASIS
        np.array([shape.m(0.09), 0.5 * (pillow_top - MAT_TOP_M), 0.22]),
        PROP_BASE + 1,
    )
    mats = [
        Material(look.prop_rgb, specular=0.02, texture=0.1),
        Material((0.85, 0.85, 0.8), specular=0.0, texture=0.3),
    ]
    target = np.array([float(ref.joints["hip_center"][0]), 0.2, 0.0])
    tops = [e for e in tl.events if e["name"] == "top"]
    return Scenario(
        Exercise.PRONE_HIP_EXTENSION,
        mistake,
        working,
        working,
        look,
        tl,
        stage,
        [mat, pillow],
        mats,
        target,
        tops,
    )
