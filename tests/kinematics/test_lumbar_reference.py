"""Lumbar arch from dip series: which neutral (clip, calibration, population), its uncertainty, the flag gate."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.kinematics.arch_model import ArchModel, PopulationNeutral, Posture
from formcheck.kinematics.lumbar import (
    LiveNeutralCalibration,
    NeutralReference,
    arch_from_dip,
    arch_to_flag,
    estimate_clip_arch,
    population_arch_range,
    smooth_dips,
)
from formcheck.types import BackContour, LumbarArch

FPS = 15.0
# A model with round numbers, so every expected value below follows from it by arithmetic.
MODEL = ArchModel(
    gain_deg_per_dip=300.0,
    gain_spread=0.2,
    upright=PopulationNeutral(dip=0.07, spread=0.015, bodies=10),  # plausible band 0.0325..0.1075
    lying=PopulationNeutral(dip=0.06, spread=0.015, bodies=10),
    clip_reference_error_deg=2.0,
    reference_percentile=25.0,
)
UPRIGHT, LYING = 5.0, -88.0  # trunk inclinations


def backs(dips, confidence=0.8):
    return [None if d is None else BackContour(d, confidence) for d in dips]


def times(n):
    return list(np.arange(n) / FPS)


def reference(dips, inclinations=None, posture=Posture.UPRIGHT):
    inclinations = inclinations or [UPRIGHT] * len(dips)
    return NeutralReference.from_clip(
        backs(dips), times(len(dips)), inclinations, posture=posture, model=MODEL
    )


def test_the_clip_reference_is_the_neutral_set_up_not_the_arched_phase():
    found = reference([0.05] * 60 + [0.09] * 60)  # 4 s neutral set-up, then 4 s arched
    assert found.dip == pytest.approx(0.05) and found.source == "clip"
    assert found.uncertainty_deg == pytest.approx(2.0)  # the fitted rule's error; the hold had no jitter


def test_a_flexed_back_below_the_plausible_band_is_never_the_neutral():
    """All fours: the rounded frames dip least, but below the population's band they are not neutral."""
    found = reference([0.01] * 45 + [0.06] * 45 + [0.10] * 45)
    assert found.dip == pytest.approx(0.06)


def test_a_forward_leaning_rep_bottom_is_not_the_neutral():
    """A forward lean flattens the dip: those frames are out of the posture's resting line."""
    dips = [0.07] * 30 + [0.045] * 30 + [0.07] * 30 + [0.10] * 30
    leans = [UPRIGHT] * 30 + [35.0] * 30 + [UPRIGHT] * 30 + [UPRIGHT] * 30
    assert reference(dips, leans).dip == pytest.approx(0.07)


def test_a_set_up_glitch_is_not_steady_enough_to_be_the_neutral():
    rng = np.random.default_rng(1)
    glitch = list(rng.uniform(0.035, 0.105, 30))  # 2 s of a jumping contour, all inside the band
    found = reference(glitch + [0.065] * 45 + [0.10] * 45)
    assert found.dip == pytest.approx(0.065)


def test_a_clip_arched_from_the_first_frame_uses_the_population_neutral_and_its_spread():
    dips = [0.10] * 120  # steady and inside the band, but it never leaves it: no neutral moment shown
    assert reference(dips) is None
    arches = estimate_clip_arch(backs(dips), times(120), [UPRIGHT] * 120, model=MODEL)
    assert arches[60].neutral == "population"
    # read from one spread above the typical neutral: the smallest arch most bodies would have
    assert arches[60].arch_deg == pytest.approx(300 * (0.10 - 0.07 - 0.015))
    assert arches[60].neutral_uncertainty_deg == pytest.approx(300 * 0.015)
    assert arches[60].uncertainty_deg == pytest.approx(np.hypot(4.5, 0.2 * 4.5), abs=0.01)


def test_contour_spikes_scattered_over_a_held_arch_are_not_the_back_leaving_its_neutral():
    """Studio clip (tall lean man, couch): arched from the first frame, its dip jumps up for a few
    frames now and then; 1.2 s of spikes in all, but no moment held above: no neutral moment shown."""
    spiky_second = [0.08] * 12 + [0.105] * 3  # 7 deg (the excursion) is 0.0233 of dip at a gain of 300
    dips = [0.08] * 30 + spiky_second * 6
    assert reference(dips) is None
    arches = estimate_clip_arch(backs(dips), times(len(dips)), [UPRIGHT] * len(dips), model=MODEL)
    assert arches[0].neutral == "population"


def test_a_departure_held_for_a_second_shows_the_neutral():
    found = reference([0.06] * 45 + [0.09] * 18 + [0.06] * 45)  # 1.2 s arched, then back
    assert found is not None and found.dip == pytest.approx(0.06)


def test_unmeasured_frames_inside_a_held_departure_do_not_break_it():
    """Real footage loses the contour for a frame now and then: that is no sign the back came back."""
    departure = [0.09] * 6 + [None] + [0.09] * 6 + [None] + [0.09] * 6  # 19 arched frames, 2 unmeasured
    found = reference([0.06] * 45 + departure + [0.06] * 45)
    assert found is not None and found.dip == pytest.approx(0.06)


def test_upright_and_lying_frames_have_their_own_reference():
    """A Thomas test: sitting tall, then lying back; each posture's neutral is found in its own frames."""
    dips = [0.08] * 30 + [0.11] * 30 + [0.05] * 30 + [0.08] * 30
    leans = [UPRIGHT] * 60 + [LYING] * 60
    arches = estimate_clip_arch(backs(dips), times(120), leans, model=MODEL)
    assert arches[10].arch_deg == pytest.approx(0.0) and arches[10].neutral == "clip"
    assert arches[40].arch_deg == pytest.approx(300 * 0.03)
    assert arches[70].arch_deg == pytest.approx(0.0) and arches[70].neutral == "clip"
    assert arches[100].arch_deg == pytest.approx(300 * 0.03)


def test_arch_is_the_gain_times_the_dip_above_neutral_and_never_negative():
    ref = NeutralReference(0.05, "clip", uncertainty_deg=2.0)
    arch = arch_from_dip(BackContour(0.09, 0.8), ref, model=MODEL)
    assert arch.arch_deg == pytest.approx(12.0) and arch.confidence == 0.8 and arch.neutral == "clip"
    assert arch.uncertainty_deg == pytest.approx(np.hypot(2.0, 0.2 * 12.0), abs=0.01)
    assert arch_from_dip(BackContour(0.03, 0.8), ref, model=MODEL).arch_deg == 0.0


def test_without_a_reference_the_frame_is_read_against_its_postures_population_neutral():
    lying = arch_from_dip(BackContour(0.09, 0.8), None, trunk_inclination_deg=LYING, model=MODEL)
    assert lying.neutral == "population" and lying.arch_deg == pytest.approx(300 * (0.09 - 0.06 - 0.015))


def test_unmeasurable_frames_stay_none_with_their_reason():
    ref = NeutralReference(0.05, "clip")
    assert arch_from_dip(None, ref).arch_deg is None
    covered = arch_from_dip(BackContour(None, 0.0, "arm over the back"), ref)
    assert covered.arch_deg is None and covered.reason == "arm over the back" and covered.neutral is None
    vague = arch_from_dip(BackContour(0.09, 0.1, "blurry mask edge"), ref)
    assert vague.arch_deg is None and "blurry" in vague.reason


def test_the_flag_judges_the_arch_less_what_is_unknown_about_this_body():
    against_population = LumbarArch(
        18.0, 0.9, neutral="population", uncertainty_deg=8.0, neutral_uncertainty_deg=7.0
    )
    against_clip = LumbarArch(18.0, 0.9, neutral="clip", uncertainty_deg=4.0, neutral_uncertainty_deg=2.0)
    assert arch_to_flag(against_population) == pytest.approx(10.0)  # both between-body terms: < 14
    assert arch_to_flag(against_clip) == pytest.approx(16.0)  # over it
    assert arch_to_flag(LumbarArch(1.0, 0.9, neutral_uncertainty_deg=7.0)) == 0.0
    assert arch_to_flag(LumbarArch(None, 0.0, "arm over the back")) is None


def test_a_photos_range_is_the_population_reading_plus_minus_its_uncertainty():
    at_neutral = population_arch_range(BackContour(0.07, 0.9), UPRIGHT, MODEL)
    assert at_neutral.low_deg == 0.0 and at_neutral.high_deg == pytest.approx(4.5)
    arched = population_arch_range(BackContour(0.14, 0.9), UPRIGHT, MODEL)
    spread = np.hypot(4.5, 0.2 * 21.0)
    assert arched.low_deg == pytest.approx(21.0 - spread, abs=0.05)
    assert arched.high_deg == pytest.approx(21.0 + spread, abs=0.05)


def test_a_single_frame_glitch_is_removed_by_the_running_median():
    dips = [0.05] * 10 + [0.12] + [0.05] * 10
    smoothed = smooth_dips(backs(dips), times(21))
    assert smoothed[10].dip == pytest.approx(0.05)


def test_an_implausibly_hollow_edge_is_never_smoothed_into_a_value():
    """A shin in the contour (dip 0.3) stays an artefact: no arch, whatever its neighbours say."""
    dips = [0.05] * 10 + [0.3] + [0.05] * 10
    arches = estimate_clip_arch(backs(dips), times(21), model=MODEL)
    assert arches[10].arch_deg is None and "hollow" in arches[10].reason


def test_live_calibration_fixes_the_clip_rules_percentile_of_steady_frames_after_the_window():
    calibration = LiveNeutralCalibration(duration_s=2.0, model=MODEL)
    held = [0.06 + 0.002 * (i % 3) for i in range(int(2 * FPS))] + [0.062]
    for i, dip in enumerate(held[:-1]):
        assert calibration.update(BackContour(dip, 0.9), i / FPS, UPRIGHT) is None
    result = calibration.update(BackContour(held[-1], 0.9), 2.0, UPRIGHT)
    assert result.dip == pytest.approx(np.percentile(held, MODEL.reference_percentile))
    assert result.source == "calibration"
    assert result.uncertainty_deg >= MODEL.clip_reference_error_deg
    assert calibration.progress == 1.0


def test_live_calibration_restarts_when_the_user_moves():
    calibration = LiveNeutralCalibration(duration_s=2.0, model=MODEL)
    for i in range(20):
        calibration.update(BackContour(0.06, 0.9), i / FPS)
    calibration.update(BackContour(0.09, 0.9), 20 / FPS)  # arches mid-way: the window restarts here
    assert calibration.progress == 0.0
    for i in range(21, 21 + int(2 * FPS) + 1):
        calibration.update(BackContour(0.09, 0.9), i / FPS)
    assert calibration.reference.dip == pytest.approx(0.09)


def test_live_calibration_refuses_a_held_back_outside_the_plausible_neutral_band():
    calibration = LiveNeutralCalibration(duration_s=1.0, model=MODEL)
    for i in range(int(3 * FPS)):
        assert calibration.update(BackContour(0.14, 0.9), i / FPS, UPRIGHT) is None  # held, but arched


def test_live_calibration_ignores_unmeasurable_frames():
    calibration = LiveNeutralCalibration(duration_s=1.0, model=MODEL)
    for i in range(40):
        assert calibration.update(BackContour(None, 0.0, "arm over the back"), i / FPS) is None
    assert calibration.progress == 0.0
