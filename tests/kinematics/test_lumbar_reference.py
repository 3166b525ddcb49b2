"""Lumbar arch from dip series: neutral reference (clip and live), gain, None when unmeasurable."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.kinematics.lumbar import (
    GAIN_DEG_PER_DIP,
    NEUTRAL_DIP_RANGE,
    LiveNeutralCalibration,
    NeutralReference,
    arch_from_dip,
    estimate_clip_arch,
    smooth_dips,
)
from formcheck.types import BackContour

FPS = 15.0


def backs(dips, confidence=0.8):
    return [None if d is None else BackContour(d, confidence) for d in dips]


def times(n):
    return list(np.arange(n) / FPS)


def test_the_clip_reference_is_the_neutral_set_up_not_the_arched_phase():
    dips = [0.05] * 60 + [0.09] * 60  # 4 s neutral set-up, then 4 s arched
    reference = NeutralReference.from_clip(backs(dips), times(len(dips)))
    assert reference.dip == pytest.approx(0.05)
    assert reference.source == "clip"


def test_arch_is_the_gain_times_the_dip_above_neutral():
    reference = NeutralReference(0.05, "clip")
    arch = arch_from_dip(BackContour(0.09, 0.8), reference)
    assert arch.arch_deg == pytest.approx(GAIN_DEG_PER_DIP * 0.04, abs=0.01)
    assert arch.confidence == 0.8


def test_a_back_flatter_than_neutral_reads_zero_arch_not_negative():
    assert arch_from_dip(BackContour(0.03, 0.8), NeutralReference(0.05, "clip")).arch_deg == 0.0


def test_a_clip_arched_throughout_falls_back_to_the_population_neutral_cap():
    dips = [0.15] * 100
    reference = NeutralReference.from_clip(backs(dips), times(100))
    assert reference.dip == NEUTRAL_DIP_RANGE[1]
    assert reference.source == "population"
    assert estimate_clip_arch(backs(dips), times(100))[50].arch_deg > 15.0


def test_unmeasurable_frames_stay_none_with_their_reason():
    reference = NeutralReference(0.05, "clip")
    assert arch_from_dip(None, reference).arch_deg is None
    covered = arch_from_dip(BackContour(None, 0.0, "arm over the back"), reference)
    assert covered.arch_deg is None and covered.reason == "arm over the back"
    vague = arch_from_dip(BackContour(0.09, 0.1, "blurry mask edge"), reference)
    assert vague.arch_deg is None and "blurry" in vague.reason


def test_without_enough_confident_frames_there_is_no_reference_and_no_arch():
    dips = [0.06] * 3 + [None] * 50
    assert NeutralReference.from_clip(backs(dips), times(53)) is None
    arches = estimate_clip_arch(backs(dips), times(53))
    assert all(a.arch_deg is None for a in arches)
    assert arches[0].reason == "no neutral reference yet"


def test_a_single_frame_glitch_is_removed_by_the_running_median():
    dips = [0.05] * 10 + [0.12] + [0.05] * 10
    smoothed = smooth_dips(backs(dips), times(21))
    assert smoothed[10].dip == pytest.approx(0.05)


def test_an_implausibly_hollow_edge_is_never_smoothed_into_a_value():
    """A shin in the contour (dip 0.3) stays an artefact: no arch, whatever its neighbours say."""
    dips = [0.05] * 10 + [0.3] + [0.05] * 10
    arches = estimate_clip_arch(backs(dips), times(21))
    assert arches[10].arch_deg is None and "hollow" in arches[10].reason
    assert arches[9].arch_deg == pytest.approx(0.0)


def test_live_calibration_fixes_the_median_of_steady_frames_after_the_window():
    calibration = LiveNeutralCalibration(duration_s=2.0)
    result = None
    for i in range(int(2 * FPS)):
        result = calibration.update(BackContour(0.06 + 0.002 * (i % 3), 0.9), i / FPS)
        assert result is None
    result = calibration.update(BackContour(0.062, 0.9), 2.0)
    assert result.dip == pytest.approx(0.062) and result.source == "calibration"
    assert calibration.progress == 1.0


def test_live_calibration_restarts_when_the_user_moves():
    calibration = LiveNeutralCalibration(duration_s=2.0)
    for i in range(20):
        calibration.update(BackContour(0.06, 0.9), i / FPS)
    calibration.update(BackContour(0.12, 0.9), 20 / FPS)  # arches mid-way: the window restarts here
    assert calibration.progress == 0.0
    for i in range(21, 21 + int(2 * FPS) + 1):
        calibration.update(BackContour(0.12, 0.9), i / FPS)
    assert calibration.reference.dip == pytest.approx(0.12)


def test_live_calibration_ignores_unmeasurable_frames():
    calibration = LiveNeutralCalibration(duration_s=1.0)
    for i in range(40):
        assert calibration.update(BackContour(None, 0.0, "arm over the back"), i / FPS) is None
    assert calibration.progress == 0.0
