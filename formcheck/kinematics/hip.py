"""True hip extension: the trunk-thigh angle with the lumbar arch and BlazePose's hip offset removed.

The landmark chain measures the angle between the hip->shoulder chord and the thigh. Relative to
the pelvis (what "hip extension" means), that angle holds three things besides the hip:

    trunk_thigh = hip_extension + chord_turn(arch) + neutral_offset (+ landmark bias)

- ``chord_turn(arch)``: an arch bends the spine at the lumbar and thoracolumbar levels, above the
  hip, so the shoulder swings about the hip by less than the arch itself: ``k * arch``, with
  ``k = 0.57`` for the studio's spine (``CHORD_TURN_PER_ARCH``, checked against its forward
  kinematics in tests/kinematics/test_hip_chord_turn.py).
- ``neutral_offset``: the chord's angle from the pelvis axis with a neutral spine, plus
  BlazePose's systematic placement of its hip point (above and in front of the joint centre).

What the landmarks and the mask deliver differs with posture, so the factor applied to the
*measured* arch and the offset are fitted per posture (``PostureTerms``), blended by the trunk's
inclination from vertical:

- upright (standing, kneeling, split squat): the measured chord turns with the arch as the geometry
  says.
- lying (couch stretch, Thomas test): the thorax rests on the support, so an arch tilts the pelvis
  under a still chest. BlazePose's hip point, placed from the buttock's outline, follows that tilt
  less than the joint centre does, and the mask reads the arch ~20 % short because the flattened
  upper back no longer bulges. Per degree of *measured* arch the trunk-thigh angle therefore
  carries more than 0.57 deg of arch.

Both terms were fitted on studio clips rendered for fitting only (see the constants) and are
judged on the seeded bench set by ``formcheck bench accuracy``.

Frames where the thigh's landmark length collapses (the knee landmark pulled onto the hip or the
heel, as BlazePose does when the heel is pulled to the buttock) give no hip extension at all: the
angle of a 3-cm "thigh" is noise. Subtler knee misplacements are caught by
``formcheck.kinematics.limb_length`` before this model runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from formcheck.kinematics.arch_model import ARCH_MODEL
from formcheck.kinematics.limb_length import thigh_to_chord_ratio
from formcheck.types import LumbarArch, Pose, Side

# Geometry reference, not used by the model below: the studio spine bends half at the lumbosacral and
# half at the thoracolumbar level, and its forward kinematics give a chord turn of 0.564-0.570 deg per
# deg of *true* arch over statures 1.6-1.9 m. The fitted factors apply to the *measured* arch, whose
# errors and BlazePose's hip placement move them away from it (upright 0.6, lying 0.8).
CHORD_TURN_PER_ARCH = 0.57


# Fitted on the fitting clips only (57 studio clips, seeds 100-708 and 9001-9072; never the bench or
# sample sets). Arch factor: the median over the clips whose arch swings 0 -> 15-25 deg (couch back
# arch and invalid Thomas tests lying: 11 clips, 0.37-1.31, median 0.81; split-squat back arch
# upright: 4 clips, 0.24-0.87, median 0.61) of each clip's slope of trunk_thigh - true hip extension
# on the measured arch; a pooled fit over all frames would shrink it toward 0, since a clip whose
# arch only jitters has no slope to give. Offset: with that factor, the median over every fitting
# clip of its median residual in that posture (lying: 30 clips, couch -2.6 / Thomas -4.9; upright:
# 33 clips, split squat -6.2 / sitting up in the Thomas test -3.8; Thomas clips count in both, as
# they sit first and then lie back, so 63 clip-postures from 57 clips). Clips range over ~+-5 deg: the
# chord's neutral offset differs between bodies, which no constant removes.
# The factors were fitted per degree of arch as the lumbar estimate then measured it, with a gain of
# 360 deg per chord length of dip. What they stand for is the chord's turn per chord length of dip
# rise, so they are carried over to the arch model's gain (``arch_model.ARCH_MODEL``) unchanged in
# that unit: a units conversion, not a refit.
FITTED_AT_GAIN_DEG_PER_DIP = 360.0
_PER_MEASURED_DEG = FITTED_AT_GAIN_DEG_PER_DIP / ARCH_MODEL.gain_deg_per_dip
UPRIGHT_ARCH_FACTOR = round(0.6 * _PER_MEASURED_DEG, 3)
UPRIGHT_OFFSET_DEG = -5.0
LYING_ARCH_FACTOR = round(0.8 * _PER_MEASURED_DEG, 3)
LYING_OFFSET_DEG = -3.1


@dataclass(frozen=True, slots=True)
class PostureTerms:
    """trunk_thigh = hip_extension + arch_factor * measured_arch + offset_deg, in one posture."""

    arch_factor: float
    offset_deg: float


@dataclass(frozen=True, slots=True)
class HipModel:
    """The small model from trunk-thigh to hip extension (degrees)."""

    upright: PostureTerms = field(
        default_factory=lambda: PostureTerms(UPRIGHT_ARCH_FACTOR, UPRIGHT_OFFSET_DEG)
    )
    lying: PostureTerms = field(default_factory=lambda: PostureTerms(LYING_ARCH_FACTOR, LYING_OFFSET_DEG))
    # |trunk inclination from vertical| where lying starts to count, and where it fully does
    lying_from_deg: float = 45.0
    lying_full_deg: float = 70.0
    min_thigh_to_chord: float = 0.5  # thigh landmark length / shoulder-hip chord below this: collapsed

    def terms(self, trunk_inclination_deg: float | None) -> PostureTerms:
        """The posture's terms, linearly blended between upright and lying."""
        if trunk_inclination_deg is None:
            return self.upright
        span = self.lying_full_deg - self.lying_from_deg
        w = min(1.0, max(0.0, (abs(trunk_inclination_deg) - self.lying_from_deg) / span))
        return PostureTerms(
            (1 - w) * self.upright.arch_factor + w * self.lying.arch_factor,
            (1 - w) * self.upright.offset_deg + w * self.lying.offset_deg,
        )


HIP_MODEL = HipModel()


def hip_extension_deg(
    trunk_thigh_deg: float | None,
    lumbar: LumbarArch,
    *,
    trunk_inclination_deg: float | None = None,
    thigh_to_chord: float | None = None,
    model: HipModel = HIP_MODEL,
) -> float | None:
    """Hip extension relative to the pelvis; None when the arch or the thigh is not measurable."""
    if trunk_thigh_deg is None or lumbar.arch_deg is None:
        return None
    if thigh_to_chord is not None and thigh_to_chord < model.min_thigh_to_chord:
        return None
    terms = model.terms(trunk_inclination_deg)
    return trunk_thigh_deg - terms.arch_factor * lumbar.arch_deg - terms.offset_deg


def hip_extension_for_pose(
    pose: Pose,
    side: Side,
    trunk_thigh_deg: float | None,
    lumbar: LumbarArch,
    *,
    trunk_inclination_deg: float | None = None,
    model: HipModel = HIP_MODEL,
) -> float | None:
    """``hip_extension_deg`` with the thigh-collapse check taken from the pose (kinematics hook)."""
    return hip_extension_deg(
        trunk_thigh_deg,
        lumbar,
        trunk_inclination_deg=trunk_inclination_deg,
        thigh_to_chord=thigh_to_chord_ratio(pose, side),
        model=model,
    )
