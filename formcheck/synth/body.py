"""The mannequin's skeleton: body proportions, pose parameters and forward kinematics.

Sagittal angles are world angles in the ``x``-``y`` plane, counter-clockwise from ``+x``. The body's
handedness is fixed: its anterior direction is its "up" axis turned 90 deg clockwise, so a person
standing upright (pelvis axis at 90 deg) faces ``+x`` and a supine person has the head towards ``-x``
(pelvis axis at 180 deg). Which way they face in the image follows from the camera's side.

Joint conventions (all exact, they define the ground truth):
- pelvis axis ``u_p``: points from the hip-joint centre towards the head; vertical when standing
  neutral. Hip flexion rotates the thigh from ``-u_p`` towards anterior; hip extension = -flexion.
- spine: hip centre -> lumbosacral joint S (fixed offset in the pelvis) -> lumbar segment -> T12/L1
  -> thoracic segment -> C7. Lumbar arch ``e`` (extension beyond neutral) turns the lumbar segment by
  ``e/2`` at S and the thorax by another ``e/2`` at T12, so thorax-vs-pelvis extension is exactly ``e``
  more than in the neutral spine.
- knee flexion turns the shin posteriorly from the thigh line; ankle plantar-flexion turns the foot
  from perpendicular-to-the-shin towards the shin line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from formcheck.types import Side


def unit(angle_deg: float) -> np.ndarray:
    a = math.radians(angle_deg)
    return np.array([math.cos(a), math.sin(a), 0.0])


def side_sign(side: Side) -> int:
    """World ``z`` sign of a body side: the right side is ``+z``."""
    return 1 if side is Side.RIGHT else -1


@dataclass(frozen=True)
class BodyShape:
    """Proportions as fractions of standing height (anthropometric averages by default)."""

    height_m: float = 1.75
    girth: float = 1.0  # scales every radius
    thigh: float = 0.245
    shin: float = 0.246
    ankle_height: float = 0.039
    heel_back: float = 0.035
    toe_forward: float = 0.115
    hip_half_width: float = 0.048
    sacrum_up: float = 0.075
    sacrum_back: float = 0.035
    lumbar: float = 0.095
    thorax: float = 0.15
    lumbar_neutral_deg: float = 6.0  # lumbar segment vs pelvis axis in neutral (+ = top backward: lordosis)
    thorax_neutral_deg: float = -10.0  # thorax vs lumbar in neutral (- = kyphosis, C7 forward)
    shoulder_down: float = 0.035
    shoulder_forward: float = 0.04
    shoulder_half_width: float = 0.105
    neck: float = 0.06
    head_radius: float = 0.058
    upper_arm: float = 0.186
    forearm: float = 0.146
    hand: float = 0.1
    breadth: float = 1.0  # lateral scale of the trunk
    # Soft tissue and build (0 = the studio's original lean body; see synth/families.py for ranges).
    breasts: float = 0.0  # breast volume: 0 none, 1 average, 1.6 large
    belly: float = 0.0  # abdominal protrusion: 0 flat, 1 round belly, 1.6 large
    buttocks: float = 0.0  # extra buttock projection: 0 lean, 1 full
    hip_flare: float = 0.0  # extra pelvis / upper-thigh width (wider female pelvis, fat)
    chest: float = 0.0  # deeper rib cage and pectorals (muscular build)
    limb_girth: float = 1.0  # arm and leg radii relative to ``girth`` (muscle, fat)
    standing_tilt_deg: float = 0.0  # anterior pelvic tilt when upright (keeps a lordotic trunk vertical)

    def m(self, fraction: float) -> float:
        return fraction * self.height_m


@dataclass(frozen=True)
class LegPose:
    hip_flex_deg: float = 0.0  # thigh vs pelvis; negative = hip extension
    knee_flex_deg: float = 0.0
    ankle_plantar_deg: float = 0.0
    abduction_deg: float = 0.0  # thigh tilted outwards, out of the sagittal plane


@dataclass(frozen=True)
class ArmPose:
    """Either angles (relative to the thorax) or a wrist target reached by two-bone IK."""

    shoulder_flex_deg: float = 0.0  # + = arm swung forward from hanging along the trunk
    abduction_deg: float = 12.0
    elbow_flex_deg: float = 10.0
    wrist_target_m: tuple[float, float, float] | None = None
    elbow_pole: tuple[float, float, float] = (0.0, 0.0, 0.0)  # world direction the elbow points to (IK)


@dataclass(frozen=True)
class BodyPose:
    hip_center_m: tuple[float, float]  # (x, y) of the midpoint between the hip-joint centres
    pelvis_deg: float = 90.0
    lumbar_arch_deg: float = 0.0
    neck_flex_deg: float = 0.0  # + = chin towards chest
    legs: dict[Side, LegPose] = field(default_factory=lambda: {Side.LEFT: LegPose(), Side.RIGHT: LegPose()})
    arms: dict[Side, ArmPose] = field(default_factory=lambda: {Side.LEFT: ArmPose(), Side.RIGHT: ArmPose()})


@dataclass(frozen=True)
class Skeleton:
    """World joint centres (metres) and the sagittal axes of the trunk segments."""

    joints: dict[str, np.ndarray]
    pelvis_up: np.ndarray
    lumbar_up: np.ndarray
    thorax_up: np.ndarray
    head_up: np.ndarray

    @staticmethod
    def anterior(up: np.ndarray) -> np.ndarray:
        return np.array([up[1], -up[0], 0.0])

    def shifted(self, offset: np.ndarray) -> Skeleton:
        moved = {name: p + offset for name, p in self.joints.items()}
        return Skeleton(moved, self.pelvis_up, self.lumbar_up, self.thorax_up, self.head_up)


def angle_of(v: np.ndarray) -> float:
    return math.degrees(math.atan2(v[1], v[0]))


def two_bone_ik(
    root: np.ndarray, target: np.ndarray, l1: float, l2: float, pole: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Middle joint and reached end of a two-bone chain pulled towards ``target``, bending to ``pole``."""
    reach = target - root
    dist = float(np.linalg.norm(reach))
    direction = reach / max(dist, 1e-9)
    dist = min(max(dist, abs(l1 - l2) + 1e-4), l1 + l2 - 1e-4)
    along = (l1 * l1 - l2 * l2 + dist * dist) / (2 * dist)
    height = math.sqrt(max(l1 * l1 - along * along, 0.0))
    perp = pole - direction * float(pole @ direction)
    if np.linalg.norm(perp) < 1e-9:
        perp = np.cross(direction, [0.0, 0.0, 1.0])
    perp /= np.linalg.norm(perp)
    return root + direction * along + perp * height, root + direction * dist


def leg_reaching(
    hip_xy: np.ndarray, ankle_xy: np.ndarray, thigh_m: float, shin_m: float, pelvis_deg: float
) -> tuple[float, float]:
    """(hip flexion, knee flexion) in degrees that put the ankle at ``ankle_xy`` with the knee in front."""
    reach = np.asarray(ankle_xy, float) - np.asarray(hip_xy, float)
    dist = min(max(float(np.linalg.norm(reach)), abs(thigh_m - shin_m) + 1e-4), thigh_m + shin_m - 1e-4)
    cos_knee = (thigh_m**2 + shin_m**2 - dist**2) / (2 * thigh_m * shin_m)
    knee_flex = 180.0 - math.degrees(math.acos(max(-1.0, min(1.0, cos_knee))))
    cos_hip = (thigh_m**2 + dist**2 - shin_m**2) / (2 * thigh_m * dist)
    offset = math.degrees(math.acos(max(-1.0, min(1.0, cos_hip))))
    thigh_world = math.degrees(math.atan2(reach[1], reach[0])) + offset  # knee bends anteriorly (ccw)
    hip_flex = (thigh_world - (pelvis_deg - 180.0) + 180.0) % 360.0 - 180.0
    return hip_flex, knee_flex
