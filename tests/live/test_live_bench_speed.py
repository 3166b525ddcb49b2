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


def test_both_overheads_and_the_latency_ratio_are_printed_against_the_bare_loop():
    figures = SpeedFigures("clip.mp4", 100, (640, 480), pose_only_ms=[30.0], full_frame_ms=31.5)
    figures.pose_only_cpu_ms, figures.full_cpu_ms = 40.0, 42.0  # drawn: +5 % CPU, +5 % wall
    figures.headless_cpu_ms, figures.headless_frame_ms = 40.8, 30.3  # headless: +2 % CPU, +1 % wall
    figures.pose_only_p95_ms, figures.latency_p95_ms = 36.0, 45.0
    wall, cpu = figures.headless_overhead_pct
    assert abs(wall - 1.0) < 1e-9 and abs(cpu - 2.0) < 1e-9
    assert figures.latency_vs_model == 1.25
    text = format_figures(figures)
    assert "overlay drawn:         5.0 % CPU time,   5.0 % wall time" in text
    assert "headless (no overlay):   2.0 % CPU time,   1.0 % wall time" in text
    assert "= 1.25 x the model's own p95" in text


def test_with_repeats_the_headless_overhead_is_the_median_of_its_own_pairs():
    figures = SpeedFigures("clip.mp4", 100, (640, 480), pose_only_ms=[40.0], full_frame_ms=42.0)
    figures.paired_headless_pct = [(1.0, 3.0), (-2.0, 4.0), (6.0, 2.5)]
    assert figures.headless_overhead_pct == (1.0, 3.0)
    assert "median of 3 paired runs; wall -2.0 to 6.0 %, CPU 2.5 to 4.0 %" in format_figures(figures)
