"""Supine couch stretch: working (camera-near) leg hanging off the couch's long edge, foot on the floor.

Timeline (seed: "Long exhale reset (20-30 sec)", "Floor press" x3-4 of 5-8 s with equal relax,
"Extensor lock-in (10-15 reps)" with a "2-sec hold"), shortened to the seed's minimums:
exhale_reset 20 s -> 3 x (press 5 s, relax 5 s) -> 10 x (lock_in pull 0.6 s, hold 2 s, release 0.6 s,
rest 1.5 s). Mistakes: ``back_arch`` (the arch rises to ~22 deg during the presses and stays for
the lock-in: "ribs flare"); ``shallow_range`` (the thigh stays a few degrees above the couch line).
"""

from __future__ import annotations

import numpy as np

from formcheck.synth.body import ArmPose, BodyPose, LegPose, side_sign
from formcheck.synth.figure import PROP_BASE, foot_low_y, lowest_point_y, trunk_primitives
from formcheck.synth.look import Look
from formcheck.synth.props import bed, slab_on_legs
from formcheck.synth.raster import Material, box
from formcheck.synth.scenario import Scenario, Staged, solve_monotone
from formcheck.synth.skeleton import forward_kinematics
from formcheck.synth.timeline import Timeline, wobble
from formcheck.types import Exercise, MistakeCode, Side

RESET_S = 20.0
PRESSES = 3
PRESS_S = 5.0
LOCK_INS = 10


def couch_timeline(mistake: MistakeCode | None, rng: np.random.Generator, *, short: bool = False) -> Timeline:
    shallow = mistake is MistakeCode.SHALLOW_RANGE
    start_tth = float(rng.uniform(3.0, 6.0)) if shallow else float(rng.uniform(-14.0, -11.0))
    settle = 0.4 if shallow else 2.5  # degrees the thigh sinks per relax ("settle further behind you")
    tl = Timeline({"arch": float(rng.uniform(-3.0, 1.0)), "tth": start_tth, "knee": 0.0})
    reset_s = 8.0 if short else RESET_S
    tl.hold("exhale_reset", reset_s, tth=start_tth - (0.3 if shallow else 1.5))
    tl.event("exhale_reset", 0.0, reset_s)
    arch_bad = float(rng.uniform(19.0, 25.0))
    for i in range(2 if short else PRESSES):
        t0 = tl.duration_s
        changes = {"arch": arch_bad} if mistake is MistakeCode.BACK_ARCH and i == 0 else {}
        tl.hold("press", PRESS_S, knee=-float(rng.uniform(8.5, 11.5)), **changes)
        tl.event("press", t0, tl.duration_s, index=i + 1)
        t1 = tl.duration_s
        tl.hold("relax", PRESS_S, knee=0.0, tth=tl.values["tth"] - settle)
        tl.event("relax", t1, tl.duration_s, index=i + 1)
    for i in range(4 if short else LOCK_INS):
        t0 = tl.duration_s
        tl.move("lock_in_pull", 0.6, knee=float(rng.uniform(27.0, 33.0)))
        tl.hold("lock_in_hold", 2.0)
        tl.move("lock_in_release", 0.6, knee=0.0)
        tl.event("lock_in", t0, tl.duration_s, index=i + 1)
        tl.hold("lock_in_rest", 1.5)
    return tl


def build_couch(
    mistake: MistakeCode | None, working: Side, look: Look, rng: np.random.Generator, *, short: bool = False
) -> Scenario:
    shape, outfit = look.shape, look.outfit
    tl = couch_timeline(mistake, rng, short=short)
    thorax_deg = 180.0 - float(rng.uniform(4.0, 9.0))
    other_hip_flex = float(rng.uniform(55.0, 68.0))
    couch_h = float(rng.uniform(0.42, 0.5))
    hands_on_belly = bool(rng.random() < 0.5)
    breath_period = float(rng.uniform(4.5, 6.0))
    s = side_sign(working)

    def pose_for(values: dict[str, float], knee_w: float, knee_o: float) -> BodyPose:
        pelvis = thorax_deg - shape.lumbar_neutral_deg - shape.thorax_neutral_deg - values["arch"]
        legs = {
            working: LegPose(
                hip_flex_deg=values["tth"] - (pelvis - 180.0), knee_flex_deg=knee_w, ankle_plantar_deg=25.0
            ),
            working.other: LegPose(
                hip_flex_deg=other_hip_flex, knee_flex_deg=knee_o, ankle_plantar_deg=5.0, abduction_deg=6.0
            ),
        }
        arms = {
            side: ArmPose(shoulder_flex_deg=8.0, abduction_deg=14.0, elbow_flex_deg=12.0) for side in Side
        }
        return BodyPose(
            hip_center_m=(0.0, 0.0),
            pelvis_deg=pelvis,
            lumbar_arch_deg=values["arch"],
            neck_flex_deg=18.0,
            legs=legs,
            arms=arms,
        )

    def stage(t_s: float) -> Staged:
        phase, v = tl.at(t_s)
        v = dict(v)
        v["arch"] += 0.4 * wobble(t_s, breath_period)
        v["tth"] += 0.3 * wobble(t_s, 7.3, 1.0)
        probe = forward_kinematics(shape, pose_for(v, 90.0, 100.0))
        support = lowest_point_y(trunk_primitives(probe, shape, outfit))
        floor = support - couch_h

        def foot_gap(knee: float, side: Side, level: float) -> float:
            kw, ko = (knee, 100.0) if side is working else (90.0, knee)
            return foot_low_y(forward_kinematics(shape, pose_for(v, kw, ko)), shape, side) - level

        knee_floor = solve_monotone(lambda k: foot_gap(k, working, floor), 90.0 + v["tth"] + 4.0, 150.0)
        knee_other = solve_monotone(lambda k: foot_gap(k, working.other, support), 60.0, 150.0)
        pose = pose_for(v, knee_floor + v["knee"], knee_other)
        if hands_on_belly:
            pose = _hands_on_belly(pose, forward_kinematics(shape, pose), shape.m(0.11))
        sk = forward_kinematics(shape, pose).shifted(np.array([0.0, -floor, 0.0]))
        return Staged(phase, sk, pose, chest_expansion=0.5 + 0.5 * wobble(t_s, breath_period))

    ref = stage(0.0).skeleton
    hip_z = float(ref.joints[f"{working.value}_hip"][2])
    edge_z = hip_z - s * 0.02
    length = 2.0
    x_mid = -0.35
    seat = box(
        np.array([x_mid, couch_h / 2, edge_z - s * 0.45]),
        np.array([length / 2, couch_h / 2, 0.45]),
        PROP_BASE,
    )
    back = box(
        np.array([x_mid, couch_h + 0.2, edge_z - s * 0.82]), np.array([length / 2, 0.38, 0.08]), PROP_BASE
    )
    arm_rest = box(
        np.array([x_mid - length / 2 + 0.1, couch_h + 0.12, edge_z - s * 0.45]),
        np.array([0.1, 0.14, 0.45]),
        PROP_BASE,
    )
    pillow = box(
        np.array([float(ref.joints["head_center"][0]), couch_h + 0.04, edge_z - s * 0.35]),
        np.array([0.2, 0.05, 0.25]),
        PROP_BASE + 1,
    )
    furniture = [seat, back, arm_rest, pillow]
    if look.prop_style == "bed":
        head_x = x_mid - length / 2
        furniture = bed(x_mid, edge_z - s * 0.7, length / 2, 0.7, couch_h, head_x) + [pillow]
    elif look.prop_style == "bench":  # a narrow gym bench: the other leg's foot rests on its end
        furniture = slab_on_legs(x_mid, edge_z - s * 0.15, length / 2, 0.15, couch_h, 0.05)
    mats = [Material(look.prop_rgb, specular=0.02, texture=0.1), Material((0.92, 0.92, 0.9), specular=0.02)]
    target = np.array([float(ref.joints["hip_center"][0]) - 0.15, couch_h * 0.8, hip_z])
    return Scenario(
        Exercise.COUCH_STRETCH,
        mistake,
        working,
        working,
        look,
        tl,
        stage,
        furniture,
        mats,
        target,
        [],
    )


def _hands_on_belly(pose: BodyPose, sk, belly_depth_m: float) -> BodyPose:
    """Both hands resting on the belly (wrist targets by IK), elbows out to the sides."""
    front = sk.anterior(sk.lumbar_up)
    belly = sk.joints["sacrum"] + (sk.joints["t12"] - sk.joints["sacrum"]) * 0.9 + front * belly_depth_m
    arms = {}
    for side in Side:
        z = np.array([0.0, 0.0, 0.07 * side_sign(side)])
        pole = np.array([0.0, -0.3, 1.0 * side_sign(side)])
        arms[side] = ArmPose(
            wrist_target_m=tuple(float(c) for c in belly + z), elbow_pole=tuple(float(c) for c in pole)
        )
    return BodyPose(
        pose.hip_center_m, pose.pelvis_deg, pose.lumbar_arch_deg, pose.neck_flex_deg, pose.legs, arms
    )
