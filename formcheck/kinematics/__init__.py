"""Sagittal kinematics: angles from landmarks, the camera's view of the body, per-frame angles.

Conventions are in ``formcheck.kinematics.angles`` and ``formcheck.types`` (``LegAngles``).
"""

from __future__ import annotations

from formcheck.kinematics.angles import (
    DEFAULT_VISIBILITY_THRESHOLD,
    leg_angles,
    mid_hip,
    mid_shoulder,
    signed_angle_deg,
    trunk_axis,
    trunk_inclination_deg,
    trunk_thigh_deg,
)
from formcheck.kinematics.frame import compute_frame_angles
from formcheck.kinematics.view import (
    SAGITTAL_MIN_SCORE,
    UNKNOWN_VIEW,
    ViewEvidence,
    ViewTracker,
    anatomical_near_side,
    detect_leg_swaps,
    estimate_view,
    exchange_leg_labels,
    stabilize_views,
    view_evidence,
)

__all__ = [
    "DEFAULT_VISIBILITY_THRESHOLD",
    "SAGITTAL_MIN_SCORE",
    "UNKNOWN_VIEW",
    "ViewEvidence",
    "ViewTracker",
    "anatomical_near_side",
    "compute_frame_angles",
    "detect_leg_swaps",
    "estimate_view",
    "exchange_leg_labels",
    "leg_angles",
    "mid_hip",
    "mid_shoulder",
    "signed_angle_deg",
    "stabilize_views",
    "trunk_axis",
    "trunk_inclination_deg",
    "trunk_thigh_deg",
    "view_evidence",
]
