"""Zero-phase and One-Euro smoothing: no lag offline, little lag live, jitter removed, gaps kept."""

from __future__ import annotations

import math

import numpy as np
import pytest

from formcheck.smoothing import (
    ANGLE_ONE_EURO,
    CausalPoseSmoother,
    CausalSeriesSmoother,
    OneEuroParams,
    ZeroPhaseParams,
    filtfilt,
    one_euro_series,
    zero_phase_series,
    zero_phase_smooth_track,
)
from formcheck.types import Pose, PoseFrame

FPS = 30.0
RNG = np.random.default_rng(7)


def test_zero_phase_puts_a_step_half_way_exactly_at_the_step():
    values = [0.0] * 60 + [10.0] * 60
    out = np.array(zero_phase_series(values, FPS, cutoff_hz=3.0))
    # forward-backward filtering is symmetric about the step: the mid-point straddles samples 59/60
    assert (out[59] + out[60]) / 2 == pytest.approx(5.0, abs=1e-6)
    assert out[:20] == pytest.approx(0.0, abs=1e-3) and out[-20:] == pytest.approx(10.0, abs=1e-3)


def test_zero_phase_keeps_a_one_hertz_movement_in_time_and_size():
    t = np.arange(300) / FPS
    clean = 20.0 * np.sin(2 * math.pi * 1.0 * t)
    out = np.array(zero_phase_series(list(clean + RNG.normal(0, 2.0, t.size)), FPS))
    inner = slice(30, 270)
    lag_samples = np.argmax(np.correlate(out[inner], clean[inner], "full")) - (clean[inner].size - 1)
    assert lag_samples == 0
    assert np.ptp(out[inner]) == pytest.approx(40.0, rel=0.1)
    assert np.std(out[inner] - clean[inner]) < 0.5 * 2.0  # jitter at least halved


def test_the_cutoff_frequency_passes_at_about_minus_three_decibels():
    t = np.arange(600) / FPS
    at_cutoff = np.sin(2 * math.pi * 4.0 * t)
    amplitude = np.max(np.abs(filtfilt(at_cutoff, FPS, 4.0)[100:-100]))
    assert amplitude == pytest.approx(1 / math.sqrt(2), abs=0.05)


def test_gaps_split_a_series_and_stay_none_without_smearing_the_two_sides():
    values = [5.0] * 30 + [None] * 3 + [50.0] * 30
    out = zero_phase_series(values, FPS)
    assert out[30:33] == [None, None, None]
    assert out[:30] == pytest.approx([5.0] * 30) and out[33:] == pytest.approx([50.0] * 30)


def test_one_euro_removes_jitter_while_still():
    noisy = list(10.0 + RNG.normal(0, 1.0, 300))
    out = np.array(one_euro_series(noisy, FPS, ANGLE_ONE_EURO))
    assert np.std(out[30:]) < 0.5 * np.std(noisy[30:])


def test_one_euro_lags_little_on_fast_motion_compared_with_a_fixed_low_pass():
    # a heel pull: 100 deg/s ramp; a fixed 1 Hz low-pass would lag by 1/(2*pi*1 Hz) = 159 ms
    ramp = [100.0 * i / FPS for i in range(60)]
    out = one_euro_series(ramp, FPS, ANGLE_ONE_EURO)
    lag_s = (ramp[-1] - out[-1]) / 100.0
    assert 0.0 < lag_s < 0.05


def test_one_euro_restarts_after_a_gap_instead_of_gliding_from_the_old_value():
    smoother = CausalSeriesSmoother(ANGLE_ONE_EURO)
    for i in range(30):
        smoother.update(0.0, i / FPS)
    assert smoother.update(None, 30 / FPS) is None
    assert smoother.update(90.0, 31 / FPS) == pytest.approx(90.0)


def pose_frames(n: int, *, jitter_px: float = 0.0, missing: set[int] = frozenset()) -> list[PoseFrame]:
    base = np.stack([np.linspace(100, 900, 33), np.linspace(200, 1200, 33)], axis=1)
    frames = []
    for i in range(n):
        pose = None
        if i not in missing:
            pose = Pose(
                landmarks_px=base + RNG.normal(0, jitter_px, base.shape) if jitter_px else base.copy(),
                visibility=np.full(33, 0.3 + 0.02 * (i % 5)),
                depth_px=np.linspace(-50, 50, 33),
                image_size=(1000, 1400),
            )
        frames.append(PoseFrame(index=i, timestamp_s=i / FPS, image_size=(1000, 1400), pose=pose))
    return frames, base


def test_track_smoothing_keeps_missing_poses_missing_and_visibility_untouched():
    frames, _ = pose_frames(60, jitter_px=3.0, missing={20, 21, 40})
    out = zero_phase_smooth_track(frames, FPS)
    assert [f.pose is None for f in out] == [f.pose is None for f in frames]
    for raw, smooth in zip(frames, out, strict=True):
        if raw.pose is not None:
            assert np.array_equal(smooth.pose.visibility, raw.pose.visibility)
            assert smooth.index == raw.index and smooth.timestamp_s == raw.timestamp_s


def test_track_smoothing_removes_landmark_jitter_and_keeps_a_still_pose_exact():
    frames, base = pose_frames(90, jitter_px=3.0)
    out = zero_phase_smooth_track(frames, FPS, ZeroPhaseParams(cutoff_hz=2.0))
    raw_err = np.std([f.pose.landmarks_px - base for f in frames])
    smooth_err = np.std([f.pose.landmarks_px - base for f in out])
    assert smooth_err < 0.5 * raw_err
    still, _ = pose_frames(20)
    for f in zero_phase_smooth_track(still, FPS):
        assert f.pose.landmarks_px == pytest.approx(base)


def test_a_jump_in_time_splits_the_track():
    frames, base = pose_frames(40)
    moved = [
        PoseFrame(
            f.index,
            f.timestamp_s + (5.0 if f.index >= 20 else 0.0),
            f.image_size,
            Pose(
                f.pose.landmarks_px + (100.0 if f.index >= 20 else 0.0),
                f.pose.visibility,
                f.pose.depth_px,
                f.pose.image_size,
            ),
        )
        for f in frames
    ]
    out = zero_phase_smooth_track(moved, FPS)
    assert out[19].pose.landmarks_px == pytest.approx(base)
    assert out[20].pose.landmarks_px == pytest.approx(base + 100.0)


def test_the_causal_pose_smoother_removes_jitter_and_resets_on_a_missing_pose():
    frames, base = pose_frames(90, jitter_px=3.0, missing={60})
    smoother = CausalPoseSmoother(FPS, OneEuroParams())
    out = [smoother.update(f) for f in frames]
    raw_err = np.std([f.pose.landmarks_px - base for f in frames[20:60]])
    smooth_err = np.std([f.pose.landmarks_px - base for f in out[20:60]])
    assert smooth_err < 0.6 * raw_err
    assert out[60].pose is None
    assert out[61].pose.landmarks_px == pytest.approx(frames[61].pose.landmarks_px)
