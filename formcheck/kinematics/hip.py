"""True hip extension: the trunk-thigh angle with the lumbar arch and BlazePose's hip offset removed.

The landmark chain measures the angle between the hip->shoulder chord and the thigh. Relative to
the pelvis (what "hip extension" means), that angle holds three things besides the hip:

    trunk_thigh = hip_extension + chord_turn(arch) + neutral_offset (+ landmark bias)

- ``chord_turn(arch)``: an arch bends the spine at the lumbar and thoracolumbar levels, above the
  hip, so the shoulder swings about the hip by less than the arch itself: ``k * arch``. For human
  proportions ``k`` is 0.5..0.9; the value below was fitted on the studio's truth.
- ``neutral_offset``: the chord's angle from the pelvis axis with a neutral spine (the shoulder
  sits a little behind the hip's line when standing tall), plus BlazePose's systematic placement of
  its hip point (above and in front of the joint centre): a constant, fitted on one seeded set and
  checked on another.

Frames where the thigh's landmark length collapses (the knee landmark pulled onto the hip or the
heel, as BlazePose does when the heel is pulled to the buttock) give no hip extension at all: the
angle of a 3-cm "thigh" is noise.

Figures: see the constants' comments and ``formcheck bench accuracy``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.landmarks import SIDE_LANDMARKS
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import LumbarArch, Pose, Side


@dataclass(frozen=True, slots=True)
class HipModel:
    """The small geometric model from trunk-thigh to hip extension (degrees)."""

    # k: the studio's spine bends half at the lumbosacral and half at the thoracolumbar level; its
    # forward kinematics give a chord turn of 0.564-0.570 deg per deg of arch over statures
    # 1.6-1.9 m (tests/kinematics/test_hip_chord_turn.py)
    chord_turn_per_arch: float = 0.57
    # BlazePose reads the working leg's trunk-thigh ~4 deg short of the joint-centre chain: median
    # over 7 fitting clips (couch stretch, Thomas test; seeds 100-708, not the evaluation sets) of
    # each clip's median residual trunk_thigh - k*arch - true hip extension = -4.0 deg (clips range
    # -24..+7: per-clip landmark failures, and the chord's neutral offset varies -5..+4 deg between
    # bodies, which no single constant can remove).
    offset_deg: float = -4.0
    min_thigh_to_chord: float = 0.5  # thigh landmark length / shoulder-hip chord below this: collapsed


HIP_MODEL = HipModel()


def thigh_to_chord_ratio(pose: Pose, side: Side) -> float | None:
    """Length of the hip->knee landmark segment over the mid-shoulder->mid-hip chord."""
    names = SIDE_LANDMARKS[side.value]
    thigh = np.hypot(*(pose.point(names["knee"]) - pose.point(names["hip"])))
    shoulder = pose.landmarks_px[[int(L.LEFT_SHOULDER), int(L.RIGHT_SHOULDER)]].mean(axis=0)
    hip = pose.landmarks_px[[int(L.LEFT_HIP), int(L.RIGHT_HIP)]].mean(axis=0)
    chord = float(np.hypot(*(shoulder - hip)))
    return None if chord < 1e-6 else float(thigh / chord)


def hip_extension_deg(
    trunk_thigh_deg: float | None,
    lumbar: LumbarArch,
    *,
    thigh_to_chord: float | None = None,
    model: HipModel = HIP_MODEL,
) -> float | None:
    """Hip extension relative to the pelvis; None when the arch or the thigh is not measurable."""
    if trunk_thigh_deg is None or lumbar.arch_deg is None:
        return None
    if thigh_to_chord is not None and thigh_to_chord < model.min_thigh_to_chord:
        return None
    return trunk_thigh_deg - model.chord_turn_per_arch * lumbar.arch_deg - model.offset_deg


def hip_extension_for_pose(
    pose: Pose, side: Side, trunk_thigh_deg: float | None, lumbar: LumbarArch, *, model: HipModel = HIP_MODEL
) -> float | None:
    """``hip_extension_deg`` with the thigh-collapse check taken from the pose (kinematics hook)."""
    return hip_extension_deg(
        trunk_thigh_deg, lumbar, thigh_to_chord=thigh_to_chord_ratio(pose, side), model=model
    )
