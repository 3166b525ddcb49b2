"""Undoing the camera's yaw: sagittal angles measured on an oblique view, put back in the body's plane.

Geometry (camera level with the floor, far enough that projection is close to parallel). Take the
body's sagittal plane with axes *forward* and *up*. Seen square from the side, a sagittal vector
``(f, u)`` shows in the image as ``(f, u)`` (times the image scale). Turn the camera about the
vertical axis by a yaw ``psi``: the up axis still maps to image-up, while the forward axis now makes
the angle ``psi`` with the image plane, so its image is ``f * cos(psi)``. Every sagittal vector
therefore shows as ``(f * cos(psi), u)``: only its horizontal extent shrinks, whatever the sign of
the yaw (front- or rear-oblique). For a segment at an angle ``theta`` from vertical:

    tan(theta_image) = cos(psi) * tan(theta)      (from vertical)
    tan(alpha_image) = tan(alpha) / cos(psi)      (from horizontal, alpha = 90 - theta)

so at 30 deg yaw a thigh 20 deg behind vertical reads 17.5 deg, a lying trunk 10 deg above
horizontal reads 11.5 deg. The inverse is exact under those assumptions: stretch every landmark's
horizontal offset by ``1 / cos(psi)`` and measure the angles as usual (``unforeshortened_pose``).
Points off the sagittal plane (the far hip and shoulder) are stretched as well; the angles use
same-side segments (hip -> knee -> ankle) and midline points, whose lateral offsets cancel.

What this leaves out, and so what the view still costs: a camera that looks down by a pitch ``p``
shortens the vertical extent by ``cos(p)`` (small: 1 % at 8 deg) and, combined with a yaw, shears
the forward axis by ``sin(psi) * sin(p)`` (about 3.5 deg of tilt on a horizontal segment at 30 deg
yaw and 7 deg pitch), whose sign needs the yaw's sign, which foreshortening cannot give; and
BlazePose itself places the far-side landmarks less well as the body turns.

The clip's |yaw| comes from two foreshortening cues, the larger taken: the yaw that keeps the thigh's
length against the trunk's steadiest through the clip (``formcheck.kinematics.limb_length``), and the
median over the clip of the yaw the shoulders' and hips' image width says
(``formcheck.kinematics.view.sagittal_score``). Neither is good alone. Measured on the studio's 30-deg
clips (bench set, 14 clips): the thigh cue gave 0-35 (0 on 7 of them: when trunk and thigh keep their
directions every yaw fits alike), the width cue 12-27 (it reads BlazePose's narrowed far shoulder and
hip, and a broader body reads as more turned); on side views the width cue reads 3-8 and on 15-deg
clips 6-15 (sample set). Below ``MIN_CORRECTED_YAW_DEG`` no correction is made (under 1.6 % of a
horizontal extent, less than the landmarks' noise).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from formcheck.landmarks import PoseLandmark as L
from formcheck.types import Pose

# Below this estimated |yaw| the angles are taken as measured.
MIN_CORRECTED_YAW_DEG = 10.0
# Beyond this estimated |yaw| the view itself limits the accuracy (pitch shear, BlazePose's far-side
# landmarks): the report says so. On the studio bench hip extension is off by 3-4.5 deg at 0-15 deg
# and 6-7 deg at 30. The estimates read low (the module docstring): 15 flags 22 of the 24 30-deg
# bench clips (estimates 12.8-35) and the 3 30-deg samples (18.9-25), none of the 0- and 15-deg
# samples (3.4-8.5 and 6.2-14.8).
VIEW_LIMITS_ACCURACY_DEG = 15.0
# The largest yaw corrected: beyond it the far leg hides behind the near one and a wrong yaw
# estimate costs more than the correction gains (1/cos(45) = 1.41).
MAX_CORRECTED_YAW_DEG = 40.0


@dataclass(frozen=True, slots=True)
class ViewCorrection:
    """The yaw a clip's sagittal angles were corrected for, and what the view costs in accuracy."""

    estimated_yaw_deg: float | None  # |yaw| from foreshortening; None when it could not be estimated
    corrected_yaw_deg: float  # the yaw actually undone (0 = angles as measured)

    @property
    def limits_accuracy(self) -> bool:
        return self.estimated_yaw_deg is not None and self.estimated_yaw_deg > VIEW_LIMITS_ACCURACY_DEG

    def note(self) -> dict:
        """The report's ``summary.view_accuracy``."""
        estimated = self.estimated_yaw_deg
        if estimated is None:
            text = "camera yaw could not be estimated (too little thigh movement); angles as measured"
        elif self.limits_accuracy:
            text = (
                f"camera about {estimated:.0f} deg off the side view: angles corrected for it, but expect "
                "about +-6 deg on hip extension (+-3-4 deg from the side); film square from the side"
            )
        elif self.corrected_yaw_deg > 0:
            text = f"camera about {estimated:.0f} deg off the side view: angles corrected for it"
        else:
            text = "side view: angles as measured"
        return {
            "estimated_yaw_deg": None if estimated is None else round(estimated, 1),
            "corrected_yaw_deg": round(self.corrected_yaw_deg, 1),
            "limits_accuracy": self.limits_accuracy,
            "note": text,
        }


NO_CORRECTION = ViewCorrection(estimated_yaw_deg=None, corrected_yaw_deg=0.0)


def view_correction(*estimates_deg: float | None) -> ViewCorrection:
    """The correction made for a clip whose |yaw| the cues estimated as ``estimates_deg``."""
    known = [abs(e) for e in estimates_deg if e is not None]
    if not known:
        return NO_CORRECTION
    yaw = max(known)
    corrected = min(yaw, MAX_CORRECTED_YAW_DEG) if yaw >= MIN_CORRECTED_YAW_DEG else 0.0
    return ViewCorrection(estimated_yaw_deg=yaw, corrected_yaw_deg=corrected)


def width_yaw_deg(sagittal_scores: Sequence[float]) -> float | None:
    """The clip's median yaw by the image-width cue (``sagittal_score = 1 - yaw / 90``), frames with a pose."""
    if not sagittal_scores:
        return None
    return 90.0 * (1.0 - float(np.median(sagittal_scores)))


def unforeshortened_pose(pose: Pose, yaw_deg: float) -> Pose:
    """The pose with every landmark's horizontal offset from the mid-hip stretched by 1/cos(yaw).

    Angles measured on it are the sagittal-plane angles (module docstring); visibility and depth are
    unchanged. The mid-hip stays put so the pose stays where it was in the frame.
    """
    if yaw_deg == 0.0:
        return pose
    stretch = 1.0 / math.cos(math.radians(yaw_deg))
    points = pose.landmarks_px
    centre_x = 0.5 * (float(points[int(L.LEFT_HIP), 0]) + float(points[int(L.RIGHT_HIP), 0]))
    stretched = points.copy()
    stretched[:, 0] = centre_x + (points[:, 0] - centre_x) * stretch
    return replace(pose, landmarks_px=stretched)
