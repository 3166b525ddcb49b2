"""The body space: named families drawn by seed, every one rendered, truth untouched by clothes and
hair, the original body unchanged, and fitting and benchmark families kept apart."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from formcheck.synth.body import BodyShape
from formcheck.synth.body_sets import SHOTS
from formcheck.synth.camera import CameraSpec
from formcheck.synth.families import (
    BENCH_FAMILIES,
    FAMILIES,
    FIT_FAMILIES,
    REFERENCE_KYPHOSIS_DEG,
    REFERENCE_LORDOSIS_DEG,
    family_look,
    spine_neutrals,
)
from formcheck.synth.figure import figure_primitives
from formcheck.synth.outfit import Outfit
from formcheck.synth.raster import rasterise
from formcheck.synth.skeleton import forward_kinematics, neutral_standing
from formcheck.synth.slots import HAIR, PANTS, SHIRT, SKIN
from formcheck.synth.soft_tissue import clothing_shell, hair_primitives, soft_tissue
from formcheck.synth.truth import frame_truth, signed_angle_deg
from formcheck.types import Exercise, Side

ANGLE_KEYS = ("hip_extension_deg", "lumbar_arch_deg", "knee_flexion_deg", "thigh_to_horizontal_deg")


def test_there_are_at_least_twelve_named_families_split_disjointly_into_fit_and_bench():
    assert len(FAMILIES) >= 12
    assert not set(FIT_FAMILIES) & set(BENCH_FAMILIES)
    assert set(FIT_FAMILIES) | set(BENCH_FAMILIES) == set(FAMILIES)
    for half in (FIT_FAMILIES, BENCH_FAMILIES):
        assert {FAMILIES[name].sex for name in half} == {"male", "female"}


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_a_family_look_is_the_same_for_the_same_seed_and_varies_with_it(name):
    first = family_look(name, np.random.default_rng(11), Exercise.SPLIT_SQUAT)
    again = family_look(name, np.random.default_rng(11), Exercise.SPLIT_SQUAT)
    other = family_look(name, np.random.default_rng(12), Exercise.SPLIT_SQUAT)
    assert first == again
    assert first.shape != other.shape
    assert first.family == name
    fam = FAMILIES[name]
    assert fam.height_m[0] <= first.shape.height_m <= fam.height_m[1]
    assert fam.lordosis_deg[0] <= first.spine["lordosis_deg"] <= fam.lordosis_deg[1]


def _silhouette(shape: BodyShape, outfit: Outfit) -> np.ndarray:
    """Material index per pixel of the body standing, seen from its left at 160x160."""
    sk = forward_kinematics(shape, neutral_standing(shape))
    camera = CameraSpec(-1, 0.0, 0.0, 3.2, 150.0, 160, 160).build(np.array([0.0, 0.95, 0.0]))
    return rasterise(camera, figure_primitives(sk, shape, outfit), camera.pixel_rays()).material


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_family_renders_a_whole_figure_with_skin_hair_and_clothes(name):
    look = family_look(name, np.random.default_rng(3), Exercise.COUCH_STRETCH)
    materials = _silhouette(look.shape, look.outfit)
    for slot in (SKIN, HAIR, SHIRT, PANTS):
        assert (materials == slot).sum() > 5, f"{name}: material {slot} missing"


def test_soft_tissue_and_loose_clothes_widen_the_silhouette_where_they_should():
    lean = _silhouette(BodyShape(), Outfit())
    full = _silhouette(replace(BodyShape(), belly=1.4, buttocks=1.0, breasts=1.2), Outfit())
    hooded = _silhouette(BodyShape(), Outfit(top_style="hoodie"))
    assert (full >= 0).sum() > (lean >= 0).sum() * 1.03
    assert (hooded == SHIRT).sum() > (lean == SHIRT).sum() * 1.1


def test_the_original_body_in_fitted_clothes_gets_no_extra_primitive():
    shape, outfit = BodyShape(), Outfit()
    sk = forward_kinematics(shape, neutral_standing(shape))
    assert soft_tissue(sk, shape) == [] and clothing_shell(sk, shape, outfit) == []
    assert hair_primitives(sk, shape, outfit) == []


def test_the_reference_spine_maps_to_the_original_neutral_angles():
    lumbar, thorax, tilt = spine_neutrals(REFERENCE_LORDOSIS_DEG, REFERENCE_KYPHOSIS_DEG, 0.7)
    assert (lumbar, thorax, tilt) == pytest.approx(
        (BodyShape().lumbar_neutral_deg, BodyShape().thorax_neutral_deg, 0.0)
    )


def test_more_lordosis_extends_the_thorax_on_the_pelvis_by_the_part_the_sacrum_does_not_take():
    base = sum(spine_neutrals(40.0, 35.0, 0.6)[:2])
    more = sum(spine_neutrals(60.0, 35.0, 0.6)[:2])
    rounder = sum(spine_neutrals(40.0, 55.0, 0.6)[:2])
    assert more - base == pytest.approx(20.0 * (1 - 0.6))
    assert rounder - base == pytest.approx(-10.0)  # half the extra kyphosis, on the thoracic chord


def _stage_angles(scenario, times) -> list[dict]:
    out = []
    for t in times:
        staged = scenario.stage(t)
        truth = frame_truth(staged.skeleton, scenario.working, staged.pose.lumbar_arch_deg)
        out.append({k: truth[k] for k in ANGLE_KEYS})
    return out


# The body space's exercises. A bridge's planted pose rests the padded trunk on the floor, so its
# clothes move the pose itself (and the truth follows the skeleton exactly); it is not in the body space.
@pytest.mark.parametrize("exercise", list(SHOTS))
def test_clothes_and_hair_never_move_the_truth(exercise):
    from formcheck.synth.couch import build_couch
    from formcheck.synth.split_squat import build_split_squat
    from formcheck.synth.thomas import build_thomas

    look = family_look("heavy_woman", np.random.default_rng(5), exercise)
    dressed = replace(
        look, outfit=replace(look.outfit, top_style="hoodie", bottom_style="loose_shorts", hair_style="long")
    )
    plain = replace(
        look, outfit=replace(look.outfit, top_style="fitted", bottom_style="fitted", hair_style="short")
    )

    def build(lk):
        rng = np.random.default_rng(9)
        if exercise is Exercise.COUCH_STRETCH:
            return build_couch(None, Side.LEFT, lk, rng, short=True)
        if exercise is Exercise.SPLIT_SQUAT:
            return build_split_squat(None, Side.LEFT, Side.LEFT, lk, rng, short=True)
        return build_thomas(None, Side.LEFT, lk, rng)

    times = [0.5, 6.0, 12.0]
    for worn, bare in zip(
        _stage_angles(build(dressed), times), _stage_angles(build(plain), times), strict=True
    ):
        assert worn == pytest.approx(bare, abs=1e-9)  # the couch lifts a padded body: only rounding moves


@pytest.mark.parametrize("name", ["curvy_woman", "older_man_kyphosis", "muscular_man"])
def test_the_arch_truth_is_the_thorax_on_pelvis_extension_beyond_this_bodys_own_neutral(name):
    from formcheck.synth.split_squat import build_split_squat
    from formcheck.types import MistakeCode

    look = family_look(name, np.random.default_rng(2), Exercise.SPLIT_SQUAT)
    scenario = build_split_squat(
        MistakeCode.BACK_ARCH, Side.RIGHT, Side.RIGHT, look, np.random.default_rng(4), short=True
    )
    neutral = look.shape.lumbar_neutral_deg + look.shape.thorax_neutral_deg
    for t in (1.0, 18.0):
        staged = scenario.stage(t)
        sk = staged.skeleton
        thorax_on_pelvis = signed_angle_deg(sk.pelvis_up[:2], sk.thorax_up[:2])  # + = extension (ccw)
        truth = frame_truth(sk, Side.RIGHT, staged.pose.lumbar_arch_deg)["lumbar_arch_deg"]
        assert truth == pytest.approx(thorax_on_pelvis - neutral, abs=1e-6)
