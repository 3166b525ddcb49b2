"""Kneeling hip-flexor stretch on a mat: the working (rear) knee down, the other foot planted in front.

The guide: "It’s commonly done incorrectly (huge back arch). If you keep ribs down + slight posterior
tilt, it’s fine". The recording starts and ends in the stretch (one hold the recording cuts at both
ends): 34 s, 12 s when short. Two variants, drawn per clip: half-kneeling (the rear shin along the
mat) and the kneeling couch stretch (the rear shin up the front of a couch). The rear knee stays where it rests;
the hips sit on the kneeling thigh, whose inclination is solved from the hip extension each scenario
wants (exact: the truth's own angle between the thigh and the pelvis). Scenarios:

- correct: hip extension 10-15 deg, slight posterior tilt, arch -2..1 deg;
- ``back_arch``: clean for 5-7 s, then over 2 s the low back arches 19-24 deg, tipping the pelvis
  forward, while the hips go further forward so the thigh still shows range (hip extension eases
  from 10-15 to 6-9 deg: the arch, not the hip, makes the extra "stretch");
- ``shallow_range``: the hips sit back, the knee in front of the hip line: hip extension -8..-3 deg.
"""

from __future__ import annotations

import math

import numpy as np

from formcheck.synth.body import ArmPose, BodyPose, LegPose, leg_reaching
from formcheck.synth.figure import PROP_BASE
from formcheck.synth.look import Look
from formcheck.synth.raster import Material, box
from formcheck.synth.scenario import Scenario, Staged
from formcheck.synth.skeleton import forward_kinematics
from formcheck.synth.timeline import Timeline, wobble
from formcheck.synth.truth import leg_truth
from formcheck.types import Exercise, MistakeCode, Side

HOLD_S, SHORT_HOLD_S = 34.0, 12.0
MAT_TOP_M = 0.01
KNEE_RADIUS = 0.032  # of height: the leg's radius at the knee (synth.figure), which rests on the mat
FRONT_SHIN_FORWARD_DEG = 6.0
COUCH_SHIN_BACK_DEG = 25.0  # the rear shin up the couch, leaning back from vertical  # the front knee a little ahead of its ankle at the hold


def kneeling_timeline(mistake: MistakeCode | None, rng: np.random.Generator, *, short: bool) -> Timeline:
    """``hip`` is the rear hip's extension (deg, the truth's definition), ``arch`` the lumbar arch."""
    clean_hip = (
        float(rng.uniform(-8.0, -3.0))
        if mistake is MistakeCode.SHALLOW_RANGE
        else float(rng.uniform(10.0, 15.0))
    )
    tl = Timeline({"hip": clean_hip, "arch": float(rng.uniform(-2.0, 1.0))})
    hold_s = SHORT_HOLD_S if short else HOLD_S
    if mistake is MistakeCode.BACK_ARCH:
        clean_s = float(rng.uniform(5.0, 7.0))
        tl.hold("hold", clean_s)
        tl.move("hold", 2.0, hip=float(rng.uniform(6.0, 9.0)), arch=float(rng.uniform(19.0, 24.0)))
        tl.hold("hold", hold_s - clean_s - 2.0)
    else:
        tl.hold("hold", hold_s)
    tl.event("hold", 0.0, tl.duration_s, index=1)
    return tl


def build_kneeling(
    mistake: MistakeCode | None, working: Side, look: Look, rng: np.random.Generator, *, short: bool = False
) -> Scenario:
    shape = look.shape
    tl = kneeling_timeline(mistake, rng, short=short)
    rear, front = working, working.other
    wall = bool(rng.integers(2))  # the kneeling couch stretch: the rear shin up a couch
    tilt_ok = float(rng.uniform(1.0, 4.0))  # "slight posterior tilt"
    upright = 90.0 - shape.standing_tilt_deg  # this body's pelvis standing tall
    thigh_m, shin_m = shape.m(shape.thigh), shape.m(shape.shin)
    knee = np.array([0.0, MAT_TOP_M + shape.m(KNEE_RADIUS) * shape.girth * shape.limb_girth])
    ankle_y = MAT_TOP_M + shape.m(shape.ankle_height)
    breath = float(rng.uniform(4.5, 6.0))
    arms = _arms(rng)

    def pelvis_deg(arch: float) -> float:
        bad = max(arch - 5.0, 0.0)  # arching tips the pelvis forward, the tuck goes first
        return upright + tilt_ok * (1.0 - min(bad / 10.0, 1.0)) - 0.55 * bad

    def hip_at(inclination_deg: float) -> np.ndarray:
        """The hip on the kneeling thigh, its knee on the mat; + = knee behind the hip."""
        a = math.radians(inclination_deg)
        return knee + thigh_m * np.array([math.sin(a), math.cos(a)])

    def rear_leg(inclination_deg: float, pelvis: float) -> LegPose:
        thigh_world = -90.0 - inclination_deg
        shin_world = (
            90.0 + COUCH_SHIN_BACK_DEG
            if wall
            else -180.0 + math.degrees(math.asin((knee[1] - ankle_y * 0.6) / shin_m))
        )
        hip_flex = (thigh_world - (pelvis - 180.0) + 180.0) % 360.0 - 180.0
        knee_flex = (thigh_world - shin_world) % 360.0
        return LegPose(hip_flex_deg=hip_flex, knee_flex_deg=knee_flex, ankle_plantar_deg=80.0)

    # where the front foot is planted: under its knee at the clean hold, knee bent to about 90
    first = tl.at(0.0)[1]
    first_incl = first["hip"] - _hip_extension(
        shape, rear, 0.0, rear_leg, pelvis_deg(first["arch"]), first["arch"], hip_at
    )
    hip0 = hip_at(first_incl)
    ankle_front = np.array(
        [hip0[0] + 0.93 * thigh_m + shin_m * math.sin(math.radians(-FRONT_SHIN_FORWARD_DEG)), ankle_y]
    )

    def pose_at(hip_ext: float, arch: float, sway: float) -> BodyPose:
        pelvis = pelvis_deg(arch)
        inclination = hip_ext - _hip_extension(shape, rear, 0.0, rear_leg, pelvis, arch, hip_at) + sway
        hip = hip_at(inclination)
        flex, knee_flex = leg_reaching(hip, ankle_front, thigh_m, shin_m, pelvis)
        shin_world = pelvis - 180.0 + flex - knee_flex
        legs = {
            rear: rear_leg(inclination, pelvis),
            front: LegPose(hip_flex_deg=flex, knee_flex_deg=knee_flex, ankle_plantar_deg=shin_world + 90.0),
        }
        return BodyPose((float(hip[0]), float(hip[1])), pelvis, arch, 4.0, legs, arms)

    def stage(t_s: float) -> Staged:
        phase, v = tl.at(t_s)
        arch = v["arch"] + 0.3 * wobble(t_s, breath)
        pose = pose_at(v["hip"], arch, 0.3 * wobble(t_s, 7.3, 0.6))
        return Staged(
            phase, forward_kinematics(shape, pose), pose, chest_expansion=0.5 + 0.5 * wobble(t_s, breath)
        )

    ref = stage(0.0).skeleton
    rear_points = [ref.joints[f"{rear.value}_{name}"] for name in ("knee", "ankle", "heel", "foot_index")]
    back_x = float(min(p[0] for p in rear_points))
    mat_x0, mat_x1 = back_x - 0.25, float(ankle_front[0]) + 0.3
    props = [
        box(
            np.array([0.5 * (mat_x0 + mat_x1), MAT_TOP_M / 2, 0.0]),
            np.array([0.5 * (mat_x1 - mat_x0), MAT_TOP_M / 2, 0.35]),
            PROP_BASE,
        )
    ]
    if wall:  # a couch the rear foot rests against, just behind the shin: low, so it hides no back
        top = float(max(p[1] for p in rear_points)) + 0.04
        props.append(box(np.array([back_x - 0.3, top / 2, 0.0]), np.array([0.28, top / 2, 0.3]), PROP_BASE))
    mats = [Material(look.prop_rgb, specular=0.02, texture=0.1)]
    target = np.array([float(ref.joints["hip_center"][0]), 0.45, 0.0])
    holds = [
        {**e, "cut": True} for e in tl.events if e["name"] == "hold"
    ]  # the recording starts and ends in it
    return Scenario(
        Exercise.KNEELING_STRETCH, mistake, working, working, look, tl, stage, props, mats, target, holds
    )


def _hip_extension(
    shape, rear: Side, inclination: float, rear_leg, pelvis: float, arch: float, hip_at
) -> float:
    """The truth's hip extension of the kneeling leg at a thigh inclination: it grows one for one with
    the inclination (both are angles of the same thigh in the sagittal plane), so one evaluation gives
    the inclination for any wanted extension."""
    hip = hip_at(inclination)
    legs = {rear: rear_leg(inclination, pelvis), rear.other: LegPose(hip_flex_deg=80.0, knee_flex_deg=90.0)}
    sk = forward_kinematics(shape, BodyPose((float(hip[0]), float(hip[1])), pelvis, arch, 4.0, legs))
    return leg_truth(sk, rear)["hip_extension_deg"]


def _arms(rng: np.random.Generator) -> dict[Side, ArmPose]:
    """Arms hanging by the sides, a little forward. Hands on the hips (as many people do it) put the
    forearm over the low back in a side view, where the arch cannot be judged: the studio keeps the
    back in view, as formcheck's advice asks. ``rng`` varies the hang."""
    forward = float(rng.uniform(5.0, 15.0))
    return {s: ArmPose(shoulder_flex_deg=forward, abduction_deg=12.0, elbow_flex_deg=15.0) for s in Side}
