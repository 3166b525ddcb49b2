"""Rear-foot-elevated split-squat isometric: rear (working) foot on a bench, front foot on the floor.

Timeline (seed: "Hold this position for 20-30 seconds", "Rest briefly, then repeat"): stand tall 2 s
(neutral) -> lower 2 s -> hold -> rise 2 s -> rest 4 s -> lower 2 s -> hold -> rise 2 s -> stand 1 s.
The feet never move: both legs are solved by two-bone IK from the hip position, which eases between
a standing and a hold position. Mistakes: ``back_arch`` (arch ~20 deg with an anterior pelvic tilt
from 3 s into each hold), ``shallow_range`` (rear knee in front of the hip line), ``knee_past_ankle``
(front shin 33-38 deg forward), ``bouncing`` (~1 Hz hip bob in the holds), ``short_hold`` (10 s holds).
"""

from __future__ import annotations

import math

import numpy as np

from formcheck.synth.body import ArmPose, BodyPose, LegPose, leg_reaching, side_sign
from formcheck.synth.figure import PROP_BASE, foot_low_y
from formcheck.synth.look import Look
from formcheck.synth.props import foot_rest
from formcheck.synth.raster import Material, box
from formcheck.synth.scenario import Scenario, Staged
from formcheck.synth.skeleton import forward_kinematics
from formcheck.synth.timeline import Timeline, wobble
from formcheck.types import Exercise, MistakeCode, Side


def _hold_timeline(
    mistake: MistakeCode | None, rng: np.random.Generator, short: bool
) -> tuple[Timeline, list[dict]]:
    hold_s = (
        float(rng.uniform(8.0, 12.0)) if mistake is MistakeCode.SHORT_HOLD else float(rng.uniform(21.0, 24.0))
    )
    if short and mistake is not MistakeCode.SHORT_HOLD:
        hold_s = 20.5
    tl = Timeline({"depth": 0.0, "arch": float(rng.uniform(-3.0, 1.0)), "bounce": 0.0})
    tl.hold("stand", 2.0)
    holds = []
    arch_bad = float(rng.uniform(19.0, 24.0))
    for i in range(1 if short else 2):
        t0 = tl.duration_s
        tl.move("lower", 2.0, depth=1.0)
        h0 = tl.duration_s
        if mistake is MistakeCode.BACK_ARCH:
            tl.hold("hold", 3.0)
            tl.hold("hold", hold_s - 3.0, arch=arch_bad)
        elif mistake is MistakeCode.BOUNCING:
            tl.hold("hold", 2.0)
            tl.hold("hold", hold_s - 2.0, bounce=1.0)
        else:
            tl.hold("hold", hold_s)
        holds.append({"start_s": round(h0, 3), "end_s": round(tl.duration_s, 3), "index": i + 1})
        tl.event("hold", h0, tl.duration_s, index=i + 1)
        tl.move("rise", 2.0, depth=0.0, arch=tl.phases[0].start_values["arch"], bounce=0.0)
        tl.event("rep", t0, tl.duration_s, index=i + 1)
        tl.hold("rest" if i == 0 and not short else "stand", 4.0 if i == 0 and not short else 1.0)
    return tl, holds


def build_split_squat(
    mistake: MistakeCode | None,
    working: Side,
    view_side: Side,
    look: Look,
    rng: np.random.Generator,
    *,
    short: bool = False,
) -> Scenario:
    shape = look.shape
    tl, holds = _hold_timeline(mistake, rng, short)
    rear, front = working, working.other
    tilt_ok = float(rng.uniform(1.0, 4.0))  # "mild posterior pelvic tilt"
    upright = (
        90.0 - shape.standing_tilt_deg
    )  # the pelvis of this body standing tall (lordotic: tipped forward)
    rear_incl = (
        float(rng.uniform(-14.0, -9.0))
        if mistake is MistakeCode.SHALLOW_RANGE
        else float(rng.uniform(11.0, 15.0))
    )
    front_shin = (
        float(rng.uniform(33.0, 38.0))
        if mistake is MistakeCode.KNEE_PAST_ANKLE
        else float(rng.uniform(-4.0, 6.0))
    )
    front_knee = float(rng.uniform(72.0, 84.0))
    rear_knee = (
        float(rng.uniform(98.0, 110.0))
        if mistake is not MistakeCode.SHALLOW_RANGE
        else float(rng.uniform(80.0, 90.0))
    )
    bounce_m = float(rng.uniform(0.16, 0.18))
    arms = _arms(rng)
    l1, l2 = shape.m(shape.thigh), shape.m(shape.shin)

    # the hold pose by forward kinematics fixes where the feet are for the whole clip
    front_thigh_world = -90.0 - front_shin + front_knee  # shin world = thigh - knee = -90 - front_shin
    hold = BodyPose(
        hip_center_m=(0.0, 1.0),
        pelvis_deg=upright + tilt_ok,
        legs={
            rear: LegPose(
                hip_flex_deg=-rear_incl - tilt_ok + shape.standing_tilt_deg,
                knee_flex_deg=rear_knee,
                ankle_plantar_deg=80.0,
            ),
            front: LegPose(
                hip_flex_deg=front_thigh_world - (tilt_ok - 90.0) + shape.standing_tilt_deg,
                knee_flex_deg=front_knee,
                ankle_plantar_deg=0.0,
            ),
        },
    )
    probe = forward_kinematics(shape, hold)
    lift = -foot_low_y(probe, shape, front)
    hip_hold = np.array([0.0, 1.0 + lift])
    probe = probe.shifted(np.array([0.0, lift, 0.0]))
    ankle_front, ankle_rear = (
        probe.joints[f"{front.value}_ankle"][:2],
        probe.joints[f"{rear.value}_ankle"][:2],
    )
    foot_front_world = _foot_world(probe, front)
    foot_rear_world = _foot_world(probe, rear)
    reach = 0.985 * (l1 + l2)
    x_stand = hip_hold[0] - 0.04
    y_stand = min(
        ankle[1] + math.sqrt(max(reach**2 - (x_stand - ankle[0]) ** 2, 0.0))
        for ankle in (ankle_front, ankle_rear)
    )
    hip_stand = np.array([x_stand, y_stand])
    bench_top = foot_low_y(probe, shape, rear)

    def stage(t_s: float) -> Staged:
        phase, v = tl.at(t_s)
        hip = hip_stand + (hip_hold - hip_stand) * v["depth"]
        hip[1] += v["bounce"] * bounce_m * (0.5 - 0.5 * math.cos(2 * math.pi * t_s))  # ~1 Hz bob
        hip = hip + np.array([0.004 * wobble(t_s, 3.7), 0.002 * wobble(t_s, 4.9, 0.5)])
        arch = v["arch"] + 0.3 * wobble(t_s, 4.2)
        bad = max(arch - 5.0, 0.0)
        pelvis = (
            upright + tilt_ok * (1.0 - min(bad / 10.0, 1.0)) - 0.55 * bad
        )  # arching tips the pelvis forward
        legs = {}
        for side, ankle, foot_world in (
            (front, ankle_front, foot_front_world),
            (rear, ankle_rear, foot_rear_world),
        ):
            flex, knee = leg_reaching(hip, ankle, l1, l2, pelvis)
            shin_world = pelvis - 180.0 + flex - knee
            legs[side] = LegPose(
                hip_flex_deg=flex, knee_flex_deg=knee, ankle_plantar_deg=shin_world + 90.0 - foot_world
            )
        pose = BodyPose(
            hip_center_m=(float(hip[0]), float(hip[1])),
            pelvis_deg=pelvis,
            lumbar_arch_deg=arch,
            neck_flex_deg=4.0,
            legs=legs,
            arms=arms,
        )
        return Staged(
            phase, forward_kinematics(shape, pose), pose, chest_expansion=0.5 + 0.5 * wobble(t_s, 4.2)
        )

    s_rear = side_sign(rear)
    bench_x = float(ankle_rear[0]) - 0.2
    rest_z = s_rear * shape.m(shape.hip_half_width)
    if look.prop_style in (None, "bench"):
        rest = [
            box(np.array([bench_x, bench_top / 2, rest_z]), np.array([0.26, bench_top / 2, 0.22]), PROP_BASE)
        ]
    else:
        rest = foot_rest(look.prop_style, bench_x, rest_z, bench_top, back_x_sign=-1.0)
    mats = [Material(look.prop_rgb, specular=0.04, texture=0.06)]
    target = np.array([0.0, hip_hold[1], 0.0])
    return Scenario(
        Exercise.SPLIT_SQUAT, mistake, working, view_side, look, tl, stage, rest, mats, target, holds
    )


def _foot_world(sk, side: Side) -> float:
    heel, toe = sk.joints[f"{side.value}_heel"], sk.joints[f"{side.value}_foot_index"]
    d = toe - heel
    return math.degrees(math.atan2(d[1], d[0])) + 12.0  # heel->toe sits ~12 deg below the foot's axis


def _arms(rng: np.random.Generator) -> dict[Side, ArmPose]:
    style = int(rng.integers(3))
    if style == 0:  # hanging by the sides
        return {s: ArmPose(shoulder_flex_deg=8.0, abduction_deg=12.0, elbow_flex_deg=15.0) for s in Side}
    if style == 1:  # hands at the chest
        return {s: ArmPose(shoulder_flex_deg=25.0, abduction_deg=22.0, elbow_flex_deg=120.0) for s in Side}
    return {
        s: ArmPose(shoulder_flex_deg=-5.0, abduction_deg=30.0, elbow_flex_deg=95.0) for s in Side
    }  # hands on hips
