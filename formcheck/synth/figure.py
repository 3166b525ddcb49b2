"""The mannequin's flesh: shaded primitives hung on a ``Skeleton`` (limbs, trunk, face, clothes)."""

from __future__ import annotations

import numpy as np

from formcheck.synth.body import BodyShape, Skeleton, side_sign
from formcheck.synth.outfit import Outfit
from formcheck.synth.raster import Material, Primitive, ellipsoid, round_cone
from formcheck.synth.slots import EYE_WHITE, HAIR, LIPS, PANTS, PROP_BASE, PUPIL, SHIRT, SHOES, SKIN  # noqa: F401 (PROP_BASE: props import it from here)
from formcheck.synth.soft_tissue import clothing_shell, hair_primitives, loose_leg, soft_tissue
from formcheck.types import Side

Z = np.array([0.0, 0.0, 1.0])


def figure_materials(outfit: Outfit) -> list[Material]:
    lips = tuple(c * 0.75 for c in outfit.skin)
    return [
        Material(outfit.skin, specular=0.08),
        Material(outfit.hair, specular=0.12, texture=0.25),
        Material(outfit.shirt, specular=0.03, texture=0.08),
        Material(outfit.pants, specular=0.03, texture=0.08),
        Material(outfit.shoes, specular=0.1),
        Material((0.95, 0.95, 0.93), specular=0.3),
        Material((0.05, 0.04, 0.04), specular=0.4),
        Material((lips[0] * 1.05, lips[1] * 0.8, lips[2] * 0.8), specular=0.1),
    ]


def _ellipsoid_frame(up: np.ndarray, a_up: float, a_front: float, a_side: float) -> np.ndarray:
    front = Skeleton.anterior(up)
    return np.stack([up * a_up, front * a_front, Z * a_side], axis=1)


def _trunk(sk: Skeleton, shape: BodyShape, outfit: Outfit, chest: float = 0.0) -> list[Primitive]:
    j, g, br = sk.joints, shape.girth, shape.breadth
    ribs = g * (1.0 + 0.035 * chest)  # breathing: the rib cage swells on each inhale
    r = shape.m
    pf, lf, tf = (
        Skeleton.anterior(sk.pelvis_up),
        Skeleton.anterior(sk.lumbar_up),
        Skeleton.anterior(sk.thorax_up),
    )
    hip = j["hip_center"]
    prims = [
        # pelvis block and the two buttocks, whose back bulge ends the dorsal line below the lumbar dip
        ellipsoid(
            hip + sk.pelvis_up * r(0.03) - pf * r(0.012),
            _ellipsoid_frame(sk.pelvis_up, r(0.07), r(0.066) * g, r(0.092) * g * br),
            PANTS,
        ),
    ]
    for side in (Side.LEFT, Side.RIGHT):
        c = hip + sk.pelvis_up * r(0.005) - pf * r(0.03) + Z * side_sign(side) * r(0.042) * br
        prims.append(ellipsoid(c, _ellipsoid_frame(sk.pelvis_up, r(0.058), r(0.045) * g, r(0.05) * g), PANTS))
    # lumbar/abdomen: the cross-section centre sits in front of the spine, so the back surface lies
    # just behind the spine and follows the lumbar segment when it extends
    s_front, t_front = j["sacrum"] + lf * r(0.03), j["t12"] + lf * r(0.03)
    waist = outfit.long_sleeves or True
    prims.append(
        round_cone(
            s_front,
            t_front,
            r(0.06) * g,
            r(0.058) * g,
            SHIRT if waist else SKIN,
            lateral=Z,
            width_scale=1.5 * br,
        )
    )
    # thorax: rib cage, shoulder blades, shoulder girdle
    t_low = j["t12"] + tf * r(0.04)
    t_high = j["neck_base"] - sk.thorax_up * r(0.05) + tf * r(0.04)
    prims.append(
        round_cone(t_low, t_high, r(0.062) * ribs, r(0.066) * ribs, SHIRT, lateral=Z, width_scale=1.45 * br)
    )
    blades = j["t12"] + sk.thorax_up * r(0.1) - tf * r(0.005)
    prims.append(
        ellipsoid(blades, _ellipsoid_frame(sk.thorax_up, r(0.055), r(0.03) * g, r(0.085) * g * br), SHIRT)
    )
    prims.append(
        round_cone(
            j["left_shoulder"], j["right_shoulder"], r(0.034) * g, r(0.034) * g, SHIRT, lateral=sk.thorax_up
        )
    )
    prims.append(
        round_cone(j["neck_base"] - sk.thorax_up * r(0.02), j["skull_base"], r(0.032) * g, r(0.03) * g, SKIN)
    )
    return prims + soft_tissue(sk, shape) + clothing_shell(sk, shape, outfit)


def _head(sk: Skeleton, shape: BodyShape, outfit: Outfit) -> list[Primitive]:
    j = sk.joints
    rad = shape.m(shape.head_radius)
    up, front = sk.head_up, Skeleton.anterior(sk.head_up)
    c = j["head_center"]
    prims = [
        ellipsoid(c, np.stack([up * rad * 1.08, front * rad * 0.98, Z * rad * 0.8], axis=1), SKIN),
        # jaw and chin: a smaller ellipsoid below and in front, so the profile reads as a face
        ellipsoid(
            c - up * rad * 0.45 + front * rad * 0.3,
            np.stack([up * rad * 0.55, front * rad * 0.65, Z * rad * 0.62], axis=1),
            SKIN,
        ),
        # hair: a cap over the back and top of the skull
        ellipsoid(
            c + up * rad * 0.18 - front * rad * 0.12,
            np.stack([up * rad * 1.0, front * rad * 0.96, Z * rad * 0.84], axis=1),
            HAIR,
        ),
        round_cone(c + front * rad * 0.78 + up * rad * 0.05, j["nose"], rad * 0.1, rad * 0.07, SKIN),
        ellipsoid(
            c + front * rad * 0.88 - up * rad * 0.55,
            np.stack([up * rad * 0.08, front * rad * 0.1, Z * rad * 0.26], axis=1),
            LIPS,
        ),
    ]
    for side in (Side.LEFT, Side.RIGHT):
        z = Z * side_sign(side)
        eye = j[f"{side.value}_eye"]
        prims.append(ellipsoid(eye - front * rad * 0.05, np.eye(3) * rad * 0.16, EYE_WHITE))
        prims.append(ellipsoid(eye + front * rad * 0.07, np.eye(3) * rad * 0.085, PUPIL))
        brow = eye + up * rad * 0.24 + front * rad * 0.02
        prims.append(
            ellipsoid(brow, np.stack([up * rad * 0.05, front * rad * 0.08, z * rad * 0.2], axis=1), HAIR)
        )
        ear = j[f"{side.value}_ear"]
        prims.append(
            ellipsoid(ear, np.stack([up * rad * 0.3, front * rad * 0.18, z * rad * 0.1], axis=1), SKIN)
        )
    return prims + hair_primitives(sk, shape, outfit)


def _limb(a: np.ndarray, b: np.ndarray, ra: float, rb: float, material: int) -> Primitive:
    return round_cone(a, b, ra, rb, material)


def _legs(sk: Skeleton, shape: BodyShape, outfit: Outfit) -> list[Primitive]:
    j, g, r = sk.joints, shape.girth * shape.limb_girth, shape.m
    prims = []
    lower = PANTS if outfit.long_pants else SKIN
    for side in (Side.LEFT, Side.RIGHT):
        n = side.value
        hip, knee, ankle = j[f"{n}_hip"], j[f"{n}_knee"], j[f"{n}_ankle"]
        prims.append(_limb(hip, knee, r(0.05) * g, r(0.032) * g, PANTS))
        calf = knee + (ankle - knee) * 0.32
        shin_dir = (ankle - knee) / np.linalg.norm(ankle - knee)
        thigh_dir = (knee - hip) / np.linalg.norm(knee - hip)
        back = np.cross(np.cross(thigh_dir, shin_dir), shin_dir)
        back_norm = np.linalg.norm(back)
        calf_offset = back / back_norm * r(0.008) if back_norm > 1e-6 else np.zeros(3)
        prims.append(_limb(knee, calf + calf_offset, r(0.032) * g, r(0.034) * g, lower))
        prims.append(_limb(calf + calf_offset, ankle, r(0.034) * g, r(0.02) * g, lower))
        heel, toe = j[f"{n}_heel"], j[f"{n}_foot_index"]
        heel_c = heel + (ankle - heel) * 0.25
        prims.append(_limb(heel_c, toe - (toe - heel_c) * 0.12, r(0.026), r(0.02), SHOES))
        prims.append(_limb(ankle, heel_c, r(0.022), r(0.025), SHOES))
        if shape.hip_flare:  # the upper thigh widens with the pelvis
            top = hip + (knee - hip) * 0.45
            prims.append(_limb(hip, top, r(0.05) * g * (1 + 0.25 * shape.hip_flare), r(0.043) * g, PANTS))
        prims += loose_leg(hip, knee, ankle, shape, outfit)
    return prims


def _arms(sk: Skeleton, shape: BodyShape, outfit: Outfit) -> list[Primitive]:
    j, g, r = sk.joints, shape.girth * shape.limb_girth, shape.m
    prims = []
    for side in (Side.LEFT, Side.RIGHT):
        n = side.value
        sh, el, wr, tip = j[f"{n}_shoulder"], j[f"{n}_elbow"], j[f"{n}_wrist"], j[f"{n}_hand_tip"]
        sleeve_end = sh + (el - sh) * (1.0 if outfit.long_sleeves else 0.45)
        prims.append(_limb(sh, el, r(0.03) * g, r(0.021) * g, SKIN))
        prims.append(_limb(sh, sleeve_end, r(0.036) * g, r(0.029) * g, SHIRT))
        prims.append(_limb(el, wr, r(0.021) * g, r(0.015) * g, SHIRT if outfit.long_sleeves else SKIN))
        hand_dir = (tip - wr) / np.linalg.norm(tip - wr)
        palm = wr + hand_dir * r(0.04)
        prims.append(_limb(wr, palm, r(0.017), r(0.022), SKIN))
        prims.append(_limb(palm, tip - hand_dir * r(0.015), r(0.02), r(0.013), SKIN))
        if outfit.top_style == "hoodie":  # wide sleeves to the wrist
            prims.append(_limb(sh, el, r(0.045) * g, r(0.036) * g, SHIRT))
            prims.append(_limb(el, wr - (wr - el) * 0.08, r(0.036) * g, r(0.03) * g, SHIRT))
    return prims


def body_primitives(
    sk: Skeleton, shape: BodyShape, outfit: Outfit, chest_expansion: float = 0.0
) -> list[Primitive]:
    """Everything but the arms: trunk, head and legs."""
    return _trunk(sk, shape, outfit, chest_expansion) + _head(sk, shape, outfit) + _legs(sk, shape, outfit)


def arm_primitives(sk: Skeleton, shape: BodyShape, outfit: Outfit) -> list[Primitive]:
    """Both arms, hands included (kept apart so the truth can ask what they hide)."""
    return _arms(sk, shape, outfit)


def figure_primitives(
    sk: Skeleton, shape: BodyShape, outfit: Outfit, chest_expansion: float = 0.0
) -> list[Primitive]:
    return body_primitives(sk, shape, outfit, chest_expansion) + arm_primitives(sk, shape, outfit)


SUPPORT_KINDS = ("ellipsoid", "round_cone")


def lowest_point_y(prims: list[Primitive]) -> float:
    """The lowest world ``y`` reached by any of ``prims`` (ellipsoids exactly, cones by their caps)."""
    low = np.inf
    for p in prims:
        inv = p.to_world  # columns: local axes in world units
        if p.kind == "ellipsoid":
            low = min(low, p.origin[1] - float(np.linalg.norm(inv[1])))
        elif p.kind == "round_cone":
            end_b = p.origin + inv[:, 0] * p.length
            for centre, radius in ((p.origin, p.radius_a), (end_b, p.radius_b)):
                low = min(low, centre[1] - radius * float(np.linalg.norm(inv[1])))
    return float(low)


def trunk_primitives(sk: Skeleton, shape: BodyShape, outfit: Outfit) -> list[Primitive]:
    """The primitives a lying body rests on (pelvis, buttocks, back)."""
    return _trunk(sk, shape, outfit)


def foot_low_y(sk: Skeleton, shape: BodyShape, side: Side) -> float:
    """Lowest point of one shoe, in world y."""
    n = side.value
    j, r = sk.joints, shape.m
    heel_c = j[f"{n}_heel"] + (j[f"{n}_ankle"] - j[f"{n}_heel"]) * 0.25
    toe = j[f"{n}_foot_index"] - (j[f"{n}_foot_index"] - heel_c) * 0.12
    return float(min(heel_c[1] - r(0.026), toe[1] - r(0.02), j[f"{n}_ankle"][1] - r(0.022)))
