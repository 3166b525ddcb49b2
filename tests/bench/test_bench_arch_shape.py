"""The shape-based arch study: its geometry, its regression and its plumbing on synthetic profiles."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from formcheck.bench.arch_samples import read_profile_rows, track_profile_rows, write_profile_rows
from formcheck.bench.arch_shape import (
    LINE_T,
    bend_deg,
    edge_changes,
    fit_ridge,
    frame_features,
    relative_study,
    shape_residual,
)
from formcheck.kinematics.back_contour import N_LINES
from formcheck.types import BackContour


def test_ridge_recovers_a_known_linear_law():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3))
    y = 2.0 * x[:, 0] - 3.0 * x[:, 1] + 5.0
    model = fit_ridge(x, y, lam=1e-9)
    assert np.allclose(model(x), y, atol=1e-6)


def test_ridge_without_intercept_reads_zero_for_no_change():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 4)) + 3.0  # not centred: the fit must not centre it either
    y = x @ np.array([1.0, 0.5, 0.0, -2.0])
    model = fit_ridge(x, y, lam=1e-9, intercept=False)
    assert model(np.zeros((1, 4)))[0] == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(model(x), y, atol=1e-6)


def test_bend_is_the_angle_between_the_two_tangents():
    # upper back slopes away from the chord by 0.2 per chord length, the low back toward it by 0.3
    profile = np.where(LINE_T < 0.5, 0.3 + 0.2 * LINE_T, 0.4 - 0.3 * (LINE_T - 0.5))
    assert bend_deg(profile) == pytest.approx(math.degrees(math.atan(0.2) - math.atan(-0.3)), abs=1e-9)
    assert bend_deg(0.3 + 0.1 * LINE_T) == pytest.approx(0.0, abs=1e-9)  # a straight edge does not bend
    assert bend_deg(0.3 - 0.05 * HOLLOW) < 0  # a lumbar hollow between the two


def test_shape_residual_ignores_where_the_chord_lies():
    bump = np.exp(-(((LINE_T - 0.6) / 0.15) ** 2))
    assert np.allclose(shape_residual(0.25 + 0.07 * LINE_T), 0.0, atol=1e-12)
    assert np.allclose(shape_residual(bump), shape_residual(bump + 0.3 - 0.2 * LINE_T), atol=1e-12)


def _row(profile, *, dip=0.05, confidence=0.9, arch=0.0, family="f", clip="c", t=0.0, reported=0.0):
    return {
        "family": family,
        "clip": clip,
        "exercise": "split-squat",
        "yaw_deg": 0.0,
        "t": t,
        "dip": dip,
        "confidence": confidence,
        "trunk_inclination_deg": 5.0,
        "trunk_thigh_left_deg": 10.0,
        "trunk_thigh_right_deg": -20.0,
        "reported_arch_deg": reported,
        "reported_neutral": "clip",
        "true_arch_deg": arch,
        "body_lordosis_deg": 40.0,
        "profile": tuple(profile),
    }


def test_frames_the_shipped_estimator_would_not_read_have_no_features():
    straight = np.full(N_LINES, 0.3)
    assert frame_features(_row(straight, confidence=0.1), "shape") is None
    assert frame_features(_row(straight, dip=math.nan), "shape") is None
    sparse = straight.copy()
    sparse[::2] = math.nan  # half the lines without an edge
    assert frame_features(_row(sparse), "shape") is None
    assert frame_features(_row(straight), "dip").shape == (3,)
    assert frame_features(_row(straight), "shape+thigh")[-1] == pytest.approx(10.0 / 90.0)


HOLLOW = np.exp(-(((LINE_T - 0.7) / 0.12) ** 2))


def _clip(family: str, clip: str, neutral_hollow: float, per_deg: float) -> list[dict]:
    """6 s at 10 fps: neutral for 2 s, then an arch rising to 20 deg by 3 s and held. The edge's
    hollow deepens by ``per_deg`` chord lengths per degree; its neutral depth is the body's own."""
    rows = []
    for i in range(60):
        t = i / 10
        arch = float(np.clip((t - 2.0) * 20.0, 0.0, 20.0))
        hollow = neutral_hollow + per_deg * arch
        profile = 0.3 + 0.05 * LINE_T - hollow * HOLLOW
        dip = 0.03 + hollow
        rows.append(
            _row(profile, dip=dip, arch=arch, family=family, clip=clip, t=t, reported=631.6 * per_deg * arch)
        )
    return rows


def test_a_shape_change_proportional_to_the_arch_is_read_back_on_unseen_bodies():
    """Fitted on two families' true neutrals, read against the neutral the analyser's rule finds on a
    third family whose neutral hollow differs: the arch comes back (the hollow is the same shape, so
    the learned law carries over), and the shipped column is the rows' own reading."""
    fit = _clip("a", "a1", 0.02, 0.0015) + _clip("b", "b1", 0.04, 0.0015) + _clip("c", "c1", 0.03, 0.0015)
    bench = _clip("z", "z1", 0.05, 0.0015)
    comparisons = relative_study(fit, bench, "shape")
    as_fitted_bench = comparisons[0]
    assert as_fitted_bench.frames == len(bench)  # a neutral was found, every frame is compared
    assert as_fitted_bench.learned_mae < 1.0
    shipped_error = [abs(r["reported_arch_deg"] - r["true_arch_deg"]) for r in bench]
    assert as_fitted_bench.shipped_mae == pytest.approx(np.mean(shipped_error), abs=1e-9)
    assert as_fitted_bench.learned_arched_mae is not None and as_fitted_bench.learned_arched_mae < 1.5


def test_profile_rows_take_the_truth_from_the_truth_file_and_survive_a_round_trip(tmp_path):
    profile = tuple([math.nan] + [0.25] * (N_LINES - 1))  # 0.25: exact in float32
    packed = np.array(profile, dtype="<f4").tobytes()
    frame = SimpleNamespace(timestamp_s=0.1, back=BackContour(0.05, 0.8, profile=packed))
    leg = SimpleNamespace(trunk_thigh_deg=12.0)
    angles = SimpleNamespace(
        trunk_inclination_deg=3.0,
        left=leg,
        right=SimpleNamespace(trunk_thigh_deg=None),
        lumbar=SimpleNamespace(arch_deg=4.5, neutral="population"),
    )
    truth = {
        "clip": "x.mp4",
        "exercise": "couch-stretch",
        "camera": {"yaw_deg": -15.0},
        "body": {"family": "slim_woman", "lordosis_deg": 41.5},
        "frames": [{"lumbar_arch_deg": 7.25}],
    }
    rows = track_profile_rows(SimpleNamespace(frames=[frame]), [angles], truth, "x.mp4")
    # in memory as on disk: an unmeasured number is NaN (the study compares it), never None
    assert math.isnan(rows[0]["trunk_thigh_right_deg"]) and frame_features(rows[0], "shape") is not None
    path = tmp_path / "rows.csv.gz"
    write_profile_rows(rows, path)
    (back,) = read_profile_rows(path)
    assert back["family"] == "slim_woman" and back["exercise"] == "couch-stretch"
    assert back["true_arch_deg"] == 7.25 and back["body_lordosis_deg"] == 41.5 and back["yaw_deg"] == -15.0
    assert back["reported_arch_deg"] == 4.5 and back["reported_neutral"] == "population"
    assert math.isnan(back["trunk_thigh_right_deg"])
    assert math.isnan(back["profile"][0]) and back["profile"][1:] == profile[1:]


def test_the_edge_change_per_degree_is_the_hollow_it_was_drawn_with():
    """A clip whose hollow deepens by 0.0015 L per degree: the dip moves 0.0015 L per degree, the shape
    residual by that times the RMS of the hollow's own shape residual."""
    (change,) = edge_changes(_clip("a", "a1", 0.02, 0.0015))
    assert change.dip_per_deg == pytest.approx(0.0015, rel=1e-6)
    expected = 0.0015 * float(np.sqrt(np.mean(shape_residual(HOLLOW) ** 2)))
    assert change.shape_per_deg == pytest.approx(expected, rel=1e-6)
