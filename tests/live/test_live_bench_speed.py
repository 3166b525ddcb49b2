"""Pieces of `formcheck bench speed` that need no model: letterboxing and the figures' arithmetic."""

from __future__ import annotations

import numpy as np

from formcheck.bench.speed import SpeedFigures, format_figures, letterbox


def test_letterbox_centres_a_smaller_image_on_an_exact_640x480_canvas():
    image = np.full((480, 384, 3), 200, np.uint8)  # a portrait clip scaled to fit 480 high
    boxed = letterbox(image, (640, 480))
    assert boxed.shape == (480, 640, 3)
    assert (boxed[:, 128:512] == 200).all()
    assert (boxed[:, :128] == 0).all() and (boxed[:, 512:] == 0).all()


def test_overhead_is_the_extra_time_per_frame_over_pose_only():
    figures = SpeedFigures("clip.mp4", 100, (640, 480), pose_only_ms=[40.0, 40.0], full_frame_ms=42.0)
    figures.pose_only_cpu_ms, figures.full_cpu_ms = 50.0, 55.0
    assert figures.pose_only_fps == 25.0
    assert abs(figures.overhead_pct - 5.0) < 1e-9
    assert abs(figures.cpu_overhead_pct - 10.0) < 1e-9
    text = format_figures(figures)
    for needle in ("pose only", "full live pipeline", "p95", "overhead"):
        assert needle in text


def test_with_repeats_the_overhead_is_the_median_of_the_runs_own_pairs():
    # the best pose-only run and the best full run may come from different minutes: each run's
    # own pair is compared instead
    figures = SpeedFigures("clip.mp4", 100, (640, 480), pose_only_ms=[40.0], full_frame_ms=42.0)
    figures.paired_overheads_pct = [(2.0, 9.0), (12.0, 15.0), (4.0, 11.0)]
    assert figures.overhead_pct == 4.0 and figures.cpu_overhead_pct == 11.0
    text = format_figures(figures)
    assert "median of 3 paired runs; wall 2.0 to 12.0 %, CPU 9.0 to 15.0 %" in text
